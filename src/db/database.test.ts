import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { UnavailableError, ValidationError } from '../common/errors.ts';
import { availableTestDatabases, testPostgresUrl } from '../../test/support/databases.ts';
import { DatabaseError, isUniqueViolation, openDatabase, type Database } from './database.ts';
import { insertColumns } from './copy.ts';
import { ENGINE_MIGRATIONS, migrate, readMigrations, type MigrationSet } from './migrate.ts';
import { migrationSets } from '../platform/modules.ts';

const backends = await availableTestDatabases();
// The test databases carry the platform's whole schema (the engines' and every module's migrations).
const versionsOf = async (sets: readonly MigrationSet[]) => (await Promise.all(sets.map(async (set) => (await readMigrations(set.dir)).map((m) => `${set.name}/${m.version}`)))).flat();
const bundledVersions = (await versionsOf(migrationSets)).sort();
const engineVersions = await versionsOf([ENGINE_MIGRATIONS]);

// One query covering every convention in README.md; the expected row is the same for both backends.
const TYPES_SQL = `SELECT 42::int4 AS int4, 9007199254740993::int8 AS int8, 12.340::numeric AS numeric,
  1.5::float8 AS float8, true AS bool, 'héllo'::text AS text,
  '2024-03-01T12:34:56.789Z'::timestamptz AS timestamptz, '2024-03-01'::date AS date,
  '{"a":[1,"x",null],"b":{"c":true}}'::jsonb AS jsonb, '\\x00ff10'::bytea AS bytea,
  '{1,9007199254740993}'::int8[] AS int8s, '{1.10,2}'::numeric[] AS numerics,
  '{a,"b c",NULL}'::text[] AS texts, NULL::int4 AS nothing`;

const EXPECTED_TYPES = {
  int4: 42,
  int8: '9007199254740993',
  numeric: '12.340',
  float8: 1.5,
  bool: true,
  text: 'héllo',
  timestamptz: new Date('2024-03-01T12:34:56.789Z'),
  date: '2024-03-01',
  jsonb: { a: [1, 'x', null], b: { c: true } },
  bytea: Buffer.from([0x00, 0xff, 0x10]),
  int8s: ['1', '9007199254740993'],
  numerics: ['1.10', '2'],
  texts: ['a', 'b c', null],
  nothing: null,
};

const PARAMS_SQL = `SELECT $1::int4 AS int4, $2::int8 AS int8, $3::numeric AS numeric, $4::bool AS bool,
  $5::timestamptz AS timestamptz, $6::date AS date, $7::jsonb AS jsonb, $8::bytea AS bytea,
  $9::text[] AS texts, $10::int8[] AS int8s, $11::jsonb AS json_array, $12::text AS nothing, $13::bytea AS bytes`;

const PARAMS = [
  7, 9007199254740993n, '1.25', false, new Date('2024-03-01T12:00:00Z'), new Date('2024-03-01T00:00:00Z'),
  { a: [1, 2] }, Buffer.from([1, 2, 3]), ['x', 'y z', null, 'q"\\', 'NULL', '{a,"b"}\\\\', ''], [1n, 2n], JSON.stringify([1, 2]), null,
  new Uint8Array([9, 8]),
];

const EXPECTED_PARAMS = {
  int4: 7,
  int8: '9007199254740993',
  numeric: '1.25',
  bool: false,
  timestamptz: new Date('2024-03-01T12:00:00Z'),
  date: '2024-03-01',
  jsonb: { a: [1, 2] },
  bytea: Buffer.from([1, 2, 3]),
  texts: ['x', 'y z', null, 'q"\\', 'NULL', '{a,"b"}\\\\', ''],
  int8s: ['1', '2'],
  json_array: [1, 2],
  nothing: null,
  bytes: Buffer.from([9, 8]),
};

