import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getAddress, type Address } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { TierchainError } from '../common/errors.ts';
import { ensurePrivateDir } from '../common/privateFiles.ts';
import { getFreePort, isPortFree } from './freePort.ts';
import { findGeth, startGethNode, type GethBinary, type GethNode } from './geth.ts';
import { watchCliqueStalls } from './cliqueStalls.ts';

/**
 * A local consortium network: N go-ethereum nodes, each a Clique signer, on 127.0.0.1, peered with each other
 * (static peers, no discovery), kept in a directory (`<data dir>/devnet` for `tierchain devnet`). The first start
 * creates the keys and the genesis; later starts continue the same chain.
 */

export const DEVNET_CHAIN_ID = 4242;
export const DEVNET_SIGNERS = 3;
/** Clique's block period, in seconds. */
export const DEVNET_PERIOD = 1;
/**
 * TIERCHAIN_CONFIRMATIONS for a Clique network of `signers`: 2⌊n/2⌋ + 1 (docs/operations.md). A signer may seal only
 * one of any ⌊n/2⌋ + 1 consecutive blocks, so a minority of the signers, cut off from the others, builds at most
 * ⌊n/2⌋ blocks (of difficulty 2 at most) and cannot confirm a block that deep; and a block that deep on the
 * majority's side has a branch of difficulty ≥ 2⌊n/2⌋ + 1 since any fork, heavier than anything a minority builds.
 */
export function cliqueConfirmations(signers: number): number {
  return 2 * Math.floor(signers / 2) + 1;
}

/** What each funded account holds at genesis: 10^9 of the native currency. */
const FUNDING = 10n ** 27n;

export interface StartDevnetParameters {
  dir: string;
  /** Default: geth on PATH (`findGeth`). */
  geth?: GethBinary;
  /** Signers, at creation (default 3); a devnet made with another number is refused. */
  signers?: number;
  /** At creation (default 4242). */
  chainId?: number;
  /** Accounts given funds in the genesis, at creation; later starts refuse an address the genesis did not fund. */
  fund?: readonly Address[];
  /** The first node's JSON-RPC port, the next nodes the ports after it; 0 (default) = free ports. */
  rpcPort?: number;
  onProgress?: (detail: string) => void;
  /** A node's geth exited without being asked to (it crashed, or was killed from outside). */
  onNodeExit?: (node: { index: number; code: number | null; signal: string | null; logFile: string }) => void;
}

export interface DevnetNode {
  /** 1-based, as printed. */
  index: number;
  signer: Address;
  rpcUrl: string;
  /** The geth process, while it runs. */
  pid(): number | null;
  /** Stops the node (SIGTERM: geth writes its state and exits). */
  stop(): Promise<void>;
  /** Starts it again on the same ports; it seals again once it has caught up with the nodes that run. */
  start(): Promise<void>;
}

export interface Devnet {
  dir: string;
  chainId: number;
  gethVersion: string;
  nodes: DevnetNode[];
  /** Every node's JSON-RPC URL, for TIERCHAIN_RPC_URL. */
  rpcUrls: string[];
  /** Accounts funded in the genesis. */
  funded: Address[];
  /** True when this start created the network. */
  created: boolean;
  stop(): Promise<void>;
}

interface DevnetRecord {
  chainId: number;
  period: number;
  signers: Address[];
  /** Each node's p2p identity: its public key without the 04 prefix. */
  enodeIds: string[];
  funded: Address[];
  createdWith: string;
}

const RECORD = 'devnet.json';
const nodeDir = (dir: string, i: number) => join(dir, `node-${i + 1}`);

