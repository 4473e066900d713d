// A position's one-by-one roots have their figures worked out by the database (rootFiguresToCompute): the SQL must be
// money.ts's owedAt (= Receivables.owed) exactly, on each backend. Random settlements (checkpoints with accrued days,
// interest due and carry, partial and full payments, both day counts, rates from 0) at random instants, from a
// seed printed with any failure.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Database } from '../../../db/database.ts';
import { dayCountFromChain, owedAt } from '../../../domain/money.ts';
import { availableTestDatabases } from '../../../../test/support/databases.ts';
import { prng } from '../../../../test/support/prng.ts';
import { rootFiguresToCompute, seconds } from './settlements.ts';

const CORE = '0x00000000000000000000000000000000000000c0';
const DAY = 86_400;
const BASE = Date.UTC(2027, 0, 1) / 1000;
const id = (n: number) => `0x${n.toString(16).padStart(64, '0')}`;

interface Case {
  root: string;
  face: bigint;
  paid: bigint;
  interestPaid: bigint;
  interestDue: bigint;
  accruedDays: bigint;
  carry: bigint;
  dueSec: bigint;
  rateBps: bigint;
  dayCount: 0 | 1;
}

function generate(seed: number, n: number): Case[] {
  const rnd = prng(seed);
  const int = (max: number) => Math.floor(rnd() * max);
  return Array.from({ length: n }, (_, i) => {
    const face = BigInt(1 + int(10 ** (1 + int(12))));
    const dayCount = int(2) as 0 | 1;
    const principalPaid = [0n, face, (face * BigInt(int(100))) / 100n][int(3)]!;
    const interestPaid = BigInt(int(3) === 0 ? 0 : int(1_000_000));
    return {
      root: id(i + 1),
      face,
      paid: principalPaid + interestPaid,
      interestPaid,
      interestDue: BigInt(int(2) === 0 ? 0 : int(5_000_000)),
      accruedDays: BigInt(int(3) === 0 ? 0 : int(400)),
      carry: BigInt(int(10_000 * (dayCount === 0 ? 360 : 365))),
      // Due times anywhere in a day, over two years: some instants fall on the due day itself.
      dueSec: BigInt(BASE + int(730) * DAY + int(DAY)),
      rateBps: BigInt([0, 1, 500, 1200, 10_000][int(5)]!),
      dayCount,
    };
  });
}

for (const backend of await availableTestDatabases()) {
  describe(`the database's late interest is owedAt's (${backend.name})`, () => {
    let db: Database;
    before(async () => {
      db = await backend.open();
    });
    after(async () => db?.close());

    test('random settlements at random instants: principal and late interest equal owedAt; which roots are taken one by one', async () => {
      const seed = Number(process.env.TIERCHAIN_TEST_SEED ?? Date.now() % 1_000_000);
      const cases = generate(seed, 300);
      const col = <T>(f: (c: Case) => T) => cases.map(f);
      const at = (sec: bigint) => new Date(Number(sec) * 1000).toISOString();
      await db.query(
        `INSERT INTO settlements (root, obligor, face, paid, interest_paid, interest_due, accrued_days, interest_carry, updated_at, updated_block, due_date,
           late_rate_bps, day_count)
         SELECT d.root, $2, d.face, d.paid, d.ip, d.idue, d.ad, d.carry, now(), 1, d.due, d.rate, d.dc
           FROM unnest($1::text[], $3::numeric[], $4::numeric[], $5::numeric[], $6::numeric[], $7::int[], $8::bigint[], $9::timestamptz[], $10::int[], $11::int[])
             AS d(root, face, paid, ip, idue, ad, carry, due, rate, dc)`,
        [
          col((c) => c.root), CORE, col((c) => c.face.toString()), col((c) => c.paid.toString()), col((c) => c.interestPaid.toString()),
          col((c) => c.interestDue.toString()), col((c) => Number(c.accruedDays)), col((c) => c.carry.toString()), col((c) => at(c.dueSec)),
          col((c) => Number(c.rateBps)), col((c) => c.dayCount),
        ],
      );
      const rnd = prng(seed + 1);
      let late = 0;
      for (let k = 0; k < 12; k++) {
        // Whole seconds and a part of one (the instant is floored to its second, as the chain's block time is).
        const asOf = new Date((BASE + Math.floor(rnd() * 800 * DAY)) * 1000 + Math.floor(rnd() * 1000));
        const now = seconds(asOf);
        const got = new Map((await rootFiguresToCompute(db, CORE, asOf)).map((r) => [r.root, r]));
        for (const c of cases) {
          const principal = c.face - (c.paid - c.interestPaid);
          const pastDue = c.dueSec * 1000n <= BigInt(asOf.getTime());
          const open = principal > 0n || c.interestDue > 0n;
          const taken = pastDue ? open : c.paid > c.interestPaid;
          const r = got.get(c.root);
          const where = `seed ${seed}, root ${Number(BigInt(c.root))} at ${asOf.toISOString()}`;
          assert.equal(r !== undefined, taken, `${where}: taken one by one`);
          if (!r) continue;
          const owed = owedAt(
            { face: c.face, paid: c.paid, interestPaid: c.interestPaid, interestDue: c.interestDue, accruedDays: c.accruedDays, interestCarry: c.carry },
            { dueDateSec: c.dueSec, lateRateBps: c.rateBps, dayCount: dayCountFromChain(c.dayCount) },
            now,
          );
          assert.deepEqual({ principal: r.principal, interest: r.interest, pastDue: r.pastDue }, { principal: owed.principal, interest: owed.interest, pastDue }, where);
          if (owed.interest > 0n) late++;
        }
      }
      assert.ok(late > 100, `the instants found late interest owed (${late} times)`);
    });
  });
}
