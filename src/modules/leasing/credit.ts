/**
 * A party's credit record from its leasing history on-chain (the read models are replays of the chain's events):
 * leases as lessee, lessor and investor, rent paid on time and late, deposits posted, services done and their ratings.
 * The facts come from one query and the score from one pure function, so both can move into a platform-wide credit
 * module when there is one (docs/adr/020-leasing.md).
 *
 * Score (0..1000, deterministic): 500
 *   + 20 per rent payment on time (at most +200)      − 40 per late payment, − 2 per day late (together at most −400)
 *   + 25 per lease completed as lessee or lessor (at most +100)
 *   + (average rating − 3) × 50 when rated (−100..+100)
 *   + 1 per 10,000 minor units of deposits posted (at most +100)
 * clamped to 0..1000.
 */
import type { Queryable } from '../../db/database.ts';
import type { CreditRecordView } from './schemas.ts';

export interface CreditFacts {
  leasesAsLessee: number;
  leasesAsLessor: number;
  leasesFunded: number;
  leasesCompleted: number;
  paymentsOnTime: number;
  paymentsLate: number;
  daysLate: number;
  depositsPosted: bigint;
  servicesCompleted: number;
  ratings: number;
  ratingSum: number;
}

export function creditScore(f: CreditFacts): number {
  let score = 500;
  score += Math.min(200, 20 * f.paymentsOnTime);
  score -= Math.min(400, 40 * f.paymentsLate + 2 * f.daysLate);
  score += Math.min(100, 25 * f.leasesCompleted);
  if (f.ratings > 0) score += Math.trunc(((f.ratingSum - 3 * f.ratings) * 50) / f.ratings);
  score += Number(f.depositsPosted / 10_000n > 100n ? 100n : f.depositsPosted / 10_000n);
  return Math.max(0, Math.min(1000, score));
}

/** The facts of many parties at once (addresses lower-case). */
export async function creditFacts(db: Queryable, parties: readonly string[]): Promise<Map<string, CreditFacts>> {
  const ids = [...new Set(parties.map((p) => p.toLowerCase()))];
  const out = new Map<string, CreditFacts>();
  for (const id of ids) {
    out.set(id, { leasesAsLessee: 0, leasesAsLessor: 0, leasesFunded: 0, leasesCompleted: 0, paymentsOnTime: 0, paymentsLate: 0, daysLate: 0, depositsPosted: 0n, servicesCompleted: 0, ratings: 0, ratingSum: 0 });
  }
  if (ids.length === 0) return out;
  const { rows: leases } = await db.query<{ party: string; as_lessee: number; as_lessor: number; completed: number; deposits: string }>(
    `SELECT party, sum(as_lessee)::int AS as_lessee, sum(as_lessor)::int AS as_lessor, sum(completed)::int AS completed, sum(deposits)::text AS deposits FROM (
       SELECT lessee AS party, 1 AS as_lessee, 0 AS as_lessor, (status IN ('purchased', 'returned'))::int AS completed,
              CASE WHEN status IN ('accepted', 'active', 'purchased', 'returned') THEN deposit ELSE 0 END AS deposits
         FROM leasing_leases WHERE lessee = ANY($1)
       UNION ALL
       SELECT lessor, 0, 1, (status IN ('purchased', 'returned'))::int, 0 FROM leasing_leases WHERE lessor = ANY($1)
     ) x GROUP BY party`,
    [ids],
  );
  for (const r of leases) {
    const f = out.get(r.party)!;
    f.leasesAsLessee = r.as_lessee;
    f.leasesAsLessor = r.as_lessor;
    f.leasesCompleted = r.completed;
    f.depositsPosted = BigInt(r.deposits);
  }
  const { rows: paid } = await db.query<{ payer: string; on_time: number; late: number; days: number }>(
    `SELECT payer, count(*) FILTER (WHERE days_late = 0)::int AS on_time, count(*) FILTER (WHERE days_late > 0)::int AS late, coalesce(sum(days_late), 0)::int AS days
       FROM leasing_rent_payments WHERE payer = ANY($1) GROUP BY payer`,
    [ids],
  );
  for (const r of paid) Object.assign(out.get(r.payer)!, { paymentsOnTime: r.on_time, paymentsLate: r.late, daysLate: r.days });
  const { rows: funded } = await db.query<{ investor: string; n: number }>(
    'SELECT investor, count(DISTINCT lease_id)::int AS n FROM leasing_fundings WHERE investor = ANY($1) GROUP BY investor',
    [ids],
  );
  for (const r of funded) out.get(r.investor)!.leasesFunded = r.n;
  const { rows: services } = await db.query<{ provider: string; n: number; ratings: number; rating_sum: number }>(
    `SELECT provider, count(*)::int AS n, count(rating)::int AS ratings, coalesce(sum(rating), 0)::int AS rating_sum
       FROM leasing_services WHERE provider = ANY($1) GROUP BY provider`,
    [ids],
  );
  for (const r of services) Object.assign(out.get(r.provider)!, { servicesCompleted: r.n, ratings: r.ratings, ratingSum: r.rating_sum });
  return out;
}

export function creditView(party: string, f: CreditFacts): CreditRecordView {
  return {
    party,
    score: creditScore(f),
    leasesAsLessee: f.leasesAsLessee,
    leasesAsLessor: f.leasesAsLessor,
    leasesFunded: f.leasesFunded,
    leasesCompleted: f.leasesCompleted,
    paymentsOnTime: f.paymentsOnTime,
    paymentsLate: f.paymentsLate,
    daysLate: f.daysLate,
    depositsPosted: f.depositsPosted.toString(),
    servicesCompleted: f.servicesCompleted,
    ratings: f.ratings,
    averageRating: f.ratings ? Math.round((f.ratingSum * 100) / f.ratings) / 100 : null,
  };
}

export async function creditRecords(db: Queryable, parties: readonly string[]): Promise<Map<string, CreditRecordView>> {
  const facts = await creditFacts(db, parties);
  return new Map([...facts].map(([p, f]) => [p, creditView(p, f)]));
}
