import type { Queryable } from '../db/database.ts';
import { storedEvents, type ChainEvent } from './projections.ts';
import type { IndexerNotice } from './indexer.ts';

const BATCH = 1_000;

/**
 * What an instance that does not write the index (another instance holds the indexer's lease) sees of it: the events
 * the writer commits, read back from chain_events in order, and its rollbacks, noticed when an event this follower
 * saw is gone. Its notices are the writer's, so an instance's event stream and caches follow the index wherever it
 * is written.
 */
export function createFollower(p: { db: Queryable; startBlock: bigint; notify: (notice: IndexerNotice) => void }) {
  let seen: { block: bigint; logIndex: number; hash: string } | null = null;

  async function latest(): Promise<typeof seen> {
    const { rows } = await p.db.query<{ block_number: string; log_index: number; block_hash: string }>(
      'SELECT block_number::text AS block_number, log_index, block_hash FROM chain_events ORDER BY block_number DESC, log_index DESC LIMIT 1',
    );
    const r = rows[0];
    return r ? { block: BigInt(r.block_number), logIndex: r.log_index, hash: r.block_hash } : null;
  }

  async function cursor(): Promise<bigint> {
    const { rows } = await p.db.query<{ n: string | null }>('SELECT max(number)::text AS n FROM indexer_blocks');
    return rows[0]?.n ? BigInt(rows[0].n) : p.startBlock - 1n;
  }

  return {
    /** Reads what the writer committed since the last call; resolves with the index's cursor. */
    async follow(): Promise<bigint> {
      if (seen) {
        const { rows } = await p.db.query<{ block_hash: string }>('SELECT block_hash FROM chain_events WHERE block_number = $1 AND log_index = $2', [
          seen.block.toString(),
          seen.logIndex,
        ]);
        if (rows[0]?.block_hash !== seen.hash) {
          const at = await cursor();
          const forkBlock = at < seen.block ? at : seen.block - 1n;
          seen = await latest();
          p.notify({ type: 'reorg', forkBlock, removedEvents: 0 });
        }
      } else {
        // From now on: a follower does not replay the history it joins.
        seen = await latest();
        return cursor();
      }
      for (;;) {
        const after = seen ?? { block: p.startBlock - 1n, logIndex: -1 };
        const events: ChainEvent[] = await storedEvents(p.db, { after: { block: after.block, logIndex: after.logIndex }, limit: BATCH });
        if (events.length === 0) break;
        const last = events.at(-1)!;
        seen = { block: last.blockNumber, logIndex: last.logIndex, hash: last.blockHash };
        p.notify({ type: 'events', events, cursor: last.blockNumber });
        if (events.length < BATCH) break;
      }
      return cursor();
    },
    /** Forgets what it saw (the instance became the writer, or stopped being it). */
    reset() {
      seen = null;
    },
  };
}
