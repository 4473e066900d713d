// The maturity ladder's read model (owed_ladder, kept by triggers on claims and settlements) and its query, on each
// database backend: ids defined, supply minted and burnt, a root's first principal paid (its tree leaves), a replay
// (truncate and re-insert), and the day a root falls due (before its due time it is still on the ladder).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from '../../../db/database.ts';
import { availableTestDatabases } from '../../../../test/support/databases.ts';
import { assertOwedLadderAsRecomputed } from '../../../../test/support/positionReference.ts';
import { owedByDueDate } from './ladder.ts';

const CORE = '0x00000000000000000000000000000000000000c0';
const OTHER = '0x00000000000000000000000000000000000000c1';
const id = (n: number) => `0x${n.toString(16).padStart(64, '0')}`;

for (const backend of await availableTestDatabases()) {
  describe(`owed_ladder on ${backend.name}`, () => {
    let db: Database;
    before(async () => {
      db = await backend.open();
    });
    after(async () => db?.close());

    const claim = (n: number, p: { root?: number; depth?: number; obligor?: string; due: string; supply: bigint; kind?: string }) =>
      db.query(
        `INSERT INTO claims (id, parent, root, depth, obligor, due_date, late_rate_bps, max_hops, day_count, kind, consortium_id, total_supply,
           defined_at, defined_block, defined_tx)
         VALUES ($1, $2, $3, $4, $5, $6, 0, 5, 'ACT/365F', $7, 'c', $8, now(), 1, '0x')`,
        [id(n), p.root === undefined ? null : id(p.root), id(p.root ?? n), p.depth ?? 0, p.obligor ?? CORE, p.due, p.kind ?? 'receivable', p.supply.toString()],
      );
    const supply = (n: number, delta: bigint) => db.query('UPDATE claims SET total_supply = total_supply + $2::numeric WHERE id = $1', [id(n), delta.toString()]);
    const settle = (root: number, paid: bigint, interestPaid = 0n) =>
      db.query(
        `INSERT INTO settlements (root, obligor, face, paid, interest_paid, updated_at, updated_block) VALUES ($1, $2, 1000, $3, $4, now(), 1)
         ON CONFLICT (root) DO UPDATE SET paid = EXCLUDED.paid, interest_paid = EXCLUDED.interest_paid`,
        [id(root), CORE, paid.toString(), interestPaid.toString()],
      );
    const ladder = async (asOf: string, idRungs = 31) =>
      (await owedByDueDate(db, CORE, { kind: 'receivable', asOf: new Date(asOf), firstIds: 2, idRungs })).map((r) => [
        r.dueDate,
        r.claims,
        r.units.toString(),
        r.claimIds.map((x) => Number(BigInt(x))),
      ]);

    test('follows ids, supply and payments, and equals its definition after each step', async () => {
      await claim(1, { due: '2027-03-01T10:00:00Z', supply: 1000n });
      await claim(2, { due: '2027-03-02T10:00:00Z', supply: 500n });
      await claim(3, { root: 1, depth: 1, due: '2027-03-05T00:00:00Z', supply: 0n });
      await claim(4, { obligor: OTHER, due: '2027-03-01T10:00:00Z', supply: 9n });
      await claim(5, { kind: 'inventory', due: '2027-03-01T10:00:00Z', supply: 7n });
      await assertOwedLadderAsRecomputed(db);
      assert.deepEqual(await ladder('2027-01-01T00:00:00Z'), [
        ['2027-03-01', 1, '1000', [1]],
        ['2027-03-02', 1, '500', [2]],
      ]);

      // A modify: 400 of root 1 burnt, minted as child 3 (due later, on its own rung).
      await db.transaction(async (tx) => {
        await tx.query('UPDATE claims SET total_supply = total_supply + d.delta FROM unnest($1::text[], $2::numeric[]) AS d(id, delta) WHERE claims.id = d.id', [
          [id(1), id(3)],
          ['-400', '400'],
        ]);
      });
      await assertOwedLadderAsRecomputed(db);
      assert.deepEqual(await ladder('2027-01-01T00:00:00Z'), [
        ['2027-03-01', 1, '600', [1]],
        ['2027-03-02', 1, '500', [2]],
        ['2027-03-05', 1, '400', [3]],
      ]);

      // Root 2's settlement opens unpaid (stays), then its first principal is paid (its tree leaves the ladder).
      await settle(2, 0n);
      await assertOwedLadderAsRecomputed(db);
      assert.equal((await ladder('2027-01-01T00:00:00Z')).length, 3);
      await settle(2, 100n);
      await assertOwedLadderAsRecomputed(db);
      assert.deepEqual(await ladder('2027-01-01T00:00:00Z'), [
        ['2027-03-01', 1, '600', [1]],
        ['2027-03-05', 1, '400', [3]],
      ]);
      // Interest only (paid = interest paid) is no principal: root 2 is back.
      await settle(2, 100n, 100n);
      await assertOwedLadderAsRecomputed(db);
      assert.equal((await ladder('2027-01-01T00:00:00Z')).length, 3);
      await supply(2, -500n);
      await assertOwedLadderAsRecomputed(db);
      assert.equal((await ladder('2027-01-01T00:00:00Z')).length, 2, 'a rung with no units left is gone');

      // A root paid in the same statement as its settlement's insert never counts.
      await claim(6, { due: '2027-04-01T00:00:00Z', supply: 50n });
      await settle(6, 50n);
      await assertOwedLadderAsRecomputed(db);
      assert.equal((await ladder('2027-01-01T00:00:00Z')).length, 2);

      // Ids deleted (the indexer never deletes one, but the model follows): another obligor's, and a paid root's.
      await claim(9, { obligor: OTHER, root: 4, depth: 1, due: '2027-03-09T00:00:00Z', supply: 3n });
      await db.query('DELETE FROM claims WHERE id = ANY($1::text[])', [[id(4), id(9), id(6)]]);
      await assertOwedLadderAsRecomputed(db);
      const other = await db.query<{ n: string }>("SELECT coalesce(sum(units), 0)::text AS n FROM owed_ladder WHERE obligor = $1", [OTHER]);
      assert.equal(other.rows[0]!.n, '0');
    });

    test("on a root's due day: owed until its due time (then the position computes it one by one)", async () => {
      // Root 1 is due 2027-03-01T10:00Z; its child 3 is due 2027-03-05.
      assert.deepEqual(await ladder('2027-03-01T09:59:59Z'), [
        ['2027-03-01', 1, '600', [1]],
        ['2027-03-05', 1, '400', [3]],
      ]);
      assert.deepEqual(await ladder('2027-03-01T10:00:00Z'), [], 'due at that instant: past due, its child with it');
      assert.deepEqual(await ladder('2027-02-28T23:59:59Z'), await ladder('2027-01-01T00:00:00Z'));
    });

    test('names ids in the first rungs only, and at most firstIds of them', async () => {
      await claim(7, { due: '2027-03-01T12:00:00Z', supply: 1n });
      await claim(8, { due: '2027-03-01T13:00:00Z', supply: 1n });
      const rungs = await ladder('2027-01-01T00:00:00Z', 1);
      assert.deepEqual(rungs, [
        ['2027-03-01', 3, '602', [1, 7]],
        ['2027-03-05', 1, '400', []],
      ]);
    });

    test('a replay (truncate, then the same rows again) rebuilds it', async () => {
      const before = await ladder('2027-01-01T00:00:00Z');
      await db.transaction(async (tx) => {
        await tx.query('CREATE TEMP TABLE c_copy AS SELECT * FROM claims');
        await tx.query('CREATE TEMP TABLE s_copy AS SELECT * FROM settlements');
        await tx.query('TRUNCATE claims, settlements, owed_ladder');
        await tx.query('INSERT INTO claims SELECT * FROM c_copy');
        await tx.query('INSERT INTO settlements SELECT * FROM s_copy');
        await tx.query('DROP TABLE c_copy, s_copy');
      });
      await assertOwedLadderAsRecomputed(db);
      assert.deepEqual(await ladder('2027-01-01T00:00:00Z'), before);
    });
  });
}
