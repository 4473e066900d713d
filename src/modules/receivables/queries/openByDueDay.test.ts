// open_by_due_day (migrations/008): the principal still unpaid per UTC due day, kept by triggers on settlements, on
// each database backend. Random sequences of inserts, payments (one row or many in one statement, interest first),
// due dates set late, deletes and a replay: after every statement the table equals its definition recomputed from
// settlements, and the overview's overdue figure equals the range over settlements it replaced.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from '../../../db/database.ts';
import { availableTestDatabases } from '../../../../test/support/databases.ts';
import { prng } from '../../../../test/support/prng.ts';

const root = (n: number) => `0x${n.toString(16).padStart(64, '0')}`;
const OBLIGOR = '0x00000000000000000000000000000000000000c0';


/** The kept rows (days with nothing open left out) and their definition recomputed, in one shape. */
async function keptAndRecomputed(db: Database) {
  const kept = await db.query<{ day: string; roots: number; unpaid: string }>(
    `SELECT to_char(due_day, 'YYYY-MM-DD') AS day, roots, unpaid::text AS unpaid FROM open_by_due_day WHERE roots <> 0 OR unpaid <> 0 ORDER BY due_day`,
  );
  const recomputed = await db.query<{ day: string; roots: number; unpaid: string }>(
    `SELECT to_char((due_date AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD') AS day, COUNT(*)::int AS roots, SUM(face - (paid - interest_paid))::text AS unpaid
       FROM settlements WHERE due_date IS NOT NULL AND paid - interest_paid < face GROUP BY 1 ORDER BY 1`,
  );
  return { kept: kept.rows, recomputed: recomputed.rows };
}

for (const backend of await availableTestDatabases()) {
  describe(`open_by_due_day on ${backend.name}`, () => {
    let db: Database;
    before(async () => {
      db = await backend.open();
    });
    after(async () => db?.close());

    test('equals its definition after every statement of a random sequence, and gives the overdue figure of a range over settlements', async () => {
      const seed = Number(process.env.TIERCHAIN_TEST_SEED ?? 7);
      const rnd = prng(seed);
      const int = (n: number) => Math.floor(rnd() * n);
      // Due times spread over 12 days at any time of day: a day's rows gather several roots.
      const dueAt = () => new Date(Date.UTC(2027, 0, 1 + int(12), int(24), int(60))).toISOString();
      let next = 1;
      const live: number[] = [];
      for (let step = 0; step < 120; step++) {
        const what = live.length === 0 ? 0 : int(6);
        if (what === 0) {
          // One to five new settlements in one statement, some without a due date yet.
          const n = 1 + int(5);
          const ids = Array.from({ length: n }, () => next++);
          await db.query(
            `INSERT INTO settlements (root, obligor, face, updated_at, updated_block, due_date)
             SELECT r, $2, f, now(), 1, d FROM unnest($1::text[], $3::numeric[], $4::timestamptz[]) AS x(r, f, d)`,
            [ids.map(root), OBLIGOR, ids.map(() => String(1000 + int(9000))), ids.map(() => (rnd() < 0.15 ? null : dueAt()))],
          );
          live.push(...ids);
        } else if (what <= 2) {
          // Payments to several roots in one statement: interest settled first, some principal, some paid in full.
          const ids = [...new Set(Array.from({ length: 1 + int(4) }, () => live[int(live.length)]!))];
          await db.query(
            `UPDATE settlements s SET interest_paid = s.interest_paid + x.i, paid = LEAST(s.paid + x.i + x.p, s.face + s.interest_paid + x.i)
               FROM unnest($1::text[], $2::numeric[], $3::numeric[]) AS x(r, i, p) WHERE s.root = x.r`,
            [ids.map(root), ids.map(() => String(int(50))), ids.map(() => String(rnd() < 0.3 ? 100_000 : int(3000)))],
          );
        } else if (what === 3) {
          // A due date set (or moved) on a root that had none.
          await db.query('UPDATE settlements SET due_date = $2 WHERE root = $1', [root(live[int(live.length)]!), dueAt()]);
        } else if (what === 4) {
          const gone = live.splice(int(live.length), 1)[0]!;
          await db.query('DELETE FROM settlements WHERE root = $1', [root(gone)]);
        } else {
          // Nothing changes: an update that matches no row, and one that rewrites a row with itself.
          await db.query('UPDATE settlements SET paid = paid WHERE root = $1', [root(live[int(live.length)]!)]);
          await db.query('UPDATE settlements SET paid = paid WHERE root = $1', [root(next + 1000)]);
        }
        const { kept, recomputed } = await keptAndRecomputed(db);
        assert.deepEqual(kept, recomputed, `seed ${seed}, step ${step}`);
      }
      // The overview's overdue figure at each day's midnight: the days before it, as the range over settlements gave.
      for (let day = 1; day <= 13; day++) {
        const midnight = new Date(Date.UTC(2027, 0, day));
        const byDay = await db.query<{ unpaid: string; roots: string }>(
          'SELECT COALESCE(SUM(unpaid), 0)::text AS unpaid, COALESCE(SUM(roots), 0)::text AS roots FROM open_by_due_day WHERE due_day < $1::date',
          [midnight.toISOString().slice(0, 10)],
        );
        const range = await db.query<{ unpaid: string; roots: string }>(
          `SELECT COALESCE(SUM(face - (paid - interest_paid)), 0)::text AS unpaid, COUNT(*)::text AS roots
             FROM settlements WHERE due_date < $1 AND paid - interest_paid < face`,
          [midnight],
        );
        assert.deepEqual(byDay.rows[0], range.rows[0], `before ${midnight.toISOString()}`);
      }
      // A replay truncates the read models together and writes them again: the kept rows follow.
      const { rows: saved } = await db.query('SELECT root, obligor, face::text AS face, paid::text AS paid, interest_paid::text AS interest_paid, due_date FROM settlements');
      await db.query('TRUNCATE settlements, open_by_due_day');
      await db.query(
        `INSERT INTO settlements (root, obligor, face, paid, interest_paid, updated_at, updated_block, due_date)
         SELECT root, obligor, face, paid, interest_paid, now(), 1, due_date
           FROM json_to_recordset($1::json) AS x(root text, obligor text, face numeric, paid numeric, interest_paid numeric, due_date timestamptz)`,
        [JSON.stringify(saved)],
      );
      const { kept, recomputed } = await keptAndRecomputed(db);
      assert.deepEqual(kept, recomputed);
      assert.ok(recomputed.length > 3, 'the sequence left several days with principal open');
    });
  });
}
