// What an obligor owes by due date: the claim_ladder read model (kept by triggers on claims) and its two queries, on
// each database backend: ids defined, supply minted and burnt, deleted, a replay (truncate and re-insert), roots
// the caller figures itself left out, the day a root falls due (before its due time it is still owed), the ids a
// rung names, and roots' amounts shared pro rata among their ids.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from '../../../db/database.ts';
import { availableTestDatabases } from '../../../../test/support/databases.ts';
import { assertClaimLadderAsRecomputed } from '../../../../test/support/positionReference.ts';
import { owedByDueDate, proRataByDueDate } from './ladder.ts';

const CORE = '0x00000000000000000000000000000000000000c0';
const OTHER = '0x00000000000000000000000000000000000000c1';
const id = (n: number) => `0x${n.toString(16).padStart(64, '0')}`;
const num = (x: string) => Number(BigInt(x));

for (const backend of await availableTestDatabases()) {
  describe(`claim_ladder on ${backend.name}`, () => {
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
    const supply = (deltas: Array<[number, bigint]>) =>
      db.query('UPDATE claims SET total_supply = claims.total_supply + d.delta FROM unnest($1::text[], $2::numeric[]) AS d(id, delta) WHERE claims.id = d.id', [
        deltas.map(([n]) => id(n)),
        deltas.map(([, d]) => d.toString()),
      ]);
    const ladder = async (asOf: string, p: { except?: number[]; idRungs?: number } = {}) =>
      (
        await owedByDueDate(db, CORE, { kind: 'receivable', asOf: new Date(asOf), exceptRoots: (p.except ?? []).map(id), firstIds: 2, idRungs: p.idRungs ?? 31 })
      ).map((r) => [r.dueDate, r.claims, r.units.toString(), r.claimIds.map(num)]);
    const EARLY = '2027-01-01T00:00:00Z';

    test('follows ids and supply, and equals its definition after each step', async () => {
      await claim(1, { due: '2027-03-01T10:00:00Z', supply: 1000n });
      await claim(2, { due: '2027-03-02T10:00:00Z', supply: 500n });
      await claim(3, { root: 1, depth: 1, due: '2027-03-05T00:00:00Z', supply: 0n });
      await claim(4, { obligor: OTHER, due: '2027-03-01T10:00:00Z', supply: 9n });
      await claim(5, { kind: 'inventory', due: '2027-03-01T10:00:00Z', supply: 7n });
      await assertClaimLadderAsRecomputed(db);
      assert.deepEqual(await ladder(EARLY), [
        ['2027-03-01', 1, '1000', [1]],
        ['2027-03-02', 1, '500', [2]],
      ]);

      // A modify in one statement: 400 of root 1 burnt, minted as child 3 (due later, on its own rung).
      await supply([[1, -400n], [3, 400n]]);
      await assertClaimLadderAsRecomputed(db);
      assert.deepEqual(await ladder(EARLY), [
        ['2027-03-01', 1, '600', [1]],
        ['2027-03-02', 1, '500', [2]],
        ['2027-03-05', 1, '400', [3]],
      ]);
      await supply([[2, -500n]]);
      await assertClaimLadderAsRecomputed(db);
      assert.equal((await ladder(EARLY)).length, 2, 'a rung with no units left is gone');
      await supply([[2, 500n]]);

      // Ids deleted (the indexer never deletes one, but the model follows), a root with its child in one statement.
      await claim(9, { obligor: OTHER, root: 4, depth: 1, due: '2027-03-09T00:00:00Z', supply: 3n });
      await db.query('DELETE FROM claims WHERE id = ANY($1::text[])', [[id(4), id(9)]]);
      await assertClaimLadderAsRecomputed(db);
      const other = await db.query<{ n: string }>('SELECT coalesce(sum(units), 0)::text AS n FROM claim_ladder WHERE obligor = $1', [OTHER]);
      assert.equal(other.rows[0]!.n, '0');
    });

    test('leaves out the roots the caller figures itself, with their trees', async () => {
      assert.deepEqual(await ladder(EARLY, { except: [1] }), [['2027-03-02', 1, '500', [2]]]);
      assert.deepEqual(await ladder(EARLY, { except: [2, 77] }), [
        ['2027-03-01', 1, '600', [1]],
        ['2027-03-05', 1, '400', [3]],
      ]);
    });

    test("on a root's due day: owed until its due time, its tree with it", async () => {
      // Root 1 is due 2027-03-01T10:00Z, its child 3 on 2027-03-05; root 2 on 2027-03-02T10:00Z.
      assert.deepEqual(await ladder('2027-03-01T09:59:59Z'), await ladder(EARLY));
      assert.deepEqual(await ladder('2027-03-01T09:59:59Z', { except: [1] }), [['2027-03-02', 1, '500', [2]]]);
      assert.deepEqual(await ladder('2027-03-01T10:00:00Z'), [['2027-03-02', 1, '500', [2]]], 'root 1 due: past due, its child with it');
      assert.deepEqual(await ladder('2027-02-28T23:59:59Z'), await ladder(EARLY));
    });

    test('names ids in the first rungs only, and at most firstIds of them', async () => {
      await claim(7, { due: '2027-03-01T12:00:00Z', supply: 1n });
      await claim(8, { due: '2027-03-01T13:00:00Z', supply: 1n });
      assert.deepEqual(await ladder(EARLY, { idRungs: 1 }), [
        ['2027-03-01', 3, '602', [1, 7]],
        ['2027-03-02', 1, '500', []],
        ['2027-03-05', 1, '400', []],
      ]);
    });

    test("shares roots' amounts pro rata among their ids, by due date", async () => {
      // Root 1: 600 units on itself (due 03-01 10:00), 400 on child 3 (03-05); face 1000. Root 7: 1 unit, face 3.
      const rows = await proRataByDueDate(db, CORE, {
        kind: 'receivable',
        roots: [
          { root: id(1), face: 1000n, principal: 333n, interest: 7n },
          { root: id(7), face: 3n, principal: 2n, interest: 2n },
          { root: id(2), face: 0n, principal: 1n, interest: 1n },
        ],
        firstIds: 5,
      });
      assert.deepEqual(
        rows.map((r) => [r.dueDate, r.claims, r.principal.toString(), r.interest.toString(), r.earliestDue.toISOString(), r.claimIds.map(num)]),
        [
          // floor(600 × 333 / 1000) = 199, floor(600 × 7 / 1000) = 4; root 7: floor(1 × 2 / 3) = 0 → left out.
          ['2027-03-01', 1, '199', '4', '2027-03-01T10:00:00.000Z', [1]],
          // floor(400 × 333 / 1000) = 133, floor(400 × 7 / 1000) = 2.
          ['2027-03-05', 1, '133', '2', '2027-03-05T00:00:00.000Z', [3]],
        ],
      );
      assert.deepEqual(await proRataByDueDate(db, CORE, { kind: 'receivable', roots: [], firstIds: 5 }), []);
    });

    test('a replay (truncate, then the same rows again) rebuilds it', async () => {
      const before = await ladder(EARLY);
      await db.transaction(async (tx) => {
        await tx.query('CREATE TEMP TABLE c_copy AS SELECT * FROM claims');
        await tx.query('TRUNCATE claims, claim_ladder');
        await tx.query('INSERT INTO claims SELECT * FROM c_copy');
        await tx.query('DROP TABLE c_copy');
      });
      await assertClaimLadderAsRecomputed(db);
      assert.deepEqual(await ladder(EARLY), before);
    });
  });
}