for (const backend of backends) {
  describe(backend.name, () => {
    let db: Database;
    before(async () => {
      db = await backend.open();
    });
    after(() => db.close());

    it('runs parameterised queries and reports row counts', async () => {
      const created = await db.query('CREATE TABLE dbtest_items (id int PRIMARY KEY, name text NOT NULL)');
      assert.equal(created.rowCount, 0);
      const inserted = await db.query('INSERT INTO dbtest_items (id, name) VALUES ($1, $2), ($3, $4) RETURNING id', [1, 'one', 2, 'two']);
      assert.equal(inserted.rowCount, 2);
      assert.deepEqual(inserted.rows, [{ id: 1 }, { id: 2 }]);
      const selected = await db.query<{ name: string }>('SELECT name FROM dbtest_items WHERE id = $1', [2]);
      assert.deepEqual(selected.rows, [{ name: 'two' }]);
      assert.equal(selected.rowCount, 1);
      assert.equal((await db.query('UPDATE dbtest_items SET name = upper(name)')).rowCount, 2);
    });

    it('runs a script of several statements when given no parameters', async () => {
      const result = await db.query('CREATE TABLE dbtest_script (v int); INSERT INTO dbtest_script VALUES (1), (2); SELECT sum(v)::int AS total FROM dbtest_script');
      assert.deepEqual(result.rows, [{ total: 3 }]);
    });

    it('commits a transaction and returns its value', async () => {
      await db.query('CREATE TABLE dbtest_committed (v text)');
      const value = await db.transaction(async (tx) => {
        await tx.query('INSERT INTO dbtest_committed VALUES ($1)', ['a']);
        return (await tx.query<{ n: string }>('SELECT count(*) AS n FROM dbtest_committed')).rows[0]!.n;
      });
      assert.equal(value, '1');
      assert.deepEqual((await db.query('SELECT v FROM dbtest_committed')).rows, [{ v: 'a' }]);
    });

    it('rolls back when fn throws and rethrows the same error', async () => {
      await db.query('CREATE TABLE dbtest_rolled_back (v text)');
      const thrown = new Error('business rule');
      await assert.rejects(
        db.transaction(async (tx) => {
          await tx.query('INSERT INTO dbtest_rolled_back VALUES ($1)', ['a']);
          throw thrown;
        }),
        (error) => error === thrown,
      );
      assert.equal((await db.query('SELECT * FROM dbtest_rolled_back')).rowCount, 0);
    });

    it('fails the commit of a transaction whose statement failed, even if fn swallowed the error', async () => {
      await assert.rejects(
        db.transaction(async (tx) => {
          await tx.query('SELECT 1/0').catch(() => {});
        }),
        (error) => error instanceof DatabaseError && error.code === '25P02',
      );
    });

    it('returns values in the shared type conventions', async () => {
      const { rows } = await db.query(TYPES_SQL);
      assert.deepEqual(rows[0], EXPECTED_TYPES);
      assert.ok(Buffer.isBuffer(rows[0]!.bytea));
    });

    it('binds parameters in the shared conventions', async () => {
      const { rows } = await db.query(PARAMS_SQL, PARAMS);
      assert.deepEqual(rows[0], EXPECTED_PARAMS);
    });

    it('reports unique violations with the SQLSTATE, inside and outside transactions', async () => {
      await db.query('CREATE TABLE dbtest_uniq (k text CONSTRAINT dbtest_uniq_k UNIQUE)');
      await db.query('INSERT INTO dbtest_uniq VALUES ($1)', ['a']);
      const isDuplicate = (error: unknown) =>
        isUniqueViolation(error) && error instanceof DatabaseError && error.code === '23505' && error.constraint === 'dbtest_uniq_k';
      await assert.rejects(db.query('INSERT INTO dbtest_uniq VALUES ($1)', ['a']), isDuplicate);
      await assert.rejects(db.transaction((tx) => tx.query('INSERT INTO dbtest_uniq VALUES ($1)', ['a'])), isDuplicate);
      await assert.rejects(db.query('SELECT * FROM no_such_table'), (error) => !isUniqueViolation(error) && (error as DatabaseError).code === '42P01');
      assert.equal(isUniqueViolation(new Error('23505')), false);
    });

    it('serialises two concurrent transactions that each increment a counter 50 times', async () => {
      await db.query('CREATE TABLE dbtest_counter (id int PRIMARY KEY, n int NOT NULL)');
      await db.query('INSERT INTO dbtest_counter VALUES (1, 0)');
      const incrementFiftyTimes = () =>
        db.transaction(async (tx) => {
          for (let i = 0; i < 50; i++) {
            const { rows } = await tx.query<{ n: number }>('SELECT n FROM dbtest_counter WHERE id = 1 FOR UPDATE');
            await tx.query('UPDATE dbtest_counter SET n = $1 WHERE id = 1', [rows[0]!.n + 1]);
          }
        });
      await Promise.all([incrementFiftyTimes(), incrementFiftyTimes()]);
      assert.deepEqual((await db.query('SELECT n FROM dbtest_counter')).rows, [{ n: 100 }]);
    });

    it('keeps another caller\'s query out of an open transaction', async () => {
      await db.query('CREATE TABLE dbtest_visits (who text)');
      let markStarted!: () => void;
      const started = new Promise<void>((resolve) => (markStarted = resolve));
      const transaction = db.transaction(async (tx) => {
        await tx.query("INSERT INTO dbtest_visits VALUES ('inside')");
        markStarted();
        await sleep(50);
        throw new Error('roll back');
      });
      const rolledBack = assert.rejects(transaction, /roll back/);
      await started;
      await db.query("INSERT INTO dbtest_visits VALUES ('outside')");
      await rolledBack;
      assert.deepEqual((await db.query('SELECT who FROM dbtest_visits')).rows, [{ who: 'outside' }]);
    });

    it('answers many concurrent queries in the same session settings', async () => {
      const results = await Promise.all(
        Array.from({ length: 25 }, (_, i) =>
          db.query<{ i: number; schema: string; tz: string }>(
            "SELECT $1::int AS i, current_schema() AS schema, current_setting('TimeZone') AS tz",
            [i],
          ),
        ),
      );
      assert.deepEqual(results.map((r) => r.rows[0]!.i), Array.from({ length: 25 }, (_, i) => i));
      assert.equal(new Set(results.map((r) => `${r.rows[0]!.schema}/${r.rows[0]!.tz}`)).size, 1);
      const { schema, tz } = results[0]!.rows[0]!;
      assert.equal(tz, 'UTC');
      if (backend.name === 'postgres') assert.match(schema, /^t_[0-9a-f]+$/);
    });

    it('runs the statements of a transaction one at a time in the order called, also those sent without waiting', async () => {
      await db.query('CREATE TABLE call_order (seq serial PRIMARY KEY, n int NOT NULL, running int NOT NULL)');
      // node-postgres 8 queues a statement sent while one runs, but warns that pg 9 will not: none may reach it.
      const warnings: string[] = [];
      const onWarning = (w: Error) => warnings.push(w.message);
      process.on('warning', onWarning);
      await db.transaction(async (tx) => {
        // Sent without waiting, mixed with COPY: each sees the rows of those called before it and none of those after.
        // A statement's parameters are taken when it is called: changed afterwards, before its turn, they are not sent.
        const sent: Array<Promise<unknown>> = [];
        for (let n = 0; n < 40; n++) {
          const params: unknown[] = [n];
          sent.push(
            n % 10 === 5
              ? insertColumns(tx, 'call_order', [{ name: 'n', type: 'int' }, { name: 'running', type: 'int' }], [[n], [n]])
              : tx.query('INSERT INTO call_order (n, running) SELECT $1, count(*) FROM call_order', params),
          );
          params[0] = -1;
        }
        // The last is left for the transaction to finish before COMMIT.
        void tx.query('INSERT INTO call_order (n, running) SELECT 40, count(*) FROM call_order');
        await Promise.all(sent);
      });
      await new Promise((resolve) => setImmediate(resolve));
      process.off('warning', onWarning);
      assert.deepEqual(warnings, []);
      const { rows } = await db.query<{ n: number; running: number }>('SELECT n, running FROM call_order ORDER BY seq');
      assert.deepEqual(rows.map((r) => r.n), Array.from({ length: 41 }, (_, n) => n));
      assert.deepEqual(rows.map((r) => r.running), Array.from({ length: 41 }, (_, n) => n));
      await db.query('DROP TABLE call_order');
    });

    it('refuses db calls inside db.transaction and a tx object after its transaction', async () => {
      let leaked: { query: (sql: string) => Promise<unknown> } | undefined;
      await db.transaction(async (tx) => {
        leaked = tx;
        await assert.rejects(db.query('SELECT 1'), /use the tx object/);
        await assert.rejects(db.transaction(async () => {}), /use the tx object/);
      });
      await assert.rejects(leaked!.query('SELECT 1'), /transaction already finished/);
    });

    if (backend.name !== 'pglite') {
      it('without the guard, a db call inside db.transaction runs on another connection, outside the transaction', async () => {
        const unguarded = await openDatabase({ url: testPostgresUrl(), guard: false });
        try {
          await unguarded.transaction(async (tx) => {
            await tx.query('CREATE TEMP TABLE dbtest_unguarded (n int)');
            // Another pooled connection: it does not see the transaction's temporary table.
            await assert.rejects(unguarded.query('SELECT n FROM dbtest_unguarded'), /dbtest_unguarded/);
            await assert.doesNotReject(tx.query('SELECT n FROM dbtest_unguarded'));
          });
        } finally {
          await unguarded.close();
        }
      });
    }

    it('migrate is idempotent', async () => {
      assert.deepEqual(await migrate(db, { sets: migrationSets }), { applied: [] });
      const { rows } = await db.query<{ version: string; applied_at: Date }>('SELECT version, applied_at FROM schema_migrations ORDER BY version');
      assert.deepEqual(rows.map((r) => r.version), bundledVersions);
      assert.ok(bundledVersions.includes('engines/000_bootstrap'));
      assert.ok(rows[0]!.applied_at instanceof Date);
    });

    it('migrate applies files in name order, once, each in its own transaction', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'tierchain-migrations-'));
      try {
        await writeFile(join(dir, '002_second.sql'), 'INSERT INTO dbtest_m_log VALUES (2);');
        await writeFile(join(dir, '001_first.sql'), 'CREATE TABLE dbtest_m_log (n int);\nINSERT INTO dbtest_m_log VALUES (1);');
        await writeFile(join(dir, 'notes.txt'), 'not a migration');
        const sets = [{ name: 'test', dir }];
        const [a, b] = await Promise.all([migrate(db, { sets }), migrate(db, { sets })]);
        assert.deepEqual([...a.applied, ...b.applied].sort(), ['test/001_first', 'test/002_second']);
        assert.deepEqual((await db.query('SELECT n FROM dbtest_m_log ORDER BY n')).rows, [{ n: 1 }, { n: 2 }]);

        await writeFile(join(dir, '003_broken.sql'), 'CREATE TABLE dbtest_m_half (n int); SELECT 1/0;');
        await writeFile(join(dir, '004_after.sql'), 'INSERT INTO dbtest_m_log VALUES (4);');
        await assert.rejects(migrate(db, { sets }), (error) => (error as DatabaseError).code === '22012');
        assert.equal((await db.query("SELECT to_regclass('dbtest_m_half') AS t")).rows[0]!.t, null);
        const versions = (await db.query<{ version: string }>('SELECT version FROM schema_migrations ORDER BY version')).rows;
        assert.deepEqual(versions.map((r) => r.version), [...bundledVersions, 'test/001_first', 'test/002_second'].sort());
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });
}

