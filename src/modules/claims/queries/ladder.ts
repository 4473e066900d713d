/** What an obligor owes by due date: the claims module's side of a position's maturity ladder (migration 003). */
import type { Queryable } from '../../../db/database.ts';

const DAY_MS = 86_400_000;

/**
 * What `obligor` owes of `kind` by due date (UTC day) on roots due after `asOf`, but for the roots in `exceptRoots`
 * (those the caller figures one by one): how many ids have units outstanding, their units, and (in the first
 * `idRungs` rungs) the first `firstIds` of them, earliest due first.
 *
 * Its cost follows the rungs it returns and the roots excepted, not the claims the obligor owes: roots due after
 * `asOf`'s UTC day come summed from `claim_ladder` (less the excepted ones, read from their trees), roots due later on
 * that same day (a day's volume) from their trees, and each rung's first ids from a range of the (obligor, due_date)
 * index, stopping at `firstIds`: at most idRungs × firstIds ids, however many the obligor owes.
 */
export async function owedByDueDate(
  db: Queryable,
  obligor: string,
  p: { kind: string; asOf: Date; exceptRoots: readonly string[]; firstIds: number; idRungs: number },
): Promise<Array<{ dueDate: string; claims: number; units: bigint; claimIds: string[] }>> {
  const day = new Date(Math.floor(p.asOf.getTime() / DAY_MS) * DAY_MS);
  const nextDay = new Date(day.getTime() + DAY_MS);
  const { rows } = await db.query<{ due: string; n: number; units: string; ids: string[] | null }>(
    `WITH rungs AS (
       SELECT due_day, SUM(claims)::int AS n, SUM(units) AS units, row_number() OVER (ORDER BY due_day) AS rank FROM (
         SELECT l.due_day, l.claims, l.units FROM claim_ladder l WHERE l.obligor = $1 AND l.kind = $2 AND l.root_due_day >= $6::date
         UNION ALL
         SELECT (c.due_date AT TIME ZONE 'UTC')::date, -(c.total_supply > 0)::int, -c.total_supply
           FROM claims r JOIN claims c ON c.root = r.id
          WHERE r.id = ANY($8::text[]) AND r.due_date >= $5 AND c.obligor = $1 AND c.kind = $2
         UNION ALL
         SELECT (c.due_date AT TIME ZONE 'UTC')::date, (c.total_supply > 0)::int, c.total_supply
           FROM claims r JOIN claims c ON c.root = r.id
          WHERE r.obligor = $1 AND r.depth = 0 AND r.due_date > $3 AND r.due_date < $5 AND NOT (r.id = ANY($8::text[]))
            AND c.obligor = $1 AND c.kind = $2
       ) x GROUP BY due_day HAVING SUM(claims) > 0
     )
     SELECT to_char(g.due_day, 'YYYY-MM-DD') AS due, g.n, g.units::text AS units, ids.ids
       FROM rungs g, LATERAL (
         SELECT array_agg(f.id ORDER BY f.due_date, f.id) AS ids FROM (
           SELECT c.id, c.due_date FROM claims c
            WHERE c.obligor = $1 AND c.due_date >= (g.due_day::timestamp AT TIME ZONE 'UTC') AND c.due_date < ((g.due_day + 1)::timestamp AT TIME ZONE 'UTC')
              AND c.due_date > $3 AND c.kind = $2 AND c.total_supply > 0 AND NOT (c.root = ANY($8::text[]))
              AND (c.depth = 0 OR (SELECT r.due_date FROM claims r WHERE r.id = c.root) > $3)
              AND g.rank <= $7
            ORDER BY c.due_date, c.id LIMIT $4
         ) f
       ) ids
      ORDER BY g.due_day`,
    [obligor, p.kind, p.asOf, p.firstIds, nextDay, nextDay.toISOString().slice(0, 10), p.idRungs, p.exceptRoots],
  );
  return rows.map((r) => ({ dueDate: r.due, claims: r.n, units: BigInt(r.units), claimIds: r.ids ?? [] }));
}

