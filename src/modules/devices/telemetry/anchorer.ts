/**
 * The anchorer: readings accepted but not yet in a batch are cut into batches of at most `batchSize` (a batch closes
 * when it is full, or when its oldest reading has waited `maxWaitMs`), each batch's Merkle root is sent to
 * TelemetryAnchor.anchor through the outbox, in the same database transaction that assigns the readings to the batch.
 * So a batch is made once, its command is sent until the chain has it (the outbox's guarantee across restarts), and a
 * reading is in exactly one batch. Several instances on one database take disjoint readings (FOR UPDATE SKIP LOCKED).
 */
import { randomUUID } from 'node:crypto';
import type { Hex } from 'viem';
import { contractCall, enqueueCommands } from '../../../ledger/commands.ts';
import type { ModuleContext } from '../../../platform/context.ts';
import { telemetryAnchor } from '../contracts.ts';
import { buildMerkleTree } from './merkle.ts';

export interface AnchorPolicy {
  /** Most readings per batch (one anchor transaction each). */
  batchSize: number;
  /** Longest a reading waits for its batch to fill. */
  maxWaitMs: number;
}

export const DEFAULT_POLICY: AnchorPolicy = { batchSize: 256, maxWaitMs: 2_000 };

/** Makes one batch of pending readings, if one is due (or `force`); returns its id and size, or null. */
export async function makeBatch(ctx: Pick<ModuleContext, 'db' | 'operator' | 'deployment'>, policy: AnchorPolicy, force = false): Promise<{ batchId: string; count: number; root: Hex } | null> {
  return ctx.db.transaction(async (tx) => {
    const { rows } = await tx.query<{ device_id: string; seq: string; leaf: Hex; device_time: string; waited_ms: string }>(
      `SELECT device_id, seq::text AS seq, leaf, device_time::text AS device_time, (extract(epoch FROM now() - received_at) * 1000)::bigint::text AS waited_ms
         FROM telemetry_readings WHERE batch_id IS NULL
        ORDER BY received_at, device_id, seq LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [policy.batchSize],
    );
    if (rows.length === 0) return null;
    if (!force && rows.length < policy.batchSize && Math.max(...rows.map((r) => Number(r.waited_ms))) < policy.maxWaitMs) return null;
    // In the tree, by device then sequence number: a device's readings sit side by side.
    rows.sort((a, b) => (a.device_id < b.device_id ? -1 : a.device_id > b.device_id ? 1 : Number(BigInt(a.seq) - BigInt(b.seq))));
    const tree = buildMerkleTree(rows.map((r) => r.leaf));
    const times = rows.map((r) => Number(r.device_time));
    const firstTime = Math.min(...times);
    const lastTime = Math.max(...times);
    const batchId = randomUUID();
    const commandId = randomUUID();
    await tx.query('INSERT INTO telemetry_batches (id, root, count, first_time, last_time, command_id) VALUES ($1, $2, $3, $4, $5, $6)', [
      batchId, tree.root, rows.length, firstTime, lastTime, commandId,
    ]);
    await tx.query(
      `UPDATE telemetry_readings r SET batch_id = $1, leaf_index = x.i
         FROM unnest($2::text[], $3::numeric[], $4::int[]) AS x(device_id, seq, i)
        WHERE r.device_id = x.device_id AND r.seq = x.seq`,
      [batchId, rows.map((r) => r.device_id), rows.map((r) => r.seq), rows.map((_, i) => i)],
    );
    await enqueueCommands(tx, [
      contractCall({
        id: commandId,
        kind: 'devices.anchorTelemetry',
        signer: ctx.operator,
        target: telemetryAnchor(ctx),
        functionName: 'anchor',
        args: [tree.root, rows.length, firstTime, lastTime],
      }),
    ]);
    return { batchId, count: rows.length, root: tree.root };
  });
}

export interface Anchorer {
  /** Makes every batch due now (all pending readings when `force`); returns how many readings were batched. */
  flush(force?: boolean): Promise<number>;
  stop(): Promise<void>;
}

/** Runs `makeBatch` every `tickMs` (at most `maxWaitMs`); `onBatch` hears of each batch (the platform nudges the outbox). */
export function startAnchorer(ctx: Pick<ModuleContext, 'db' | 'operator' | 'deployment'>, p: { policy: AnchorPolicy; log: (m: string) => void; onBatch?: () => void; tickMs?: number }): Anchorer {
  let running: Promise<number> | null = null;
  let stopped = false;
  const pass = async (force: boolean) => {
    let batched = 0;
    for (;;) {
      const batch = await makeBatch(ctx, p.policy, force);
      if (!batch) return batched;
      batched += batch.count;
      p.onBatch?.();
    }
  };
  // One pass at a time; a flush asked for during a pass runs after it.
  const flush = (force = false): Promise<number> => {
    const next = (running ?? Promise.resolve(0)).catch(() => 0).then(() => pass(force));
    const tracked = next.finally(() => {
      if (running === tracked) running = null;
    });
    tracked.catch(() => {});
    running = tracked;
    return next;
  };
  const timer = setInterval(() => {
    if (stopped || running) return;
    flush().catch((e) => p.log(`telemetry: batching failed (will retry): ${String((e as Error).message ?? e)}`));
  }, p.tickMs ?? Math.min(500, p.policy.maxWaitMs));
  timer.unref();
  return {
    flush,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running?.catch(() => {});
    },
  };
}