describe('backend parity', () => {
  it('gives identical rows on every available backend', { skip: backends.length < 2 && 'only one backend available' }, async () => {
    const outputs = [];
    for (const backend of backends) {
      const db = await backend.open();
      try {
        outputs.push([(await db.query(TYPES_SQL)).rows, (await db.query(PARAMS_SQL, PARAMS)).rows]);
      } finally {
        await db.close();
      }
    }
    for (const output of outputs.slice(1)) assert.deepStrictEqual(output, outputs[0]);
  });
});

describe('openDatabase', () => {
  it('persists PGlite in a directory across close and reopen', async () => {
    const root = await mkdtemp(join(tmpdir(), 'tierchain-pglite-'));
    const dir = join(root, 'nested', 'db');
    try {
      const first = await openDatabase({ dir });
      assert.equal(first.kind, 'pglite');
      await first.query('CREATE TABLE dbtest_kept (v text)');
      await first.transaction((tx) => tx.query('INSERT INTO dbtest_kept VALUES ($1)', ['survives']));
      await first.close();

      const second = await openDatabase({ dir });
      try {
        assert.deepEqual((await second.query('SELECT v FROM dbtest_kept')).rows, [{ v: 'survives' }]);
      } finally {
        await second.close();
      }
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('rejects a schema name that is not a plain identifier', async () => {
    await assert.rejects(openDatabase({ schema: 'x"; DROP TABLE y; --' }), ValidationError);
    await assert.rejects(openDatabase({ url: 'postgres://nowhere.invalid/db', schema: 'Mixed' }), ValidationError);
  });

  it('reports an unreachable PostgreSQL as UnavailableError', async () => {
    await assert.rejects(openDatabase({ url: 'postgres://postgres@127.0.0.1:1/test' }), UnavailableError);
  });

  it('refuses queries after close', async () => {
    const db = await openDatabase({});
    await db.close();
    await db.close();
    await assert.rejects(db.query('SELECT 1'), /database is closed/);
  });
});

describe('readMigrations', () => {
  it('rejects misnamed and doubly numbered files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tierchain-migrations-'));
    try {
      await writeFile(join(dir, 'create_things.sql'), 'SELECT 1;');
      await assert.rejects(readMigrations(dir), /not named NNN_name\.sql/);
      await rm(join(dir, 'create_things.sql'));
      await writeFile(join(dir, '001_a.sql'), 'SELECT 1;');
      await writeFile(join(dir, '001_b.sql'), 'SELECT 1;');
      await assert.rejects(readMigrations(dir), /share the number 001/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('finds the bundled migrations', async () => {
    const db = await openDatabase({});
    try {
      assert.deepEqual(await migrate(db), { applied: engineVersions });
      assert.deepEqual(await migrate(db), { applied: [] });
    } finally {
      await db.close();
    }
  });
});
