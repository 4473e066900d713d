/**
 * What an active lease owes now, by LeaseBook's rules (`rentDue`, `declareDefault`), from its terms and the chain's
 * clock: the next period's fixed rent with its late interest, and every period past its due day, which is what a
 * default would take from the deposit. The console shows these figures before the lessee pays or the lessor declares
 * a default; the contract computes them again when the command lands.
 */

const DAY = 86_400;

export interface RentDueTerms {
  /** Seconds since the epoch; null until the lease is active. */
  startDay: number | null;
  paidPeriods: number;
  periods: number;
  periodDays: number;
  rentPerPeriod: bigint;
  deposit: bigint;
  lateRateBps: number;
  dayCount: 'ACT/360' | 'ACT/365F';
}

export interface RentDueResult {
  /** The next period to pay, its due day (seconds) and whole days past it (the due day itself is on time). */
  period: number;
  dueDate: number;
  daysLate: number;
  /** Its fixed rent, late interest on that rent, and their sum; a lease billed per usage hour adds its usage part. */
  rent: bigint;
  lateInterest: bigint;
  total: bigint;
  /** A default may be declared: the period is a whole period (periodDays days) late. */
  defaultable: boolean;
  /** Every period past its due day: its count, fixed rent and late interest (what a default's deposit pays first). */
  arrears: { periods: number; rent: bigint; lateInterest: bigint };
  /** What a default would take from the deposit (arrears, at most the deposit) and give back to the lessee. */
  depositApplied: bigint;
  depositReturned: bigint;
}

/** DayCount.interest: floor(amount × rateBps × days / (10 000 × basis)). */
const interest = (amount: bigint, bps: number, days: number, dayCount: RentDueTerms['dayCount']) =>
  (amount * BigInt(bps) * BigInt(days)) / (10_000n * (dayCount === 'ACT/365F' ? 365n : 360n));
const daysLate = (dueDate: number, now: number) => (now < dueDate ? 0 : Math.floor((now - dueDate) / DAY));

/** What the lease owes at `now` (seconds), or null when nothing is left to pay (not started, or every period paid). */
export function rentDue(l: RentDueTerms, now: number): RentDueResult | null {
  if (l.startDay === null || l.paidPeriods >= l.periods) return null;
  const dueOf = (period: number) => l.startDay! + period * l.periodDays * DAY;
  const period = l.paidPeriods + 1;
  const dueDate = dueOf(period);
  const late = daysLate(dueDate, now);
  const lateInterest = interest(l.rentPerPeriod, l.lateRateBps, late, l.dayCount);
  const arrears = { periods: 0, rent: 0n, lateInterest: 0n };
  for (let k = period; k <= l.periods && dueOf(k) <= now; k++) {
    arrears.periods += 1;
    arrears.rent += l.rentPerPeriod;
    arrears.lateInterest += interest(l.rentPerPeriod, l.lateRateBps, daysLate(dueOf(k), now), l.dayCount);
  }
  const owed = arrears.rent + arrears.lateInterest;
  const depositApplied = owed < l.deposit ? owed : l.deposit;
  return {
    period, dueDate, daysLate: late, rent: l.rentPerPeriod, lateInterest, total: l.rentPerPeriod + lateInterest, defaultable: late >= l.periodDays, arrears,
    depositApplied, depositReturned: l.deposit - depositApplied,
  };
}
