import type { PublicClient } from 'viem';
import type { Database, Queryable } from '../../src/db/database.ts';
import type { Deployment } from '../../src/chain/contracts.ts';
import { createIndexer } from '../../src/indexer/indexer.ts';
import { contractSuite, readModels } from '../../src/platform/modules.ts';
import type { TestDatabase } from './databases.ts';

/** Every read-model table as sorted JSON rows: two databases hold the same read models iff their dumps are equal. */
export async function dumpReadModels(db: Queryable): Promise<Record<string, string[]>> {
  const dump: Record<string, string[]> = {};
  for (const table of readModels.tables) {
    const { rows } = await db.query<{ j: string }>(`SELECT row_to_json(t)::text AS j FROM ${table} t ORDER BY 1`);
    dump[table] = rows.map((r) => r.j);
  }
  return dump;
}

/** `chain_events` as JSON rows in chain order. */
export async function dumpEvents(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ j: string }>('SELECT row_to_json(e)::text AS j FROM chain_events e ORDER BY block_number, log_index');
  return rows.map((r) => r.j);
}

/**
 * Indexes the chain into a fresh database of `backend` with a new indexer, and returns its dumps. `batchSize`: blocks
 * per indexer transaction. `failing`: the indexer's transactions (counted from 1) that fail after everything in them
 * was written, before COMMIT (the indexer retries each on its next pass): what its batches carried from one transaction
 * to the next must not outlive such a failure (odd numbers: each range fails once, then lands).
 */
export async function indexFromScratch(
  backend: TestDatabase,
  client: PublicClient,
  deployment: Deployment,
  options: { batchSize?: number; failing?: (transaction: number) => boolean } = {},
) {
  const fresh = await backend.open();
  try {
    let transactions = 0;
    let failed = 0;
    const db: Database = options.failing
      ? {
          kind: fresh.kind,
          query: (sql, params) => fresh.query(sql, params),
          transaction: (fn) =>
            fresh.transaction(async (tx) => {
              const value = await fn(tx);
              if (options.failing!(++transactions)) {
                failed += 1;
                throw new Error(`transaction ${transactions} fails before COMMIT (injected)`);
              }
              return value;
            }),
          close: () => fresh.close(),
        }
      : fresh;
    const indexer = createIndexer({ db, client, deployment, suite: contractSuite, readModels, ...(options.batchSize ? { batchSize: options.batchSize } : {}) });
    const head = await client.getBlockNumber({ cacheTime: 0 });
    for (let attempt = 0; ; attempt++) {
      try {
        if ((await indexer.sync()) >= head) break;
      } catch (error) {
        if (!/injected/.test(String(error)) || attempt > transactions) throw error;
      }
    }
    return { readModels: await dumpReadModels(fresh), events: await dumpEvents(fresh), failed };
  } finally {
    await fresh.close();
  }
}
