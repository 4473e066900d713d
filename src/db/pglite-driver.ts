import { resolve } from 'node:path';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { lastResult, sessionSetupSql, type Driver, type RunQuery } from './driver.ts';
import { byteaHex, pgliteParsers } from './values.ts';
import { ensurePrivateDir, makePrivate } from '../common/privateFiles.ts';

/**
 * A PGlite directory is private to the service's user (0700 directories, 0600 files): PGlite itself creates its
 * files 0666, so the directory is made private before it opens (its files cannot be reached through it), and its
 * files after it opened and after it closed.
 *
 * PGlite is one connection. Its `query`/`exec` and `transaction` all take the same mutex
 * (`_runExclusiveTransaction`), so a query from another caller waits until an open
 * transaction finishes instead of running inside it; the tests check this.
 */
export async function openPglite(dir: string | undefined, schema: string | undefined): Promise<Driver> {
  let dataDir: string | undefined;
  if (dir !== undefined) {
    dataDir = resolve(dir);
    ensurePrivateDir(dataDir);
    makePrivate(dataDir);
  }
  const db = await PGlite.create(dataDir === undefined ? {} : { dataDir });
  if (dataDir !== undefined) makePrivate(dataDir);
  // Replaced after create(): PGlite installs its array parsers at the end of its own init.
  db.parsers = pgliteParsers;
  // Parameters arrive as text already (toParam); PGlite's per-type serializers would reject
  // or re-encode some of it (bytea, arrays), so every value goes through as-is.
  db.serializers = {};
  try {
    if (schema !== undefined) await db.exec(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await db.exec(sessionSetupSql(schema));
  } catch (error) {
    await db.close();
    throw error;
  }

  const run = (target: PGlite | Transaction): RunQuery => async (sql, params) => {
    // Like pg: parameters mean one prepared statement, none means the simple protocol (scripts allowed).
    if (params === undefined || params.length === 0) return lastResult(await target.exec(sql));
    const values = params.map((value) => (Buffer.isBuffer(value) ? byteaHex(value) : value));
    return lastResult(await target.query(sql, values));
  };

  return {
    kind: 'pglite',
    query: run(db),
    transaction: (fn) => db.transaction((tx) => fn(run(tx))),
    close: async () => {
      await db.close();
      if (dataDir !== undefined) makePrivate(dataDir);
    },
  };
}
