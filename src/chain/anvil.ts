import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { TierchainError } from '../common/errors.ts';
import { ensurePrivateDir, makePrivate } from '../common/privateFiles.ts';
import { getFreePort, isPortFree } from './freePort.ts';
import { claimStateFile, isAlive, removeChainPidFile, stopProcess, writeChainPidFile } from './chainOwnership.ts';

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
  /** Receives what the launcher itself does, e.g. stopping a chain a dead platform left running on the state file. */
  onNotice?: (message: string) => void;
  /**
   * Keep at most this many past states, in memory only (`--prune-history`): for a chain that only ever reads its
   * head, such as the scale bench's (a full history of a million events is tens of gigabytes of state snapshots).
   */
  pruneHistory?: number;
}

export interface AnvilInstance {
  rpcUrl: string;
  port: number;
  /** anvil's own pid (not its watchdog's). */
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

/** anvils still running, so they get a SIGTERM (and dump their state) if this process exits. */
const liveChains = new Set<{ pid: () => number | undefined }>();
let exitHookInstalled = false;
function track(chain: { pid: () => number | undefined }): void {
  liveChains.add(chain);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const c of liveChains) {
        const pid = c.pid();
        if (pid !== undefined) {
          try {
            process.kill(pid, 'SIGTERM');
          } catch {
            // already gone
          }
        }
      }
    });
  }
}

/**
 * The embedded chain's watchdog: a shell that starts anvil (`"$@"`), reports its pid on fd 3, and stops it (SIGTERM,
 * so it dumps its state) when its own stdin reaches end of file, which happens when the platform closes it or dies,
 * kill -9 included: the kernel closes the pipe then. It exits with anvil's status when anvil exits on its own.
 */
