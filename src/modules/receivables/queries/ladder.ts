/** The part of an obligor's maturity ladder that comes from the `owed_ladder` read model (migration 007). */
import type { Queryable } from '../../../db/database.ts';

const DAY_MS = 86_400_000;

/**
 * What `obligor` owes of `kind` by due date (UTC day) on roots due after `asOf` with no principal paid yet: how many
 * ids have units outstanding, their units, and (in the first `idRungs` rungs) the first `firstIds` of them, earliest due
 * first. The roots this
 * leaves out (due at or before `asOf`, or with principal paid) are the ones a position computes one by one.
 *
 * Its cost follows the rungs it returns, not the claims the obligor owes: roots due after `asOf`'s UTC day come
 * summed from `owed_ladder`; roots due later on that same day (a day's volume) from their trees; each rung's first
 * ids from a range of the (obligor, due_date) index, stopping at `firstIds`: at most idRungs × firstIds ids, however
 * many the obligor owes.
 */
export async function owedByDueDate(
  db: Queryable,
  obligor: string,
  p: { kind: string; asOf: Date; firstIds: number; idRungs: number },
): Promise<Array<{ dueDate: string; claims: number; units: bigint; claimIds: string[] }>> {
  const day = new Date(Math.floor(p.asOf.getTime() / DAY_MS) * DAY_MS);
  const nextDay = new Date(day.getTime() + DAY_MS);
  const { rows } = await db.query<{ due: string; n: number; units: string; ids: string[] | null }>(
    `WITH rungs AS (
       SELECT due_day, SUM(claims)::int AS n, SUM(units) AS units, row_number() OVER (ORDER BY due_day) AS rank FROM (
         SELECT l.due_day, l.claims, l.units FROM owed_ladder l WHERE l.obligor = $1 AND l.kind = $2 AND l.root_due_day >= $6::date
         UNION ALL
         SELECT (c.due_date AT TIME ZONE 'UTC')::date, (c.total_supply > 0)::int, c.total_supply
           FROM claims r JOIN claims c ON c.root = r.id
          WHERE r.obligor = $1 AND r.depth = 0 AND r.due_date > $3 AND r.due_date < $5 AND c.kind = $2
            AND NOT EXISTS (SELECT 1 FROM settlements s WHERE s.root = r.id AND s.paid > s.interest_paid)
       ) x GROUP BY due_day HAVING SUM(claims) > 0
     )
     SELECT to_char(g.due_day, 'YYYY-MM-DD') AS due, g.n, g.units::text AS units, ids.ids
       FROM rungs g, LATERAL (
         SELECT array_agg(f.id ORDER BY f.due_date, f.id) AS ids FROM (
           SELECT c.id, c.due_date FROM claims c
            WHERE c.obligor = $1 AND c.due_date >= (g.due_day::timestamp AT TIME ZONE 'UTC') AND c.due_date < ((g.due_day + 1)::timestamp AT TIME ZONE 'UTC')
              AND c.due_date > $3 AND c.kind = $2 AND c.total_supply > 0
              AND NOT EXISTS (SELECT 1 FROM settlements s WHERE s.root = c.root AND s.paid > s.interest_paid)
              AND (c.depth = 0 OR (SELECT r.due_date FROM claims r WHERE r.id = c.root) > $3)
              AND g.rank <= $7
            ORDER BY c.due_date, c.id LIMIT $4
         ) f
       ) ids
      ORDER BY g.due_day`,
    [obligor, p.kind, p.asOf, p.firstIds, nextDay, nextDay.toISOString().slice(0, 10), p.idRungs],
  );
  return rows.map((r) => ({ dueDate: r.due, claims: r.n, units: BigInt(r.units), claimIds: r.ids ?? [] }));
}

/**
 * The ladder's rungs of the roots a position computes one by one (past due and open, or paid early), given each
 * root's figures at the position's instant (computed in TypeScript by the money rules: principal outstanding and
 * late interest): each id of `kind` with units takes floor(units × outstanding / face) of the principal and
 * floor(units × lateInterest / face) of the interest (maturityOf's rule, summed in the database, where `div` is
 * exact integer division); ids whose share of principal is 0 are left out. Per due date (UTC day): how many ids,
 * their principal and interest, the earliest due time among them (for the days overdue), and the first `firstIds`.
 */
export async function owedRootByRoot(
  db: Queryable,
  obligor: string,
  p: { kind: string; roots: ReadonlyArray<{ root: string; face: bigint; outstanding: bigint; lateInterest: bigint }>; firstIds: number },
): Promise<Array<{ dueDate: string; claims: number; unpaid: bigint; lateInterest: bigint; earliestDue: Date; claimIds: string[] }>> {
  const roots = p.roots.filter((r) => r.face > 0n);
  if (roots.length === 0) return [];
  const { rows } = await db.query<{ due: string; n: number; unpaid: string; late: string; earliest: Date; ids: string[] }>(
    `SELECT to_char(x.due_date AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS due, count(*)::int AS n, sum(x.unpaid)::text AS unpaid, sum(x.late)::text AS late,
            min(x.due_date) AS earliest, (array_agg(x.id ORDER BY x.due_date, x.id))[1:$7] AS ids
       FROM (
         SELECT c.id, c.due_date, div(c.total_supply * r.outstanding, r.face) AS unpaid, div(c.total_supply * r.late, r.face) AS late
           FROM unnest($3::text[], $4::numeric[], $5::numeric[], $6::numeric[]) AS r(root, face, outstanding, late)
           JOIN claims c ON c.root = r.root
          WHERE c.obligor = $1 AND c.kind = $2 AND c.total_supply > 0
       ) x
      WHERE x.unpaid > 0
      GROUP BY 1 ORDER BY 1`,
    [
      obligor,
      p.kind,
      roots.map((r) => r.root),
      roots.map((r) => r.face.toString()),
      roots.map((r) => r.outstanding.toString()),
      roots.map((r) => r.lateInterest.toString()),
      p.firstIds,
    ],
  );
  return rows.map((r) => ({ dueDate: r.due, claims: r.n, unpaid: BigInt(r.unpaid), lateInterest: BigInt(r.late), earliestDue: r.earliest, claimIds: r.ids }));
}
