import { randomUUID } from 'node:crypto';
import { BlockNotFoundError, keccak256, type Address, type Hex, type PublicClient, type TransactionSerializable } from 'viem';
import type { Database } from '../db/database.ts';
import type { KeyStore } from './keyStore.ts';

/** What one reconciliation of the outbox with the chain found and did. */
export interface ReconcileResult {
  /** The chain's head when the reconciliation ran. */
  head: bigint;
  /**
   * Commands mined in blocks that are no longer on the chain (a reorg, or a chain restarted from older state): they
   * are `submitted` again, and their stored transactions are broadcast again in the order the chain had mined them.
   */
  reopened: Array<{ id: string; kind: string; lostBlock: bigint }>;
  /** Signers whose recorded next nonce (signer_nonces) was moved to agree with the chain and with their open commands. */
  nonces: Array<{ signer: string; from: number; to: number }>;
  /**
   * Nonces that no open command holds, below nonces that open commands hold: each would keep those commands from
   * ever being mined, so a no-op transaction (0 value to the signer itself) is stored for it, as a command of kind
   * `ledger.nonce_fill`, and broadcast with them.
   */
  filled: Array<{ signer: string; nonce: number; commandId: string }>;
}

export interface ReconcileParameters {
  db: Database;
  client: PublicClient;
  keys: KeyStore;
  chainId: number;
  /** Mined commands at most this many blocks below the head are compared with the chain; deeper ones are taken as final. */
  depth: bigint;
  /** Fee fields for a nonce filler. */
  fees: () => Promise<Partial<TransactionSerializable>>;
  /**
   * Signers another live instance holds the lease of (signer_leases): their nonces are that instance's to reconcile,
   * and left alone here.
   */
  leasedElsewhere?: ReadonlySet<string>;
}

/** The gas of a plain value transfer: all a nonce filler needs. */
const FILLER_GAS = 21_000n;

/**
 * Compares the outbox with the chain: every command whose transaction was mined (confirmed, or reverted on-chain) in
 * a block that the chain no longer has at that height (its block hash differs, or the head is now below it) goes back
 * to `submitted`; then each signer's next nonce is set from the chain and its open commands, and any nonce gap below
 * its open commands is filled. The caller (the transaction manager, between two passes) broadcasts what is submitted.
 */
export async function reconcileWithChain(p: ReconcileParameters): Promise<ReconcileResult> {
  const head = await p.client.getBlockNumber({ cacheTime: 0 });
  const reopened = await reopenLost(p, head);
  const { nonces, filled } = await reconcileNonces(p);
  return { head, reopened, nonces, filled };
}

async function reopenLost(p: ReconcileParameters, head: bigint): Promise<ReconcileResult['reopened']> {
  const floor = head > p.depth ? head - p.depth : -1n;
  // One header per height that holds a mined command (automining chains mine one block per transaction, so at most
  // `depth` of them), fetched together: the client batches them.
  const { rows: mined } = await p.db.query<{ block_number: string; block_hash: string }>(
    `SELECT DISTINCT block_number::text AS block_number, block_hash FROM commands
      WHERE block_number > $1 AND block_number <= $2 AND block_hash IS NOT NULL`,
    [floor.toString(), head.toString()],
  );
  const heights = [...new Set(mined.map((r) => r.block_number))];
  const canonical = new Map<string, string | null>();
  await Promise.all(
    heights.map(async (n) => {
      const block = await p.client.getBlock({ blockNumber: BigInt(n) }).catch((error: unknown) => {
        if (error instanceof BlockNotFoundError) return null;
        throw error;
      });
      canonical.set(n, block?.hash ?? null);
    }),
  );
  const replaced = mined.filter((r) => canonical.get(r.block_number) !== r.block_hash);
  const { rows } = await p.db.query<{ id: string; kind: string; lost_block_number: string }>(
    `UPDATE commands SET status = 'submitted', lost_block_number = block_number, block_number = NULL, block_hash = NULL,
       gas_used = NULL, result = NULL, error = NULL, finished_at = NULL, last_broadcast_at = NULL, updated_at = now()
     WHERE status IN ('confirmed', 'failed') AND raw_tx IS NOT NULL
       AND (block_number > $1
            OR (block_number, block_hash) IN (SELECT * FROM unnest($2::bigint[], $3::text[])))
     RETURNING id, kind, lost_block_number::text AS lost_block_number`,
    [head.toString(), replaced.map((r) => r.block_number), replaced.map((r) => r.block_hash)],
  );
  return rows.map((r) => ({ id: r.id, kind: r.kind, lostBlock: BigInt(r.lost_block_number) }));
}