/** Creates the network on its first start, then starts every node, peers them, and starts sealing. */
export async function startDevnet(p: StartDevnetParameters): Promise<Devnet> {
  const geth = p.geth ?? findGeth();
  const progress = p.onProgress ?? (() => {});
  ensurePrivateDir(p.dir);
  let record = loadRecord(p.dir);
  const created = record === null;
  if (record === null) {
    progress(`creating a network of ${p.signers ?? DEVNET_SIGNERS} signers in ${p.dir}`);
    record = createDevnet(p.dir, geth, { signers: p.signers ?? DEVNET_SIGNERS, chainId: p.chainId ?? DEVNET_CHAIN_ID, fund: p.fund ?? [] });
  } else {
    checkRecord(p.dir, record, p);
  }
  const rec = record;
  const n = rec.signers.length;

  let rpcPorts: number[] = [];
  let p2pPorts: number[] = [];
  let authPorts: number[] = [];
  /** Chooses every node's ports and writes its config (its peers' P2P ports in it). */
  const choosePorts = async () => {
    rpcPorts = [];
    for (let i = 0; i < n; i++) {
      if (!p.rpcPort) rpcPorts.push(await getFreePort());
      else if (await isPortFree(p.rpcPort + i)) rpcPorts.push(p.rpcPort + i);
      else throw new TierchainError('devnet_port_in_use', `cannot start node ${i + 1}: 127.0.0.1:${p.rpcPort + i} is already in use (the devnet uses ${p.rpcPort}–${p.rpcPort + n - 1})`);
    }
    p2pPorts = [];
    authPorts = [];
    for (let i = 0; i < n; i++) p2pPorts.push(await getFreePort());
    for (let i = 0; i < n; i++) authPorts.push(await getFreePort());
    for (let i = 0; i < n; i++) {
      const peers = rec.enodeIds.map((id, j) => `"enode://${id}@127.0.0.1:${p2pPorts[j]}"`).filter((_, j) => j !== i);
      writeFileSync(
        join(nodeDir(p.dir, i), 'config.toml'),
        [
          '[Node.P2P]',
          'NoDiscovery = true',
          'BootstrapNodes = []',
          'BootstrapNodesV5 = []',
          `ListenAddr = "127.0.0.1:${p2pPorts[i]}"`,
          // The other nodes and nobody else. geth starts a sync once min(5, MaxPeers) peers are connected (or every
          // 10 s): MaxPeers n − 1 lets a node that was stopped catch up as soon as the others are back with it; trusted
          // peers are let in whatever the peer limits.
          `MaxPeers = ${Math.max(1, n - 1)}`,
          `StaticNodes = [${peers.join(', ')}]`,
          `TrustedNodes = [${peers.join(', ')}]`,
          '',
        ].join('\n'),
        { mode: 0o600 },
      );
    }
  };
  await choosePorts();

  const running: Array<GethNode | null> = rec.signers.map(() => null);
  const launch = async (i: number): Promise<GethNode> => {
    const dir = nodeDir(p.dir, i);
    const node = await startGethNode({
      geth: geth.path,
      dataDir: dir,
      configFile: join(dir, 'config.toml'),
      networkId: rec.chainId,
      rpcPort: rpcPorts[i]!,
      authPort: authPorts[i]!,
      signer: rec.signers[i]!,
      passwordFile: join(dir, 'password'),
      logFile: join(dir, 'geth.log'),
    });
    running[i] = node;
    void node.exited.then(() => {
      if (running[i] !== node) return;
      running[i] = null;
      if (!stopped.has(node)) p.onNodeExit?.({ index: i + 1, code: node.exitCode(), signal: node.exitSignal(), logFile: join(dir, 'geth.log') });
    });
    return node;
  };
  /** Nodes stopped on purpose (their exit is no news). */
  const stopped = new WeakSet<GethNode>();
  const stopNode = async (node: GethNode | null) => {
    if (!node) return;
    stopped.add(node);
    await node.stop();
  };
  const stopAll = () => Promise.all(running.map(stopNode)).then(() => undefined);
  /** Waits until every running node has every other as a peer. */
  const allPeered = (what: string) =>
    waitFor(what, 60_000, async () => {
      const counts = await Promise.all(running.map((node) => rpc<string>(node!.rpcUrl, 'net_peerCount')));
      return counts.every((c) => Number(c) >= n - 1);
    });

  try {
    progress(`starting ${n} geth ${geth.version} nodes`);
    // One after another: a node's P2P listener is up before its RPC answers (what a launch waits for), so each node
    // reaches the ones before it at its first dial. Launched together, a node may dial a peer not yet listening, and
    // geth dials a static peer again only after 35 s (under load, twice: the wait below ran out once in CI). A free
    // port can be taken by another process before geth binds it: the ports are chosen again, twice at most.
    for (let attempt = 1; ; attempt++) {
      let failed: unknown = null;
      for (let i = 0; i < n && failed === null; i++) await launch(i).catch((error: unknown) => (failed = error ?? new Error(`node ${i + 1} failed to start`)));
      if (failed === null) break;
      await stopAll();
      if (attempt >= 3 || !/address already in use/.test(String((failed as Error)?.message))) throw failed;
      progress(`a port was taken before geth could listen on it; choosing others (attempt ${attempt + 1} of 3)`);
      await choosePorts();
    }
    // Sealing starts once the nodes are peered and at one head: signers that sealed alone at the start would each
    // begin a branch of their own.
    await allPeered(`the nodes to connect to each other`);
    const heads = await Promise.all(running.map((node) => rpc<string>(node!.rpcUrl, 'eth_blockNumber')));
    const top = Math.max(...heads.map(Number));
    await waitFor(`every node to reach block ${top}`, 60_000, async () =>
      (await Promise.all(running.map((node) => rpc<string>(node!.rpcUrl, 'eth_blockNumber')))).every((h) => Number(h) >= top),
    );
    // One signer seals the next block alone, and the others start sealing once they have it. Started together on a
    // chain whose head is old, every signer seals a block of its own at once (none has to wait for the period), and
    // nodes that have not synced since they started discard what their peers propagate: each then sits on its own
    // block, unable to seal the next ("signed recently"), and the network stalls for good (seen under load). A node
    // learns that a peer is ahead when they connect: the others are restarted once the first has sealed, and they
    // sync from it at once (a reconnection without a restart waits out the dialer's 35 s history), and from then on
    // accept propagated blocks. From a fresh head the in-turn signer seals after the period and the others only
    // after an added delay, so they follow it.
    // The first is one that may seal the next block: none of the last ⌊n/2⌋ blocks is its.
    const recent = new Set<string>();
    for (let b = top; b > 0 && b > top - Math.floor(n / 2); b--) {
      recent.add((await rpc<string>(running[0]!.rpcUrl, 'clique_getSigner', [`0x${b.toString(16)}`])).toLowerCase());
    }
    const first = rec.signers.findIndex((signer) => !recent.has(signer.toLowerCase()));
    const others = rec.signers.map((_, i) => i).filter((i) => i !== first);
    await Promise.all(others.map((i) => stopNode(running[i]!)));
    await startSealing(running[first]!.rpcUrl, rec.signers[first]!);
    await waitFor(`node ${first + 1} to seal a block after ${top}`, 60_000, async () => Number(await rpc<string>(running[first]!.rpcUrl, 'eth_blockNumber')) > top);
    // One after another, as at the first launch: two launched together may each dial the other before it listens,
    // and stay a peer short for the dialer's 35 s (seen in CI: a node with 1 peer of 2 when the start returned).
    for (const i of others) await launch(i);
    await waitFor(`every node to have a block after ${top}`, 60_000, async () =>
      (await Promise.all(running.map((node) => rpc<string>(node!.rpcUrl, 'eth_blockNumber')))).every((h) => Number(h) > top),
    );
    await Promise.all(running.map((node, i) => (i === first ? undefined : startSealing(node!.rpcUrl, rec.signers[i]!))));
    // The network is handed over whole: every node peered with every other.
    await allPeered(`the restarted nodes to connect to each other`);
  } catch (error) {
    await stopAll();
    throw error;
  }

  const nodes: DevnetNode[] = rec.signers.map((signer, i) => ({
    index: i + 1,
    signer,
    rpcUrl: `http://127.0.0.1:${rpcPorts[i]}`,
    pid: () => running[i]?.pid ?? null,
    stop: () => stopNode(running[i] ?? null),
    start: async () => {
      if (running[i]) return;
      const others = running.filter((node): node is GethNode => node !== null);
      const node = await launch(i);
      try {
        if (others.length === 0) {
          await startSealing(node.rpcUrl, signer);
          return;
        }
        await waitFor(`node ${i + 1} to connect to a running node`, 60_000, async () => Number(await rpc<string>(node.rpcUrl, 'net_peerCount')) >= 1);
        const top = Math.max(...(await Promise.all(others.map((o) => rpc<string>(o.rpcUrl, 'eth_blockNumber').catch(() => '0x0')))).map(Number));
        await waitFor(`node ${i + 1} to catch up with block ${top}`, 120_000, async () => Number(await rpc<string>(node.rpcUrl, 'eth_blockNumber')) >= top);
        await startSealing(node.rpcUrl, signer);
      } catch (error) {
        await stopNode(node);
        throw error;
      }
    },
  }));
  // Two signers that seal competing blocks at one height stall the chain for good; the launcher resolves it.
  const stopWatching = watchCliqueStalls({
    nodes: () => running.map((node, i) => (node ? { index: i + 1, rpcUrl: node.rpcUrl } : null)),
    signers: n,
    log: progress,
  });
  return {
    dir: p.dir,
    chainId: rec.chainId,
    gethVersion: geth.version,
    nodes,
    rpcUrls: nodes.map((node) => node.rpcUrl),
    funded: rec.funded,
    created,
    stop: async () => {
      await stopWatching();
      await stopAll();
    },
  };
}

