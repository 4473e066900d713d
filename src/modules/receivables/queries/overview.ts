/**
 * The operator's and the regulator's overview (GET /v1/overview): outstanding by obligor and by tier, overdue,
 * financed volume and average discount. Read from totals the database keeps as the read models change (triggers:
 * receivables' obligor_totals and open_by_due_day, claims' claim_tier_totals and financing_totals) — not a scan of
 * every claim, nor of every overdue root, per request.
 */
import type { Queryable } from '../../../db/database.ts';
import { ForbiddenError } from '../../../common/errors.ts';
import { readModelTime } from '../../../indexer/projections.ts';
import { claimTotals } from '../../claims/index.ts';
import { Parties, seesEverything, type Principal } from '../../identity/index.ts';
import type { Overview } from '../schemas.ts';

/** UTC midnight of `asOf`'s day: a claim is overdue from the day after its due date (docs/adr/007). */
const startOfDay = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));

export async function overview(db: Queryable, by: Principal, p: { asOf?: Date } = {}): Promise<Overview> {
  if (!seesEverything(by)) throw new ForbiddenError('the overview is for the operator and the regulator');
  const asOf = await readModelTime(db, p.asOf);
  const { rows: obligors } = await db.query<{ obligor: string; face: string; principal_paid: string; interest_paid: string; roots: number; open_roots: number }>(
    `SELECT obligor, face::text AS face, principal_paid::text AS principal_paid, interest_paid::text AS interest_paid, roots, open_roots
       FROM obligor_totals WHERE roots > 0`,
  );
  const parties = await Parties.load(db, obligors.map((o) => o.obligor), null);
  const byObligor = obligors
    .map((o) => ({
      obligor: parties.of(o.obligor),
      issued: o.face,
      principalPaid: o.principal_paid,
      interestPaid: o.interest_paid,
      outstanding: (BigInt(o.face) - BigInt(o.principal_paid)).toString(),
      claims: o.roots,
      openClaims: o.open_roots,
    }))
    .sort((a, b) => (BigInt(b.outstanding) > BigInt(a.outstanding) ? 1 : BigInt(b.outstanding) < BigInt(a.outstanding) ? -1 : a.obligor.address! < b.obligor.address! ? -1 : 1));
  const outstanding = byObligor.reduce((s, o) => s + BigInt(o.outstanding), 0n);

  // Overdue: issued claims due before today with principal unpaid, summed by due day (open_by_due_day, kept by
  // triggers on settlements): a due date before today's UTC midnight is a due day before today.
  const { rows: overdueRows } = await db.query<{ unpaid: string; roots: string }>(
    `SELECT COALESCE(SUM(unpaid), 0)::text AS unpaid, COALESCE(SUM(roots), 0)::text AS roots
       FROM open_by_due_day WHERE due_day < $1::date`,
    [startOfDay(asOf).toISOString().slice(0, 10)],
  );
  const totals = await claimTotals(db);
  return {
    asOf: asOf.toISOString(),
    outstanding: { total: outstanding.toString(), claims: byObligor.reduce((s, o) => s + o.openClaims, 0), byObligor, byTier: totals.byTier },
    overdue: { total: overdueRows[0]!.unpaid, claims: Number(overdueRows[0]!.roots) },
    financed: totals.financed,
  };
}
