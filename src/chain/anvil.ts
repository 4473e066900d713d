import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { TierchainError } from '../common/errors.ts';
import { ensurePrivateDir, makePrivate } from '../common/privateFiles.ts';
import { getFreePort, isPortFree } from './freePort.ts';

/** Embedded EVM node: the pinned anvil binary from `@foundry-rs/anvil-<platform>-<arch>`. */

export interface StartAnvilParameters {
  /** 0 or undefined = pick a free port. */
  port?: number;
  /**
   * Persisted chain state: anvil is started with `--state <file> --state-interval 5`, so a
   * crash loses at most a few seconds and a clean stop dumps everything. When the file
   * exists the chain resumes from it (block numbers and hashes are kept).
   * Undefined = in-memory chain.
   */
  stateFile?: string;
  /** Default 31337. */
  chainId?: number;
  /** The EVM rules to run (`--hardfork`, e.g. `paris`); default: anvil's latest. */
  hardfork?: string;
  /** Interval mining in seconds; undefined = automine (one block per transaction). */
  blockTime?: number;
  /** Receives anvil's stdout/stderr lines. When absent anvil runs with `--silent`. */
  log?: (line: string) => void;
}

export interface AnvilInstance {
  rpcUrl: string;
  port: number;
  pid: number;
  chainId: number;
  /** SIGTERM, then waits for the exit so the state is dumped; SIGKILL after 10 s. Idempotent. */
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';
const READY_TIMEOUT_MS = 20_000;
const STOP_GRACE_MS = 10_000;
const STATE_INTERVAL_SECONDS = 5;
const STDERR_TAIL_LINES = 30;

const PLATFORMS: Partial<Record<NodeJS.Platform, string>> = { linux: 'linux', darwin: 'darwin', win32: 'win32' };
const ARCHS: Partial<Record<string, string>> = { x64: 'amd64', arm64: 'arm64' };

/**
 * Path of the anvil binary shipped in the platform package. Resolved directly (npm does
 * not run the wrapper package's postinstall here, so its `bin.mjs` cannot be relied on).
 */
export function resolveAnvilBinary(): string {
  const platform = PLATFORMS[process.platform];
  const arch = ARCHS[process.arch];
  if (platform === undefined || arch === undefined) {
    throw new TierchainError(
      'anvil_unsupported_platform',
      `no anvil binary for ${process.platform}/${process.arch}; set TIERCHAIN_RPC_URL to use an external EVM node`,
    );
  }
  const pkg = `@foundry-rs/anvil-${platform}-${arch}`;
  let packageJson: string;
  try {
    packageJson = createRequire(import.meta.url).resolve(`${pkg}/package.json`);
  } catch (cause) {
    throw new TierchainError('anvil_not_installed', `${pkg} is not installed (run npm install)`, { cause });
  }
  return join(dirname(packageJson), 'bin', process.platform === 'win32' ? 'anvil.exe' : 'anvil');
}

/** Children still running, so they get a SIGTERM (and dump their state) if this process exits. */
const liveChildren = new Set<ChildProcess>();
let exitHookInstalled = false;
function track(child: ChildProcess): void {
  liveChildren.add(child);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const c of liveChildren) c.kill('SIGTERM');
    });
  }
}