function loadRecord(dir: string): DevnetRecord | null {
  const file = join(dir, RECORD);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as DevnetRecord) : null;
}

function checkRecord(dir: string, record: DevnetRecord, p: StartDevnetParameters): void {
  const other = (what: string) =>
    new TierchainError('devnet_mismatch', `the devnet in ${dir} was created with ${what}; remove that directory to create another network`);
  if (p.signers !== undefined && p.signers !== record.signers.length) throw other(`${record.signers.length} signers, not ${p.signers}`);
  if (p.chainId !== undefined && p.chainId !== record.chainId) throw other(`chain id ${record.chainId}, not ${p.chainId}`);
  const missing = (p.fund ?? []).filter((a) => !record.funded.some((f) => f.toLowerCase() === a.toLowerCase()));
  if (missing.length) throw other(`funds for ${record.funded.join(', ') || 'no account'} only, not for ${missing.join(', ')}`);
}

/** Keys, keystores, genesis and `geth init` of every node; the record is written last, so a half-made network is made again. */
function createDevnet(dir: string, geth: GethBinary, p: { signers: number; chainId: number; fund: readonly Address[] }): DevnetRecord {
  if (!Number.isInteger(p.signers) || p.signers < 1 || p.signers > 16) {
    throw new TierchainError('devnet_bad_parameter', `signers must be an integer from 1 to 16, got ${p.signers}`);
  }
  if (!Number.isSafeInteger(p.chainId) || p.chainId <= 0) throw new TierchainError('devnet_bad_parameter', `chainId must be a positive integer, got ${p.chainId}`);
  for (const name of readdirSync(dir)) if (/^node-\d+$/.test(name) || name === 'genesis.json') rmSync(join(dir, name), { recursive: true, force: true });

  const signers: Address[] = [];
  const enodeIds: string[] = [];
  for (let i = 0; i < p.signers; i++) {
    const node = nodeDir(dir, i);
    ensurePrivateDir(join(node, 'geth'));
    const signerKey = generatePrivateKey();
    const nodeKey = generatePrivateKey();
    signers.push(privateKeyToAccount(signerKey).address);
    enodeIds.push(privateKeyToAccount(nodeKey).publicKey.slice(4));
    writeFileSync(join(node, 'geth', 'nodekey'), nodeKey.slice(2), { mode: 0o600 });
    writeFileSync(join(node, 'password'), randomBytes(24).toString('hex'), { mode: 0o600 });
    const keyFile = join(node, 'signer.key');
    writeFileSync(keyFile, signerKey.slice(2), { mode: 0o600 });
    try {
      runGeth(geth, ['--datadir', node, 'account', 'import', '--lightkdf', '--password', join(node, 'password'), keyFile]);
    } finally {
      unlinkSync(keyFile);
    }
  }
  const funded = [...new Set(p.fund.map((a) => getAddress(a)))];
  const sorted = [...signers].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
  const genesis = {
    config: {
      chainId: p.chainId,
      homesteadBlock: 0,
      eip150Block: 0,
      eip155Block: 0,
      eip158Block: 0,
      byzantiumBlock: 0,
      constantinopleBlock: 0,
      petersburgBlock: 0,
      istanbulBlock: 0,
      berlinBlock: 0,
      // London is the last fork Clique runs: Paris is the merge (its EVM differs only in DIFFICULTY → PREVRANDAO,
      // which the contracts do not use), and Shanghai and later need a beacon chain.
      londonBlock: 0,
      clique: { period: DEVNET_PERIOD, epoch: 30_000 },
    },
    difficulty: '0x1',
    gasLimit: '0x1c9c380',
    // Clique's extra data: 32 vanity bytes, the signers (sorted), 65 bytes for the seal.
    extradata: `0x${'00'.repeat(32)}${sorted.map((a) => a.slice(2).toLowerCase()).join('')}${'00'.repeat(65)}`,
    alloc: Object.fromEntries(funded.map((a) => [a, { balance: `0x${FUNDING.toString(16)}` }])),
  };
  const genesisFile = join(dir, 'genesis.json');
  writeFileSync(genesisFile, JSON.stringify(genesis, null, 2), { mode: 0o600 });
  for (let i = 0; i < p.signers; i++) runGeth(geth, ['--datadir', nodeDir(dir, i), '--state.scheme', 'hash', 'init', genesisFile]);
  const record: DevnetRecord = { chainId: p.chainId, period: DEVNET_PERIOD, signers, enodeIds, funded, createdWith: `geth ${geth.version}` };
  writeFileSync(join(dir, RECORD), JSON.stringify(record, null, 2) + '\n', { mode: 0o600 });
  return record;
}

