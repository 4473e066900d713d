/**
 * The credit-history extension point of the module shape (docs/adr/021-credit-score.md): a module's descriptor may
 * name a `creditFacts` source; the platform hands every source to the credit module, which adds their facts and scores
 * them. The engines know nothing of it, and the credit module imports no product.
 */
import type { Queryable } from '../db/database.ts';

/**
 * What a module knows of a member's record as an obligor, read from its own read models (derived from chain events
 * only). The credit module adds every module's facts and scores them (docs/adr/021-credit-score.md); a module
 * contributes only the facts its product has (leasing: rent paid on time, days overdue, deposits kept as volume,
 * service ratings). Counts are whole numbers, `volume` is in XT minor units.
 */
export interface CreditFacts {
  /** Obligations that came due (the day after their due date has begun) or were paid in full. */
  obligations: number;
  /** Of those, paid in full on or before the due date (DayCount.daysLate = 0 at the payment that completed them). */
  paidOnTime: number;
  /** Σ whole days late (DayCount.daysLate): up to the completing payment, or up to `asOf` while still unpaid. */
  daysOverdue: number;
  /** Positions or contracts declared in default. */
  defaults: number;
  /** Collateral sold by liquidation. */
  liquidations: number;
  /** Principal the member has repaid, XT minor units. */
  volume: bigint;
  /** Service ratings received (1 to 5 each) and their sum. */
  ratings: number;
  ratingPoints: number;
}

/**
 * A module's credit facts for members (lower-case addresses) as of an instant; members it knows nothing of are left
 * out of the map. It reads its own tables only.
 */
export type CreditFactSource = (db: Queryable, p: { members: readonly string[]; asOf: Date }) => Promise<ReadonlyMap<string, Partial<CreditFacts>>>;

/** A module's credit facts source, named by the module (the score shows each module's part). */
export interface CreditFactContribution {
  module: string;
  facts: CreditFactSource;
}

/** A member with no facts. */
export const NO_CREDIT_FACTS: CreditFacts = Object.freeze({
  obligations: 0,
  paidOnTime: 0,
  daysOverdue: 0,
  defaults: 0,
  liquidations: 0,
  volume: 0n,
  ratings: 0,
  ratingPoints: 0,
});

/** Adds facts field by field (a missing field counts 0). */
export function addCreditFacts(a: Partial<CreditFacts> | undefined, b: Partial<CreditFacts>): CreditFacts {
  return {
    obligations: (a?.obligations ?? 0) + (b.obligations ?? 0),
    paidOnTime: (a?.paidOnTime ?? 0) + (b.paidOnTime ?? 0),
    daysOverdue: (a?.daysOverdue ?? 0) + (b.daysOverdue ?? 0),
    defaults: (a?.defaults ?? 0) + (b.defaults ?? 0),
    liquidations: (a?.liquidations ?? 0) + (b.liquidations ?? 0),
    volume: (a?.volume ?? 0n) + (b.volume ?? 0n),
    ratings: (a?.ratings ?? 0) + (b.ratings ?? 0),
    ratingPoints: (a?.ratingPoints ?? 0) + (b.ratingPoints ?? 0),
  };
}

const DAY_MS = 86_400_000;

/** DayCount.daysLate: whole days after the first second of the due day; 0 on the due day itself. */
export const daysLate = (dueDate: Date, at: Date): number => (at < dueDate ? 0 : Math.floor((at.getTime() - dueDate.getTime()) / DAY_MS));

/**
 * One obligation owed by a due date, as facts: it counts once the day after its due date has begun or once its
 * principal is paid in full (`completedAt`, the block time of the completing payment); on time when completed with
 * daysLate = 0; its days overdue run to the completing payment, or to `asOf` while unpaid. Principal paid is volume.
 */
export function obligationCreditFacts(o: { dueDate: Date; completedAt: Date | null; principalPaid: bigint }, asOf: Date): Partial<CreditFacts> {
  const counted = o.completedAt !== null || daysLate(o.dueDate, asOf) >= 1;
  if (!counted) return { volume: o.principalPaid };
  const days = daysLate(o.dueDate, o.completedAt ?? asOf);
  return { obligations: 1, paidOnTime: o.completedAt !== null && days === 0 ? 1 : 0, daysOverdue: days, volume: o.principalPaid };
}