async function reconcileNonces(p: ReconcileParameters): Promise<Pick<ReconcileResult, 'nonces' | 'filled'>> {
  const [{ rows: recorded }, { rows: open }] = await Promise.all([
    p.db.query<{ address: string; next_nonce: string }>('SELECT address, next_nonce::text AS next_nonce FROM signer_nonces'),
    p.db.query<{ signer: string; nonce: string }>(`SELECT signer, nonce::text AS nonce FROM commands WHERE status = 'submitted' AND nonce IS NOT NULL`),
  ]);
  const held = new Map<string, Set<number>>();
  for (const r of open) {
    const set = held.get(r.signer) ?? new Set<number>();
    set.add(Number(r.nonce));
    held.set(r.signer, set);
  }
  const signers = [...new Set([...recorded.map((r) => r.address), ...held.keys()])].filter((s) => !p.leasedElsewhere?.has(s));
  const counts = await Promise.all(
    signers.map(async (signer) => {
      const [latest, pending] = await Promise.all([
        p.client.getTransactionCount({ address: signer as Address, blockTag: 'latest' }),
        p.client.getTransactionCount({ address: signer as Address, blockTag: 'pending' }),
      ]);
      return { signer, latest, pending };
    }),
  );
  const recordedOf = new Map(recorded.map((r) => [r.address, Number(r.next_nonce)]));
  const nonces: ReconcileResult['nonces'] = [];
  const filled: ReconcileResult['filled'] = [];
  for (const { signer, latest, pending } of counts) {
    const mine = held.get(signer) ?? new Set<number>();
    const highest = Math.max(-1, ...mine);
    // The next nonce to sign with: after the chain's last and after every transaction we hold. A recorded value above
    // that was reserved by transactions that no longer exist (the chain lost them and no command holds them), and
    // signing after it would leave a gap that nothing ever fills.
    const next = Math.max(latest, highest + 1);
    const before = recordedOf.get(signer);
    if (before !== next) {
      await p.db.query(
        `INSERT INTO signer_nonces (address, next_nonce) VALUES ($1, $2) ON CONFLICT (address) DO UPDATE SET next_nonce = EXCLUDED.next_nonce`,
        [signer, next],
      );
      if (before !== undefined) nonces.push({ signer, from: before, to: next });
    }
    // Nonces below `pending` are held by transactions in the node's pool; above it, a nonce below one of ours that
    // none of ours holds is a gap.
    const gaps: number[] = [];
    for (let n = Math.max(latest, pending); n < highest; n++) if (!mine.has(n)) gaps.push(n);
    if (gaps.length) filled.push(...(await fillGaps(p, signer, gaps)));
  }
  return { nonces, filled };
}

/** Stores a signed no-op transaction for each nonce in `gaps`, as a submitted command (broadcast by the next pass). */
async function fillGaps(p: ReconcileParameters, signer: string, gaps: number[]): Promise<ReconcileResult['filled']> {
  const [account, fees] = await Promise.all([p.keys.signer(signer as Address), p.fees()]);
  const filled: ReconcileResult['filled'] = [];
  for (const nonce of gaps) {
    const raw = await account.signTransaction({ ...fees, chainId: p.chainId, nonce, to: signer as Address, value: 0n, data: '0x', gas: FILLER_GAS } as TransactionSerializable);
    const id = randomUUID();
    await p.db.query(
      `INSERT INTO commands (id, kind, signer, to_address, data, value, status, nonce, gas_limit, raw_tx, tx_hash, submitted_at)
       VALUES ($1, 'ledger.nonce_fill', $2, $2, '0x', 0, 'submitted', $3, $4, $5, $6, now())`,
      [id, signer, nonce, FILLER_GAS.toString(), raw, keccak256(raw as Hex)],
    );
    filled.push({ signer, nonce, commandId: id });
  }
  return filled;
}

/**
 * The order in which submitted transactions are broadcast again: those a reorg removed first, in the order the chain
 * had mined them (a member's first command after a gas top-up needs the top-up mined first, and a transfer needs the
 * transfer that funded it), then the others in acceptance order; and each signer's always in nonce order (a node
 * mines a sender's transactions only in nonce order, and anvil's automine can stall on one that arrives early).
 */
export function rebroadcastOrder<T extends { signer: string; nonce: string | null; seq: string; lost_block_number: string | null }>(rows: T[]): T[] {
  const key = (r: T) => [r.lost_block_number === null ? null : BigInt(r.lost_block_number), BigInt(r.seq)] as const;
  const ordered = [...rows].sort((a, b) => {
    const [la, sa] = key(a);
    const [lb, sb] = key(b);
    if (la !== lb) return la === null ? 1 : lb === null ? -1 : la < lb ? -1 : 1;
    return sa < sb ? -1 : sa > sb ? 1 : 0;
  });
  // Each signer keeps the slots it has in that order, filled with its transactions by nonce.
  const bySigner = new Map<string, T[]>();
  for (const r of ordered) {
    const list = bySigner.get(r.signer);
    if (list) list.push(r);
    else bySigner.set(r.signer, [r]);
  }
  for (const list of bySigner.values()) list.sort((a, b) => Number(a.nonce) - Number(b.nonce));
  const taken = new Map<string, number>();
  return ordered.map((r) => {
    const i = taken.get(r.signer) ?? 0;
    taken.set(r.signer, i + 1);
    return bySigner.get(r.signer)![i]!;
  });
}
