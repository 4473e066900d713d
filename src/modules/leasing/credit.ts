/**
 * Leasing's part of a member's credit history (docs/adr/021-credit-score.md, docs/adr/020-leasing.md), from the leases,
 * rent payments and services (read models of the lease book's and the provider registry's events):
 * - each rent period of a lessee is one obligation, due on its due day: on time when paid on it or before
 *   (DayCount.daysLate = 0), its days overdue running to the payment or, while unpaid, to `asOf`; the rent paid (fixed
 *   and per usage hour, without late interest) is volume; a lease that defaulted has as obligations the periods up to
 *   the last one owed at its default, those its deposit paid in full being paid on the default's day, and counts as a
 *   default;
 * - each service rating a provider received counts with its points.
 * The credit module adds these to the other products' facts and scores them; the leasing record shown where a party is
 * matched or chosen is that score with the party's leasing facts (leases, deposits, services).
 */
import type { Queryable } from '../../db/database.ts';
import { addCreditFacts, daysLate, obligationCreditFacts, type CreditFactSource, type CreditFacts } from '../../platform/creditFacts.ts';
import { creditSummaries, type CreditContext } from '../credit/index.ts';
import type { CreditRecordView } from './schemas.ts';

const DAY_MS = 86_400_000;

export const leasingCreditFacts: CreditFactSource = async (db, p) => {
  const out = new Map<string, CreditFacts>();
  const { rows: leases } = await db.query<{ lease_id: string; lessee: string; start_day: Date; period_days: number; periods: number; defaulted_at: Date | null; covered: boolean }>(
    `SELECT lease_id, lessee, start_day, period_days, defaulted_at, covered,
            CASE WHEN defaulted_at IS NULL THEN periods ELSE default_first_period + default_periods_owed - 1 END AS periods
       FROM (SELECT *, CASE WHEN status = 'defaulted' AND ended_at <= $2 THEN ended_at END AS defaulted_at,
                    default_deposit_applied >= default_rent_owed + default_late_interest_owed AS covered
               FROM leasing_leases WHERE lessee = ANY($1::text[]) AND start_day IS NOT NULL AND start_day <= $2) l`,
    [p.members, p.asOf],
  );
  const { rows: paid } = leases.length
    ? await db.query<{ lease_id: string; period: number; rent: string; usage_rent: string; paid_at: Date }>(
        `SELECT lease_id, period, rent::text, usage_rent::text, paid_at FROM leasing_rent_payments WHERE lease_id = ANY($1::text[]) AND paid_at <= $2`,
        [leases.map((l) => l.lease_id), p.asOf],
      )
    : { rows: [] };
  for (const l of leases) {
    if (l.defaulted_at) out.set(l.lessee, addCreditFacts(out.get(l.lessee), { defaults: 1 }));
    for (let k = 1; k <= l.periods; k++) {
      const due = new Date(l.start_day.getTime() + k * l.period_days * DAY_MS);
      const payment = paid.find((x) => x.lease_id === l.lease_id && x.period === k);
      if (!payment && !l.defaulted_at && daysLate(due, p.asOf) < 1) break;
      const byDeposit = !payment && l.defaulted_at && l.covered ? l.defaulted_at : null;
      const facts = obligationCreditFacts(
        { dueDate: due, completedAt: payment?.paid_at ?? byDeposit, principalPaid: payment ? BigInt(payment.rent) + BigInt(payment.usage_rent) : 0n },
        p.asOf,
      );
      out.set(l.lessee, addCreditFacts(out.get(l.lessee), facts));
    }
  }
  const { rows: rated } = await db.query<{ provider: string; ratings: number; points: number }>(
    `SELECT provider, count(*)::int AS ratings, sum(rating)::int AS points FROM leasing_services
      WHERE provider = ANY($1::text[]) AND rating IS NOT NULL AND rated_at <= $2 GROUP BY provider`,
    [p.members, p.asOf],
  );
  for (const r of rated) out.set(r.provider, addCreditFacts(out.get(r.provider), { ratings: r.ratings, ratingPoints: r.points }));
  return out;
};

