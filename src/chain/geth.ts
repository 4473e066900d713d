import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { TierchainError } from '../common/errors.ts';

/**
 * go-ethereum as the reference multi-node network (`tierchain devnet`, the network tests): v1.13.15, the last release
 * with Clique proof-of-authority, built from the Go module proxy. This file finds the binary and runs one node.
 */

export const GETH_VERSION = '1.13.15';
/** How to build it (Go >= 1.23 needs the link-name check off for that release). */
export const GETH_INSTALL = `go install -ldflags=-checklinkname=0 github.com/ethereum/go-ethereum/cmd/geth@v${GETH_VERSION}`;

export interface GethBinary {
  path: string;
  version: string;
}

/**
 * geth on PATH, checked to be a 1.13 release (1.14 dropped Clique). Throws `geth_not_found` or `geth_unsupported`
 * saying how to get the right one.
 */
export function findGeth(env: NodeJS.ProcessEnv = process.env): GethBinary {
  const path = onPath('geth', env.PATH ?? '');
  const howTo = `build it with: ${GETH_INSTALL}   (then put $(go env GOPATH)/bin on PATH)`;
  if (!path) throw new TierchainError('geth_not_found', `geth (go-ethereum v${GETH_VERSION}) is not on PATH; ${howTo}`);
  const run = spawnSync(path, ['version'], { encoding: 'utf8', timeout: 20_000 });
  const version = /^Version: (\S+)/m.exec(run.stdout ?? '')?.[1];
  if (!version) {
    throw new TierchainError('geth_not_found', `${path} version did not say its version (${(run.stderr || run.error?.message || '').trim().split('\n')[0]}); ${howTo}`);
  }
  if (!version.startsWith('1.13.')) {
    throw new TierchainError('geth_unsupported', `${path} is geth ${version}; the devnet needs v${GETH_VERSION} (Clique proof-of-authority, gone since 1.14); ${howTo}`);
  }
  return { path, version };
}

function onPath(name: string, pathVariable: string): string | undefined {
  for (const dir of pathVariable.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

export interface StartGethNodeParameters {
  geth: string;
  /** The node's data directory, initialised with the genesis (`geth init`) and holding the signer's keystore. */
  dataDir: string;
  /** TOML with the P2P settings (listen address on 127.0.0.1, static peers, no discovery). */
  configFile: string;
  networkId: number;
  rpcPort: number;
  /** The engine API's port (geth always opens it); on 127.0.0.1. */
  authPort: number;
  /** The Clique signer whose key is in the keystore, unlocked with `passwordFile`; it seals once `miner_start` is called. */
  signer: string;
  passwordFile: string;
  /** geth's log (appended). */
  logFile: string;
}

export interface GethNode {
  rpcUrl: string;
  pid: number;
  /** Resolves when the process has exited. */
  exited: Promise<void>;
  /** How it exited (null while it runs, or when it was killed by a signal / by one). */
  exitCode(): number | null;
  exitSignal(): string | null;
  /** SIGTERM (geth writes its state and exits), SIGKILL after 30 s. Idempotent. */
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';
const READY_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 30_000;

const liveChildren = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Starts one geth node with JSON-RPC on 127.0.0.1 and waits until it answers `eth_chainId`. */
export async function startGethNode(p: StartGethNodeParameters): Promise<GethNode> {
  const args = [
    '--config', p.configFile,
    '--datadir', p.dataDir,
    '--networkid', String(p.networkId),
    '--nat', 'none',
    '--ipcdisable',
    '--http', '--http.addr', HOST, '--http.port', String(p.rpcPort),
    // admin, miner and clique for the launcher (sealing starts once a node has caught up) and the tests (network
    // splits, who sealed a block), debug and admin for the launcher's stall resolver (debug_setHead, debug_getRawBlock, admin_importChain: src/chain/cliqueStalls.ts);
    // the platform itself asks only for eth_, net_ and web3_ methods.
    '--http.api', 'eth,net,web3,txpool,admin,miner,clique,debug',
    '--authrpc.addr', HOST, '--authrpc.port', String(p.authPort),
    '--syncmode', 'full',
    '--state.scheme', 'hash',
    // Every block's state kept: a node stopped with SIGKILL restarts with nothing to re-execute, and eth_call works at
    // any block (the transaction manager replays reverted transactions at theirs).
    '--gcmode', 'archive',
    '--miner.etherbase', p.signer,
    '--unlock', p.signer, '--password', p.passwordFile, '--allow-insecure-unlock',
    // A consortium chain's gas has no market: any tip is mined, and a burst of one signer's transactions is kept.
    '--miner.gasprice', '1',
    '--txpool.accountslots', '1024', '--txpool.accountqueue', '1024', '--txpool.globalslots', '20000',
    '--verbosity', '3',
  ];
  const logFd = openSync(p.logFile, 'a', 0o600);
  let child: ChildProcess;
  try {
    child = spawn(p.geth, args, { stdio: ['ignore', logFd, logFd], windowsHide: true });
  } finally {
    closeSync(logFd);
  }
  let exitInfo: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  let spawnError: Error | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('error', (error) => {
      spawnError = error;
      if (child.pid === undefined) {
        exitInfo = { code: null, signal: null };
        resolve();
      }
    });
    child.once('exit', (code, signal) => {
      exitInfo = { code, signal };
      liveChildren.delete(child);
      resolve();
    });
  });
  if (child.pid !== undefined) {
    liveChildren.add(child);
    if (!exitHookInstalled) {
      exitHookInstalled = true;
      process.once('exit', () => {
        for (const c of liveChildren) c.kill('SIGTERM');
      });
    }
  }

  const rpcUrl = `http://${HOST}:${p.rpcPort}`;
  const failure = (how: string) =>
    new TierchainError('geth_start_failed', `geth (${p.dataDir}) ${how}\n--- the end of ${p.logFile} ---\n${tail(p.logFile)}`, {
      details: { rpcUrl, logFile: p.logFile },
    });
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (exitInfo) throw failure(spawnError ? `could not run: ${spawnError.message}` : `exited at start (code ${exitInfo.code}, signal ${exitInfo.signal})`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      await exited;
      throw failure(`did not answer on ${rpcUrl} within ${READY_TIMEOUT_MS / 1000} s`);
    }
    if (await answers(rpcUrl)) break;
    await Promise.race([exited, new Promise((r) => setTimeout(r, 200))]);
  }

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      if (exitInfo) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => {
        if (!exitInfo) child.kill('SIGKILL');
      }, STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    })());
  return { rpcUrl, pid: child.pid!, exited, stop, exitCode: () => exitInfo?.code ?? null, exitSignal: () => exitInfo?.signal ?? null };
}

async function answers(rpcUrl: string): Promise<boolean> {
  try {
    const response = await fetch(rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
      signal: AbortSignal.timeout(2_000),
    });
    return response.ok && typeof ((await response.json()) as { result?: unknown }).result === 'string';
  } catch {
    return false;
  }
}

/** The last lines of a log file (from its last 16 KiB), for an error message. */
export function tail(file: string, lines = 25): string {
  if (!existsSync(file)) return '(no log)';
  const size = statSync(file).size;
  const length = Math.min(size, 16_384);
  const buffer = Buffer.alloc(length);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, buffer, 0, length, size - length);
  } finally {
    closeSync(fd);
  }
  return buffer.toString('utf8').split('\n').slice(-lines - 1).join('\n').trim();
}