export async function startAnvil(p: StartAnvilParameters = {}): Promise<AnvilInstance> {
  const chainId = p.chainId ?? 31337;
  if (!Number.isSafeInteger(chainId) || chainId <= 0) throw new TierchainError('anvil_bad_parameter', `chainId must be a positive integer, got ${chainId}`);
  if (p.blockTime !== undefined && !(Number.isFinite(p.blockTime) && p.blockTime > 0)) {
    throw new TierchainError('anvil_bad_parameter', `blockTime must be a positive number of seconds, got ${p.blockTime}`);
  }
  if (p.port !== undefined && !(Number.isInteger(p.port) && p.port >= 0 && p.port <= 65535)) {
    throw new TierchainError('anvil_bad_parameter', `port must be an integer in 0..65535, got ${p.port}`);
  }

  let port: number;
  if (!p.port) {
    port = await getFreePort(HOST);
  } else {
    port = p.port;
    // Fail fast: otherwise the readiness probe could be answered by whoever already holds the port.
    if (!(await isPortFree(port, HOST))) {
      throw new TierchainError('anvil_start_failed', `cannot start anvil: ${HOST}:${port} is already in use`, {
        details: { port },
      });
    }
  }

  const args = ['--host', HOST, '--port', String(port), '--chain-id', String(chainId)];
  if (p.hardfork) args.push('--hardfork', p.hardfork);
  const stateFile = p.stateFile === undefined ? undefined : resolve(p.stateFile);
  if (stateFile !== undefined) {
    ensurePrivateDir(dirname(stateFile));
    args.push('--state', stateFile, '--state-interval', String(STATE_INTERVAL_SECONDS));
  }
  if (p.blockTime !== undefined) args.push('--block-time', String(p.blockTime));
  if (p.log === undefined) args.push('--silent');

  const binary = resolveAnvilBinary();
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });

  const stderrTail: string[] = [];
  const log = p.log;
  createInterface({ input: child.stdout! }).on('line', (line) => log?.(line));
  createInterface({ input: child.stderr! }).on('line', (line) => {
    stderrTail.push(line);
    if (stderrTail.length > STDERR_TAIL_LINES) stderrTail.shift();
    log?.(line);
  });

  let exitInfo: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  let spawnError: Error | undefined;
  const exited = new Promise<void>((resolveExit) => {
    child.once('error', (error) => {
      spawnError = error;
      // 'exit' may not follow a failed spawn.
      if (child.pid === undefined) {
        exitInfo = { code: null, signal: null };
        resolveExit();
      }
    });
    child.once('exit', (code, signal) => {
      exitInfo = { code, signal };
      liveChildren.delete(child);
      // Let the readline interfaces flush the last stderr lines before anyone reads the tail.
      setImmediate(resolveExit);
    });
  });
  if (child.pid !== undefined) track(child);

  const rpcUrl = `http://${HOST}:${port}`;
  const describeExit = (): string => {
    const how = spawnError
      ? `failed to run ${binary}: ${spawnError.message}`
      : `anvil exited early (code ${exitInfo?.code ?? 'none'}, signal ${exitInfo?.signal ?? 'none'})`;
    const tail = stderrTail.join('\n').trim();
    return tail ? `${how}\n--- anvil stderr ---\n${tail}` : how;
  };

  const forceStop = async (): Promise<void> => {
    if (exitInfo) return;
    child.kill('SIGKILL');
    await exited;
  };

  // Wait until eth_chainId answers, or anvil exits, or the timeout passes.
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let answeredChainId: number | undefined;
  let lastProbeError: unknown;
  while (answeredChainId === undefined) {
    if (exitInfo) {
      throw new TierchainError('anvil_start_failed', `cannot start anvil on ${rpcUrl}: ${describeExit()}`, {
        details: { port, stderr: stderrTail.join('\n') },
      });
    }
    if (Date.now() > deadline) {
      await forceStop();
      const tail = stderrTail.join('\n').trim();
      throw new TierchainError(
        'anvil_start_failed',
        `anvil on ${rpcUrl} did not answer eth_chainId within ${READY_TIMEOUT_MS / 1000} s` +
          ` (last error: ${lastProbeError instanceof Error ? lastProbeError.message : String(lastProbeError)})` +
          (tail ? `\n--- anvil stderr ---\n${tail}` : ''),
        { details: { port, stderr: stderrTail.join('\n') } },
      );
    }
    try {
      answeredChainId = await probeChainId(rpcUrl);
    } catch (error) {
      lastProbeError = error;
      await Promise.race([exited, sleep(100)]);
    }
  }
  if (exitInfo) {
    // Something else answered on that port while our anvil died.
    throw new TierchainError('anvil_start_failed', `cannot start anvil on ${rpcUrl}: ${describeExit()}`, {
      details: { port, stderr: stderrTail.join('\n') },
    });
  }
  if (answeredChainId !== chainId) {
    await forceStop();
    throw new TierchainError('anvil_start_failed', `anvil on ${rpcUrl} reports chain id ${answeredChainId}, expected ${chainId}`);
  }

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (exitInfo) return;
      child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const killed = new Promise<void>((r) => {
        timer = setTimeout(() => {
          if (!exitInfo) {
            log?.(`anvil (pid ${child.pid}) did not exit within ${STOP_GRACE_MS / 1000} s of SIGTERM; sending SIGKILL`);
            child.kill('SIGKILL');
          }
          r();
        }, STOP_GRACE_MS);
      });
      await Promise.race([exited, killed]);
      clearTimeout(timer);
      await exited;
      // anvil writes its state with the default mode; the ledger is the operator's alone.
      if (stateFile !== undefined) makePrivate(stateFile);
    })();
    return stopping;
  };

  return { rpcUrl, port, pid: child.pid!, chainId, stop };
}

async function probeChainId(rpcUrl: string): Promise<number> {
  const response = await fetch(rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
    signal: AbortSignal.timeout(2_000),
  });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const body = (await response.json()) as { result?: unknown; error?: { message?: string } };
  if (typeof body.result !== 'string') throw new Error(body.error?.message ?? 'eth_chainId returned no result');
  return Number.parseInt(body.result, 16);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