interface LeasingFacts {
  leasesAsLessee: number;
  leasesAsLessor: number;
  leasesFunded: number;
  leasesCompleted: number;
  depositsPosted: bigint;
  servicesCompleted: number;
  ratings: number;
  ratingSum: number;
}

/** The leasing facts of many parties at once (addresses lower-case): what the record shows beside the score. */
async function leasingFacts(db: Queryable, parties: readonly string[]): Promise<Map<string, LeasingFacts>> {
  const out = new Map<string, LeasingFacts>(
    parties.map((id) => [id, { leasesAsLessee: 0, leasesAsLessor: 0, leasesFunded: 0, leasesCompleted: 0, depositsPosted: 0n, servicesCompleted: 0, ratings: 0, ratingSum: 0 }]),
  );
  if (parties.length === 0) return out;
  const { rows: leases } = await db.query<{ party: string; as_lessee: number; as_lessor: number; completed: number; deposits: string }>(
    `SELECT party, sum(as_lessee)::int AS as_lessee, sum(as_lessor)::int AS as_lessor, sum(completed)::int AS completed, sum(deposits)::text AS deposits FROM (
       SELECT lessee AS party, 1 AS as_lessee, 0 AS as_lessor, (status IN ('purchased', 'returned'))::int AS completed,
              CASE WHEN status IN ('accepted', 'active', 'purchased', 'returned', 'defaulted') THEN deposit ELSE 0 END AS deposits
         FROM leasing_leases WHERE lessee = ANY($1)
       UNION ALL
       SELECT lessor, 0, 1, (status IN ('purchased', 'returned'))::int, 0 FROM leasing_leases WHERE lessor = ANY($1)
     ) x GROUP BY party`,
    [parties],
  );
  for (const r of leases) Object.assign(out.get(r.party)!, { leasesAsLessee: r.as_lessee, leasesAsLessor: r.as_lessor, leasesCompleted: r.completed, depositsPosted: BigInt(r.deposits) });
  const { rows: funded } = await db.query<{ investor: string; n: number }>(
    'SELECT investor, count(DISTINCT lease_id)::int AS n FROM leasing_fundings WHERE investor = ANY($1) GROUP BY investor',
    [parties],
  );
  for (const r of funded) out.get(r.investor)!.leasesFunded = r.n;
  const { rows: services } = await db.query<{ provider: string; n: number; ratings: number; rating_sum: number }>(
    `SELECT provider, count(*)::int AS n, count(rating)::int AS ratings, coalesce(sum(rating), 0)::int AS rating_sum FROM leasing_services WHERE provider = ANY($1) GROUP BY provider`,
    [parties],
  );
  for (const r of services) Object.assign(out.get(r.provider)!, { servicesCompleted: r.n, ratings: r.ratings, ratingSum: r.rating_sum });
  return out;
}

/** Each party's credit record: the platform's score (every product's facts, the credit module) and its leasing facts. */
export async function creditRecords(ctx: CreditContext, parties: readonly string[]): Promise<Map<string, CreditRecordView>> {
  const ids = [...new Set(parties.map((p) => p.toLowerCase()))];
  const [summaries, facts] = await Promise.all([creditSummaries(ctx, ids), leasingFacts(ctx.db, ids)]);
  return new Map(
    ids.map((party) => {
      const s = summaries.get(party)!;
      const f = facts.get(party)!;
      return [
        party,
        {
          party,
          score: s.score,
          band: s.band,
          paidOnTime: s.facts.paidOnTime,
          obligations: s.facts.obligations,
          daysOverdue: s.facts.daysOverdue,
          leasesAsLessee: f.leasesAsLessee,
          leasesAsLessor: f.leasesAsLessor,
          leasesFunded: f.leasesFunded,
          leasesCompleted: f.leasesCompleted,
          depositsPosted: f.depositsPosted.toString(),
          servicesCompleted: f.servicesCompleted,
          ratings: f.ratings,
          averageRating: f.ratings ? Math.round((f.ratingSum * 100) / f.ratings) / 100 : null,
        },
      ];
    }),
  );
}

/** A score for ranking: the platform's score, or 500 (the formula's base) for a party without history. */
export const rankingScore = (r: CreditRecordView | undefined) => r?.score ?? 500;