/**
 * Roots with the amounts to share among their ids: a list, or a query of the caller's own tables that returns rows of
 * (root text, face numeric, principal numeric, interest numeric), with its parameters ($1, $2, …): the roots are then
 * read where they are, in the same statement, and never cross to the server and back (a position's roots past due
 * can be thousands). The query names only the caller's tables; this module adds its own around it.
 */
export type RootAmounts =
  | ReadonlyArray<{ root: string; face: bigint; principal: bigint; interest: bigint }>
  | { sql: string; params: readonly unknown[] };

/**
 * Roots' amounts shared among their ids and summed by the ids' due dates: each id of `kind` owed by `obligor` with
 * units takes floor(units × principal / face) of its root's `principal` and floor(units × interest / face) of its
 * `interest` (the pro-rata rule that pays holders; `div` is exact integer division); ids whose share of principal
 * is 0 are left out. Per due date (UTC day): how many ids, their shares, the earliest due time among them (for days
 * overdue), and the first `firstIds` (earliest due first). One query, whatever the number of ids.
 */
export async function proRataByDueDate(
  db: Queryable,
  obligor: string,
  p: { kind: string; roots: RootAmounts; firstIds: number },
): Promise<Array<{ dueDate: string; claims: number; principal: bigint; interest: bigint; earliestDue: Date; claimIds: string[] }>> {
  let source: string;
  let params: unknown[];
  if (Array.isArray(p.roots)) {
    const roots = (p.roots as ReadonlyArray<{ root: string; face: bigint; principal: bigint; interest: bigint }>).filter((r) => r.face > 0n);
    if (roots.length === 0) return [];
    source = 'SELECT * FROM unnest($1::text[], $2::numeric[], $3::numeric[], $4::numeric[]) AS r(root, face, principal, interest)';
    params = [roots.map((r) => r.root), roots.map((r) => r.face.toString()), roots.map((r) => r.principal.toString()), roots.map((r) => r.interest.toString())];
  } else {
    const q = p.roots as { sql: string; params: unknown[] };
    source = `SELECT q.root, q.face, q.principal, q.interest FROM (${q.sql}) q WHERE q.face > 0`;
    params = [...q.params];
  }
  // This query's own parameters follow the source's.
  const $ = (i: number) => `$${params.length + i}`;
  const { rows } = await db.query<{ due: string; n: number; principal: string; interest: string; earliest: Date; ids: string[] }>(
    // Each root's ids by the (root) index, one root at a time (a hash join would read every claim the obligor owes);
    // the sums per day, then each day's first ids.
    `WITH x AS MATERIALIZED (
       SELECT c.id, c.due_date, (c.due_date AT TIME ZONE 'UTC')::date AS day,
              div(c.total_supply * r.principal, r.face) AS principal, div(c.total_supply * r.interest, r.face) AS interest
         FROM (${source}) r
        CROSS JOIN LATERAL (
          SELECT c.id, c.due_date, c.total_supply FROM claims c
           WHERE c.root = r.root AND c.obligor = ${$(1)} AND c.kind = ${$(2)} AND c.total_supply > 0 OFFSET 0
        ) c
     )
     SELECT to_char(g.day, 'YYYY-MM-DD') AS due, g.n, g.principal::text AS principal, g.interest::text AS interest, g.earliest,
            ARRAY(SELECT x.id FROM x WHERE x.day = g.day AND x.principal > 0 ORDER BY x.due_date, x.id LIMIT ${$(3)}) AS ids
       FROM (SELECT day, count(*)::int AS n, sum(principal) AS principal, sum(interest) AS interest, min(due_date) AS earliest
               FROM x WHERE principal > 0 GROUP BY day) g
      ORDER BY g.day`,
    [...params, obligor, p.kind, p.firstIds],
  );
  return rows.map((r) => ({
    dueDate: r.due,
    claims: r.n,
    principal: BigInt(r.principal),
    interest: BigInt(r.interest),
    earliestDue: r.earliest,
    claimIds: r.ids,
  }));
}
