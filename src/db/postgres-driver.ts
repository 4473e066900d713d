import pg from 'pg';
import { copyInText } from './copyIn.ts';
import { DatabaseError } from './errors.ts';
import { lastResult, sessionSetupSql, TRANSACTION_ABORTED, TRANSACTION_ABORTED_MESSAGE, type CopyIn, type Driver, type RunQuery } from './driver.ts';
import { pgTypeParsers } from './values.ts';

// pg-pool awaits `onConnect` before handing a new client out; @types/pg does not declare it yet.
type PoolConfigWithHook = pg.PoolConfig & { onConnect: (client: pg.PoolClient) => Promise<unknown> };

export async function openPostgres(url: string, schema: string | undefined): Promise<Driver> {
  const setup = sessionSetupSql(schema);
  const config: PoolConfigWithHook = {
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: 10_000,
    types: pgTypeParsers,
    // Runs on every new connection, before any caller's query: a startup `options` parameter
    // would do the same but is silently overridden by an `options` in the URL.
    onConnect: (client) => client.query(setup),
  };
  const pool = new pg.Pool(config);
  // An idle client whose server connection dropped is already discarded by the pool; without
  // a listener the 'error' event would crash the process.
  pool.on('error', () => {});

  try {
    if (schema === undefined) await pool.query('SELECT 1');
    else await createSchema(pool, schema);
  } catch (error) {
    await pool.end();
    throw error;
  }

  const run = (client: pg.Pool | pg.PoolClient): RunQuery => async (sql, params) =>
    lastResult(await client.query(sql, params));
  const copyIn = (client: pg.PoolClient): CopyIn => (sql, text) => copyInText(client, sql, text);

  return {
    kind: 'postgres',
    query: run(pool),
    async transaction(fn) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const value = await fn(run(client), copyIn(client));
        const commit = await client.query('COMMIT');
        // The server answers COMMIT of a failed transaction with ROLLBACK, not an error; PGlite throws.
        if (commit.command === 'ROLLBACK') throw new DatabaseError(TRANSACTION_ABORTED, TRANSACTION_ABORTED_MESSAGE, { severity: 'ERROR' });
        return value;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: Error) => {
          broken = rollbackError;
        });
        throw error;
      } finally {
        // A client that could not roll back is in an unknown state: destroy it instead of reusing it.
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}

async function createSchema(pool: pg.Pool, schema: string): Promise<void> {
  try {
    await pool.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  } catch (error) {
    // Two processes creating the same schema at once: the loser sees a unique violation.
    if ((error as { code?: string }).code !== '23505') throw error;
  }
}
