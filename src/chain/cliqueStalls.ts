/**
 * Clique's stall on competing blocks, resolved the way an operator would. A signer may seal one block in any ⌊n/2⌋ + 1
 * in a row. With one signer of three stopped, the stopped signer's turn falls to the two others, out of turn, each after
 * a random delay of up to a second: when both seal before either has the other's block (a loaded machine, a slow
 * link), each holds a block of its own at that height, neither may seal the next ("signed recently, must wait for
 * others"), and the chain stops for good, however long the third stays away (seen in CI: blocks 180 sealed by two
 * nodes 130 ms apart). The way out is for one of the two to give up its block: stop its sealing, rewind it one block
 * (debug_setHead), hand it the other's block (giveUpHead), and seal again.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toHex } from 'viem';
import { rpc } from './devnet.ts';

export interface StallWatchParameters {
  /** The nodes as they are now (a stopped one is null). */
  nodes: () => ReadonlyArray<{ index: number; rpcUrl: string } | null>;
  /** Signers of the network (n): ⌊n/2⌋ + 1 answering nodes can keep a Clique chain going. */
  signers: number;
  /** How long the highest head may stay where it is before the nodes are looked at (default 8 s: 8 periods). */
  stallMs?: number;
  intervalMs?: number;
  log?: (message: string) => void;
}

interface Head {
  index: number;
  rpcUrl: string;
  number: bigint;
  hash: string;
}

/** Watches a devnet for the stall above and resolves it; returns the function that stops watching. */
export function watchCliqueStalls(p: StallWatchParameters): () => Promise<void> {
  const stallMs = p.stallMs ?? 8_000;
  const log = p.log ?? (() => {});
  let top = -1n;
  let since = Date.now();
  let stopped = false;
  let current: Promise<void> | null = null;

  const headOf = async (node: { index: number; rpcUrl: string }): Promise<Head | null> => {
    try {
      const block = await rpc<{ number: string; hash: string }>(node.rpcUrl, 'eth_getBlockByNumber', ['latest', false], 1_500);
      return { index: node.index, rpcUrl: node.rpcUrl, number: BigInt(block.number), hash: block.hash };
    } catch {
      return null; // stopped, hung or starting: not one of the nodes that could go on
    }
  };

  const check = async () => {
    const heads = (await Promise.all(p.nodes().map((node) => (node ? headOf(node) : null)))).filter((h): h is Head => h !== null);
    if (heads.length === 0) return;
    const highest = heads.reduce((m, h) => (h.number > m ? h.number : m), -1n);
    if (highest !== top) {
      top = highest;
      since = Date.now();
      return;
    }
    // Too few nodes answer for the chain to go on (more than half the signers away): that stop is Clique's rule.
    if (Date.now() - since < stallMs || heads.length < Math.floor(p.signers / 2) + 1) return;
    const atTop = heads.filter((h) => h.number === highest).sort((a, b) => a.index - b.index);
    const kept = atTop[0]!;
    const rivals = atTop.filter((h) => h.hash !== kept.hash);
    if (rivals.length === 0) return; // one chain: whatever stops it, it is not competing blocks
    for (const rival of rivals) {
      log(
        `devnet: nodes ${kept.index} and ${rival.index} each sealed a block ${highest} of their own and stopped there ("signed recently"); ` +
          `node ${rival.index} gives up its block and takes node ${kept.index}'s`,
      );
      await giveUpHead(rival.rpcUrl, { number: highest, hash: kept.hash }, { from: kept.rpcUrl, name: `node ${rival.index}` });
    }
    since = Date.now();
  };

  const timer = setInterval(() => {
    if (stopped || current) return;
    current = check()
      .catch((error: unknown) => log(`devnet: the stall check failed (will retry): ${String((error as Error).message ?? error).split('\n')[0]}`))
      .finally(() => {
        current = null;
      });
  }, p.intervalMs ?? 2_000);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await current;
  };
}

/**
 * A signer node gives up its head block and takes `to` (a block of the same height on another branch) from the node
 * that holds it: sealing stopped, the head rewound one block, the peer's block imported, sealing started again.
 *
 * The block is handed over by the operator's hand (debug_getRawBlock on the peer, admin_importChain on this node), not
 * left to geth's sync: a node records a peer's head as the parent of the last block that peer propagated, so once
 * rewound it believes its peer no further ahead than itself and never fetches the block (seen in CI: 60 s and no
 * block 178), and the peer, having sealed the last block, seals nothing new that would tell it otherwise.
 */
export async function giveUpHead(
  rpcUrl: string,
  to: { number: bigint; hash: string },
  p: { from: string; name?: string; timeoutMs?: number },
): Promise<void> {
  const name = p.name ?? rpcUrl;
  const timeoutMs = p.timeoutMs ?? 30_000;
  const raw = await rpc<string>(p.from, 'debug_getRawBlock', [to.hash]);
  await rpc(rpcUrl, 'miner_stop');
  const dir = mkdtempSync(join(tmpdir(), 'tierchain-clique-block-'));
  try {
    await rpc(rpcUrl, 'debug_setHead', [toHex(to.number - 1n)]);
    const file = join(dir, `block-${to.number}.rlp`);
    writeFileSync(file, Buffer.from(raw.slice(2), 'hex'));
    // Imported unless the node already took it (or a later block) from its peers meanwhile.
    await rpc(rpcUrl, 'admin_importChain', [file], timeoutMs);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const h = await rpc<{ number: string; hash: string }>(rpcUrl, 'eth_getBlockByNumber', ['latest', false], 1_500).catch(() => null);
      if (h && (BigInt(h.number) > to.number || (BigInt(h.number) === to.number && h.hash === to.hash))) return;
      if (Date.now() > deadline) throw new Error(`${name} did not take block ${to.number} (${to.hash}) within ${timeoutMs / 1000} s`);
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await rpc(rpcUrl, 'miner_start').catch(() => {});
  }
}
