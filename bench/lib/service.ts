import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { PLATFORM_NODE_FLAGS } from '../../src/cli/nodeFlags.ts';

/**
 * `tierchain start` as a real child process, for the fault runs: its own process group (node, anvil's watchdog and
 * anvil), so that a "power cut" kills all of them at the same instant, and the platform alone can be killed too.
 * Everything listens on 127.0.0.1 and on free ports.
 */
export interface ServiceProcess {
  /** The node process running `tierchain start`. */
  pid: number;
  /** The embedded anvil's pid (from the banner); null on an external chain (TIERCHAIN_RPC_URL). */
  anvilPid: number | null;
  url: string;
  rpcUrl: string;
  /** The operator's API key; null when the data directory does not keep it (another instance created the operator). */
  apiKey: string | null;
  /** The instance id from the banner (the holder named in its leases). */
  instance: string | null;
  /** The deployed contracts by name, from the banner. */
  contracts: Record<string, string>;
  stderr(): string;
  /** SIGTERM and wait for the exit (SIGKILL of the process group after `graceMs`). */
  stop(graceMs?: number): Promise<void>;
  /** kill -9 of the platform's node process only; resolves once it has exited. */
  killPlatform(): Promise<void>;
  /** kill -9 of the whole process group at once (platform, watchdog, anvil): a power cut or an OOM kill of the service. */
  killAll(): Promise<void>;
}

const ROOT = new URL('../../', import.meta.url).pathname;
const BIN = join(ROOT, 'bin', 'tierchain.mjs');
const BANNER_END = 'Press Ctrl-C to stop.';

/** The environment without the Tierchain settings of whoever runs this, nor the test runner's. */
function serviceEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('TIERCHAIN_') || k === 'DATABASE_URL' || k === 'NODE_TEST_CONTEXT') continue;
    env[k] = v;
  }
  return { ...env, TIERCHAIN_HOST: '127.0.0.1', TIERCHAIN_PORT: '0', TIERCHAIN_CHAIN_PORT: '0', ...extra };
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Resolves true once `pid` no longer runs, false after `ms`. */
export async function waitUntilGone(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 25));
  }
  return true;
}

/** Starts `tierchain start` on `dataDir` and resolves once its banner is printed. */
export async function startService(p: { dataDir: string; env?: Record<string, string>; startTimeoutMs?: number }): Promise<ServiceProcess> {
  const child: ChildProcess = spawn(process.execPath, [...PLATFORM_NODE_FLAGS, BIN, 'start'], {
    cwd: ROOT,
    env: serviceEnv({ TIERCHAIN_DATA_DIR: p.dataDir, ...p.env }),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const pid = child.pid!;
  const group = () => {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // the group is gone
    }
  };

  const deadline = Date.now() + (p.startTimeoutMs ?? 120_000);
  while (!stdout.includes(BANNER_END)) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`tierchain start exited (${child.exitCode ?? child.signalCode}) before its banner:\n${stderr}`);
    if (Date.now() > deadline) {
      group();
      throw new Error(`tierchain start printed no banner within ${(p.startTimeoutMs ?? 120_000) / 1000} s:\n${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const url = /API docs\s+(\S+)\/docs/.exec(stdout)?.[1];
  const apiKey = /Operator API key\s+(tck_\S+)/.exec(stdout)?.[1] ?? null;
  const chain = /Chain\s+(http:\/\/\S+), chain id \d+(?: \(embedded anvil, pid (\d+)\))?/.exec(stdout);
  if (!url || !chain) {
    group();
    throw new Error(`unexpected banner:\n${stdout}`);
  }
  const anvilPid = chain[2] ? Number(chain[2]) : null;
  const instance = /Instance\s+([0-9a-f-]{36})/.exec(stdout)?.[1] ?? null;
  const contracts: Record<string, string> = {};
  for (const m of stdout.matchAll(/(0x[0-9a-f]{40}) {2}([A-Za-z]+(?:, [A-Za-z]+)*)$/gm)) for (const name of m[2]!.split(', ')) contracts[name] = m[1]!;

  return {
    pid,
    anvilPid,
    url,
    rpcUrl: chain[1]!,
    apiKey,
    instance,
    contracts,
    stderr: () => stderr,
    async stop(graceMs = 60_000) {
      if (!isAlive(pid)) return;
      process.kill(pid, 'SIGTERM');
      const timer = setTimeout(group, graceMs);
      await exited;
      clearTimeout(timer);
      if (anvilPid !== null) await waitUntilGone(anvilPid, 15_000);
    },
    async killPlatform() {
      process.kill(pid, 'SIGKILL');
      await exited;
    },
    async killAll() {
      group();
      await exited;
      if (anvilPid !== null) await waitUntilGone(anvilPid, 5_000);
    },
  };
}
