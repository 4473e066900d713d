import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { migrationSets } from '../../src/platform/modules.ts';

export interface TestDatabase {
  name: 'pglite' | 'postgres';
  /** A fresh, empty, migrated database; on postgres its close() also drops its schema. */
  open(): Promise<Database>;
}

export const DEFAULT_TEST_PG_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** The PostgreSQL URL tests use: TIERCHAIN_TEST_PG_URL, else the local default. */
export function testPostgresUrl(): string {
  return process.env.TIERCHAIN_TEST_PG_URL || DEFAULT_TEST_PG_URL;
}

let available: Promise<TestDatabase[]> | undefined;

/**
 * PGlite always; PostgreSQL when it answers. In CI an unreachable PostgreSQL is an error,
 * never a silent skip. Use with top-level await:
 *   for (const backend of await availableTestDatabases()) describe(backend.name, () => { ... });
 */
export function availableTestDatabases(): Promise<TestDatabase[]> {
  available ??= probe();
  return available;
}

async function probe(): Promise<TestDatabase[]> {
  const backends: TestDatabase[] = [pgliteBackend];
  const url = testPostgresUrl();
  const failure = await reach(url);
  if (failure === undefined) backends.push(postgresBackend(url));
  else if (process.env.CI) throw new Error(`PostgreSQL at ${redact(url)} is required when CI is set: ${failure}`);
  else console.warn(`warning: PostgreSQL at ${redact(url)} not reachable (${failure}); testing PGlite only`);
  return backends;
}

const pgliteBackend: TestDatabase = {
  name: 'pglite',
  async open() {
    const db = await openDatabase({});
    try {
      await migrate(db, { sets: migrationSets });
    } catch (error) {
      await db.close();
      throw error;
    }
    return db;
  },
};

function postgresBackend(url: string): TestDatabase {
  return {
    name: 'postgres',
    async open() {
      const schema = `t_${randomBytes(8).toString('hex')}`;
      const db = await openDatabase({ url, schema, guard: true });
      const dropOnClose = withDropOnClose(db, schema);
      try {
        await migrate(db, { sets: migrationSets });
      } catch (error) {
        await dropOnClose.close();
        throw error;
      }
      return dropOnClose;
    },
  };
}

function withDropOnClose(db: Database, schema: string): Database {
  let closing: Promise<void> | undefined;
  return {
    kind: db.kind,
    query: (sql, params) => db.query(sql, params),
    transaction: (fn) => db.transaction(fn),
    close() {
      closing ??= (async () => {
        try {
          await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        } finally {
          await db.close();
        }
      })();
      return closing;
    },
  };
}

async function reach(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message || error.constructor.name : String(error);
  } finally {
    await client.end().catch(() => {});
  }
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

/**
 * The PostgreSQL URL for tests that need a server of their own use (several platform processes on it): null when it
 * does not answer, an error when CI is set (a test that needs PostgreSQL there fails, never skips).
 */
export async function postgresForTests(): Promise<string | null> {
  const backends = await availableTestDatabases();
  return backends.some((b) => b.name === 'postgres') ? testPostgresUrl() : null;
}