function runGeth(geth: GethBinary, args: string[]): void {
  const run = spawnSync(geth.path, args, { encoding: 'utf8', timeout: 120_000 });
  if (run.status !== 0) {
    const output = `${run.stderr ?? ''}${run.stdout ?? ''}`.trim().split('\n').slice(-10).join('\n');
    throw new TierchainError('geth_failed', `geth ${args.filter((a) => !a.startsWith('/')).join(' ')} failed (${run.error?.message ?? `exit ${run.status}`}):\n${output}`);
  }
}

/**
 * Starts a node's sealing once geth has unlocked its signer key (it does so after its RPC answers): a seal that fails
 * for want of the key is not tried again on an idle chain until another block arrives, so three signers that all
 * started too early would wait for each other for ever.
 */
async function startSealing(url: string, signer: Address): Promise<void> {
  await waitFor(`${url} to unlock the key of ${signer}`, 60_000, async () => {
    await rpc(url, 'eth_sign', [signer, '0x00']);
    return true;
  });
  await rpc(url, 'miner_start');
}

/** One JSON-RPC call (the launcher's own: admin and miner methods included). */
export async function rpc<T = unknown>(url: string, method: string, params: unknown[] = [], timeoutMs = 10_000): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const body = (await response.json()) as { result?: T; error?: { message?: string } };
  if (body.error) throw new Error(`${method} on ${url}: ${body.error.message}`);
  return body.result as T;
}

async function waitFor(what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      if (await check()) return;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new TierchainError('devnet_start_failed', `timed out after ${timeoutMs / 1000} s waiting for ${what}${last ? ` (${String((last as Error).message ?? last)})` : ''}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
