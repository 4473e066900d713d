import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database, Queryable } from './database.ts';

/** The engines' own tables (settings, deployments, keys, idempotency, the outbox, the indexer's blocks and events). */
export const ENGINE_MIGRATIONS: MigrationSet = { name: 'engines', dir: fileURLToPath(new URL('./migrations/', import.meta.url)) };

// First key of the two-key advisory lock ("tier"); the second is the schema, so databases
// migrating different schemas of one server (tests) do not wait for each other.
const LOCK_KEY = 0x74696572;

export interface Migration {
  /** File name without `.sql`, e.g. `001_members`; what schema_migrations records. */
  version: string;
  sql: string;
}

/** A directory of `NNN_name.sql` files owned by one module (or the engines); versions are recorded as `name/NNN_name`. */
export interface MigrationSet {
  name: string;
  dir: string;
}

export interface MigrateOptions {
  /** The sets to apply, in order (each set's files in name order); default: the engines' own. */
  sets?: readonly MigrationSet[];
}

/**
 * Applies every migration not yet recorded, set by set in the given order and each set's files in name order,
 * each in its own transaction under an advisory lock, so concurrent migrators apply each file exactly once.
 * A migration file must not contain its own BEGIN/COMMIT.
 */
export async function migrate(db: Database, options: MigrateOptions = {}): Promise<{ applied: string[] }> {
  const migrations: Migration[] = [];
  for (const set of options.sets ?? [ENGINE_MIGRATIONS]) {
    for (const m of await readMigrations(set.dir)) migrations.push({ ...m, version: `${set.name}/${m.version}` });
  }
  await db.transaction(async (tx) => {
    await lock(tx);
    await tx.query('CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
  });
  const done = new Set((await db.query<{ version: string }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
  const legacy = [...done].filter((v) => !v.includes('/'));
  if (legacy.length) {
    throw new Error(
      `this database was created by an earlier Tierchain, before its schema was split by module (it records ${legacy.join(', ')}); ` +
        'its tables cannot be carried over. Start with a fresh data directory (move the old one away) or a new database.',
    );
  }

  const applied: string[] = [];
  for (const migration of migrations) {
    if (done.has(migration.version)) continue;
    const ran = await db.transaction(async (tx) => {
      await lock(tx);
      // Another process may have applied it while we waited for the lock.
      const seen = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [migration.version]);
      if (seen.rowCount > 0) return false;
      await tx.query(migration.sql);
      await tx.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, now())', [migration.version]);
      return true;
    });
    if (ran) applied.push(migration.version);
  }
  return { applied };
}

export async function readMigrations(dir: string = ENGINE_MIGRATIONS.dir): Promise<Migration[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.sql')).sort();
  const numbers = new Map<string, string>();
  const migrations: Migration[] = [];
  for (const name of names) {
    const match = /^(\d+)_[A-Za-z0-9_-]+\.sql$/.exec(name);
    // Refuse rather than skip: a misnamed or doubly numbered file would silently apply out of order.
    if (!match) throw new Error(`migration file ${name} in ${dir} is not named NNN_name.sql`);
    const number = match[1]!;
    const clash = numbers.get(number);
    if (clash !== undefined) throw new Error(`migrations ${clash} and ${name} in ${dir} share the number ${number}`);
    numbers.set(number, name);
    migrations.push({ version: name.slice(0, -'.sql'.length), sql: await readFile(join(dir, name), 'utf8') });
  }
  return migrations;
}

async function lock(tx: Queryable): Promise<void> {
  await tx.query(
    'SELECT pg_advisory_xact_lock($1, coalesce((SELECT oid::int FROM pg_namespace WHERE nspname = current_schema()), 0))',
    [LOCK_KEY],
  );
}
