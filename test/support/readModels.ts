import type { PublicClient } from 'viem';
import type { Queryable } from '../../src/db/database.ts';
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

/** Indexes the chain into a fresh database of `backend` with a new indexer, and returns its dumps. */
export async function indexFromScratch(backend: TestDatabase, client: PublicClient, deployment: Deployment) {
  const fresh = await backend.open();
  try {
    await createIndexer({ db: fresh, client, deployment, suite: contractSuite, readModels }).sync();
    return { readModels: await dumpReadModels(fresh), events: await dumpEvents(fresh) };
  } finally {
    await fresh.close();
  }
}
