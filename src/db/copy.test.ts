// insertColumns (src/db/copy.ts): COPY inside a transaction on PostgreSQL, one INSERT elsewhere; the same rows either
// way, whatever the text holds (tabs, newlines, backslashes, quotes, \N itself, non-ASCII), NULLs, large numerics,
// JSON and instants; a constraint broken by a COPY is the same DatabaseError as by a statement, and rolls back.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { availableTestDatabases } from '../../test/support/databases.ts';
import { copyText, insertColumns, type Column } from './copy.ts';
import { DatabaseError, isUniqueViolation, type Database } from './database.ts';

const COLUMNS: Column[] = [
  { name: 'n', type: 'bigint' },
  { name: 'label', type: 'text' },
  { name: 'amount', type: 'numeric' },
  { name: 'args', type: 'json' },
  { name: 'at', type: 'timestamptz' },
];
const AWKWARD = ['plain', 'tab\there', 'line\nbreak', 'carriage\rreturn', 'back\\slash', '\\N', 'quote " and \'', '汇票 — 应收账款', '', 'end\\'];

function rows(first: number) {
  const values: unknown[][] = [[], [], [], [], []];
  AWKWARD.forEach((label, i) => {
    values[0]!.push(String(first + i));
    values[1]!.push(i === 3 ? null : label);
    values[2]!.push(i === 4 ? null : (10n ** 60n + BigInt(i)).toString());
    values[3]!.push(JSON.stringify({ label, nested: { list: [1, '\t', null] }, i }));
    values[4]!.push(new Date(Date.UTC(2027, 0, 1, 0, 0, i, 123)).toISOString());
  });
  return values;
}

test('copyText writes COPY text format: tab-separated, \\N for NULL, backslash, tab, newline and CR escaped', () => {
  assert.equal(copyText([['1', '2'], ['a\tb', null], ['x\\y', 'line\nend\r']]), '1\ta\\tb\tx\\\\y\n2\t\\N\tline\\nend\\r\n');
  assert.equal(copyText([[], []]), '');
});

for (const backend of await availableTestDatabases()) {
  describe(`insertColumns on ${backend.name}`, () => {
    let db: Database;
    before(async () => {
      db = await backend.open();
      await db.query('CREATE TABLE copy_probe (n bigint PRIMARY KEY, label text, amount numeric(78,0), args json NOT NULL, at timestamptz NOT NULL)');
    });
    after(async () => db?.close());

    const read = async (from: number, to: number) =>
      (
        await db.query<{ n: string; label: string | null; amount: string | null; args: unknown; at: Date }>(
          'SELECT n::text AS n, label, amount::text AS amount, args, at FROM copy_probe WHERE n BETWEEN $1 AND $2 ORDER BY n',
          [from, to],
        )
      ).rows.map((r) => ({ ...r, n: r.n.toString(), at: r.at.toISOString() }));

    test('the same rows inside a transaction (COPY on PostgreSQL) and outside (one INSERT), whatever the text holds', async () => {
      const copied = await db.transaction(async (tx) => {
        assert.equal(typeof tx.copyIn === 'function', backend.name === 'postgres', 'COPY is offered in transactions on PostgreSQL only');
        await insertColumns(tx, 'copy_probe', COLUMNS, rows(100));
        return true;
      });
      assert.ok(copied);
      await insertColumns(db, 'copy_probe', COLUMNS, rows(200));
      const a = await read(100, 199);
      const b = await read(200, 299);
      assert.equal(a.length, AWKWARD.length);
      assert.deepEqual(a.map((r) => ({ ...r, n: String(Number(r.n) - 100) })), b.map((r) => ({ ...r, n: String(Number(r.n) - 200) })));
      assert.deepEqual(a.map((r) => r.label), AWKWARD.map((l, i) => (i === 3 ? null : l)));
      assert.equal(a[0]!.amount, (10n ** 60n).toString());
      assert.equal(a[4]!.amount, null);
      assert.deepEqual(a[1]!.args, { label: 'tab\there', nested: { list: [1, '\t', null] }, i: 1 });
      assert.equal(a[2]!.at, '2027-01-01T00:00:02.123Z');
    });

    // COPY is PostgreSQL's (PGlite's transactions offer no copyIn: the first test).
    if (backend.name === 'postgres') test('COPY text given in parts (any split between rows, an empty part) gives the rows of the whole text', async () => {
      const text = copyText(rows(400), 0, AWKWARD.length, COLUMNS);
      const lines = text.split(/(?<=\n)/);
      const parts = [lines.slice(0, 3).join(''), lines.slice(3, 4).join(''), '', lines.slice(4, 8).join(''), lines.slice(8).join('')];
      await db.transaction(async (tx) => tx.copyIn!('COPY copy_probe (n, label, amount, args, at) FROM STDIN', parts));
      await insertColumns(db, 'copy_probe', COLUMNS, rows(500));
      const a = await read(400, 499);
      assert.equal(a.length, AWKWARD.length);
      assert.deepEqual(a.map((r) => ({ ...r, n: String(Number(r.n) - 400) })), (await read(500, 599)).map((r) => ({ ...r, n: String(Number(r.n) - 500) })));
      // A COPY the server refuses (a field that is not a number) fails with its error, and the connection goes on.
      const refused = await db.transaction(async (tx) => tx.copyIn!('COPY copy_probe (n, label, amount, args, at) FROM STDIN', ['x\ty\t1\t{}\t2027-01-01T00:00:00Z\n'])).then(() => null, (e: unknown) => e);
      assert.ok(refused instanceof DatabaseError && /bigint/.test(refused.message), String(refused));
      assert.equal((await db.query<{ n: string }>('SELECT count(*)::text AS n FROM copy_probe')).rows[0]!.n, String(AWKWARD.length * 4));
    });

    test('a row that breaks a constraint fails the whole insert with the database error, and its transaction rolls back', async () => {
      const error = await db
        .transaction(async (tx) => {
          await insertColumns(tx, 'copy_probe', COLUMNS, rows(300));
          await insertColumns(tx, 'copy_probe', COLUMNS, rows(305)); // 305–309 again
        })
        .then(() => null, (e: unknown) => e);
      assert.ok(error instanceof DatabaseError, String(error));
      assert.ok(isUniqueViolation(error), String(error));
      assert.deepEqual(await read(300, 399), []);
      await db.transaction(async (tx) => insertColumns(tx, 'copy_probe', COLUMNS, [[], [], [], [], []]));
      await assert.rejects(insertColumns(db, 'copy_probe', COLUMNS, [[], []]), /2 arrays of values/);
    });
  });
}