const WATCHDOG = [
  // A background command's stdin is /dev/null: the pipe is kept as fd 4 for the watcher.
  'exec 4<&0',
  '"$@" 3>&- 4<&- &',
  'child=$!',
  'echo "$child" >&3',
  'exec 3>&-',
  '( read -r _line <&4; kill -TERM "$child" 2>/dev/null ) &',
  'watcher=$!',
  'exec 4<&-',
  'trap \'kill -TERM "$child" 2>/dev/null\' INT TERM',
  'status=0',
  'while kill -0 "$child" 2>/dev/null; do wait "$child"; status=$?; done',
  'kill "$watcher" 2>/dev/null',
  'exit "$status"',
].join('\n');
/** Where a shell is, for the watchdog; Windows runs anvil directly (a crash there leaves it to the next start). */
const WATCHDOG_SHELL = process.platform === 'win32' ? null : '/bin/sh';

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
  // anvil writes snapshots of past states to disk (by default under ~/.foundry/anvil/tmp, where every anvil ever
  // stopped leaves them: tens of gigabytes after the scale bench). They go to a private temporary directory of this
  // anvil's own, removed when it exits; the chain itself is in the state file.
  const cacheDir = mkdtempSync(join(tmpdir(), 'tierchain-anvil-history-'));
  args.push('--cache-path', cacheDir);
  if (p.pruneHistory !== undefined) args.push('--prune-history', String(p.pruneHistory));

  const binary = resolveAnvilBinary();
  // Two chains on one state file would overwrite each other's dumps: stop what a dead platform left running on it.
  if (stateFile !== undefined) await claimStateFile(stateFile, p.onNotice);
  const child = WATCHDOG_SHELL
    ? spawn(WATCHDOG_SHELL, ['-c', WATCHDOG, 'tierchain-anvil-watchdog', binary, ...args], { stdio: ['pipe', 'pipe', 'pipe', 'pipe'] })
    : spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
  // anvil's pid: reported by the watchdog on fd 3 (the child itself when there is none).
  let anvilPid: number | undefined = WATCHDOG_SHELL ? undefined : child.pid;
  const reportedPid = WATCHDOG_SHELL
    ? new Promise<number | undefined>((resolvePid) => {
        let text = '';
        const fd3 = child.stdio[3] as NodeJS.ReadableStream | null;
        fd3?.setEncoding('utf8');
        fd3?.on('data', (chunk: string) => (text += chunk));
        fd3?.on('end', () => {
          const pid = Number.parseInt(text, 10);
          resolvePid(Number.isInteger(pid) && pid > 0 ? pid : undefined);
        });
        fd3?.on('error', () => resolvePid(undefined));
        if (!fd3) resolvePid(undefined);
      })
    : Promise.resolve(child.pid);
  void reportedPid.then((pid) => {
    anvilPid = pid;
    if (pid !== undefined && stateFile !== undefined && !exitInfo) writeChainPidFile(stateFile, { pid, owner: process.pid });
  });

  const stderrTail: string[] = [];
  const log = p.log;
  createInterface({ input: child.stdout! }).on('line', (line) => log?.(line));
  createInterface({ input: child.stderr! }).on('line', (line) => {
    stderrTail.push(line);
    if (stderrTail.length > STDERR_TAIL_LINES) stderrTail.shift();
    log?.(line);
  });

  let exitInfo: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const tracked = { pid: () => (exitInfo ? undefined : anvilPid) };
  let spawnError: Error | undefined;
  const exited = new Promise<void>((resolveExit) => {
    child.once('error', (error) => {
      spawnError = error;
      // 'exit' may not follow a failed spawn.
      if (child.pid === undefined) {
        rmSync(cacheDir, { recursive: true, force: true });
        exitInfo = { code: null, signal: null };
        resolveExit();
      }
    });
    child.once('exit', (code, signal) => {
      exitInfo = { code, signal };
      liveChains.delete(tracked);
      rmSync(cacheDir, { recursive: true, force: true });
      if (anvilPid !== undefined && stateFile !== undefined) removeChainPidFile(stateFile, anvilPid);
      // Let the readline interfaces flush the last stderr lines before anyone reads the tail.
      setImmediate(resolveExit);
    });
  });
  if (child.pid !== undefined) track(tracked);

  const rpcUrl = `http://${HOST}:${port}`;
  const describeExit = (): string => {
    const how = spawnError
      ? `failed to run ${binary}: ${spawnError.message}`
      : `anvil exited early (code ${exitInfo?.code ?? 'none'}, signal ${exitInfo?.signal ?? 'none'})`;
    const tail = stderrTail.join('\n').trim();
    return tail ? `${how}\n--- anvil stderr ---\n${tail}` : how;
  };

  const signalChain = (signal: NodeJS.Signals) => {
    if (anvilPid !== undefined && anvilPid !== child.pid) {
      try {
        process.kill(anvilPid, signal);
      } catch {
        // already gone
      }
    }
    child.kill(signal);
  };
  const forceStop = async (): Promise<void> => {
    if (exitInfo) return;
    signalChain('SIGKILL');
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

  const pid = await reportedPid;
  if (pid === undefined) {
    await forceStop();
    throw new TierchainError('anvil_start_failed', `the watchdog of anvil on ${rpcUrl} did not report anvil's pid`);
  }

  // The watchdog exits with anvil; should it die alone (killed by hand), anvil is stopped by its pid.
  const stopOrphan = async () => {
    if (anvilPid !== child.pid && isAlive(pid)) await stopProcess(pid, STOP_GRACE_MS);
  };
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (exitInfo) return stopOrphan();
      // anvil dumps its state on SIGTERM; the watchdog, its stdin closed, sends one too and exits with anvil.
      if (anvilPid !== undefined && anvilPid !== child.pid) {
        try {
          process.kill(anvilPid, 'SIGTERM');
        } catch {
          // already gone
        }
        child.stdin?.end();
      } else {
        child.kill('SIGTERM');
      }
      let timer: NodeJS.Timeout | undefined;
      const killed = new Promise<void>((r) => {
        timer = setTimeout(() => {
          if (!exitInfo) {
            log?.(`anvil (pid ${anvilPid}) did not exit within ${STOP_GRACE_MS / 1000} s of SIGTERM; sending SIGKILL`);
            signalChain('SIGKILL');
          }
          r();
        }, STOP_GRACE_MS);
      });
      await Promise.race([exited, killed]);
      clearTimeout(timer);
      await exited;
      await stopOrphan();
      // anvil writes its state with the default mode; the ledger is the operator's alone.
      if (stateFile !== undefined) makePrivate(stateFile);
    })();
    return stopping;
  };

  return { rpcUrl, port, pid, chainId, stop };
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
