/**
 * Money arithmetic of the claims, in integer minor units (bigint), mirroring contracts/libraries/DayCount.sol
 * and the pro-rata rule of contracts/claims/Receivables.sol bit for bit, so that what the API shows is what
 * the chain computes.
 *
 * The one rounding rule: every computed amount is rounded DOWN (floor; all inputs are non-negative, so this
 * is also toward zero). Interest and discounts are floored, so a price (amount − discount) is never below the
 * exact value; a pro-rata payout is floored, so no holder is ever paid more than its exact share. What the
 * floors leave over — the residue, `paid − Σ payouts` — is not lost and not assigned to anyone: it stays in
 * the settlement, visible on-chain as `paid − distributed`. Days are whole days: to maturity a started day counts;
 * after a due date only whole days after the due day count (`daysLate`): the due day itself is on time.
 *
 * Late interest (Receivables): simple interest on the unpaid principal for the actual days after the due day, accrued in steps at each
 * payment (`accrue`, `owedAt`), the floor applied once to the exact total with the fraction carried; a payment
 * after the due date settles accrued interest first, then principal (`splitPayment`). `paid` counts both, and the
 * pro-rata rule shares it: floor(units × paid / face) may exceed the units once interest is paid.
 */

export type DayCount = 'ACT/360' | 'ACT/365F';

export const dayCounts: readonly DayCount[] = ['ACT/360', 'ACT/365F'];

/** The on-chain encoding of a day count (`Terms.dayCount`): 0 = ACT/360, 1 = ACT/365F. */
export function dayCountFromChain(code: number | bigint | string): DayCount {
  const n = Number(code);
  if (n === 0) return 'ACT/360';
  if (n === 1) return 'ACT/365F';
  throw new RangeError(`unknown on-chain day count ${String(code)}`);
}

export function dayCountToChain(dayCount: DayCount): 0 | 1 {
  return dayCount === 'ACT/360' ? 0 : 1;
}

export const SECONDS_PER_DAY = 86_400n;
export const BPS = 10_000n;

/** Days in the year of the convention: 360 (ACT/360) or 365 (ACT/365F). */
export function dayCountBasis(dayCount: DayCount): bigint {
  if (dayCount === 'ACT/360') return 360n;
  if (dayCount === 'ACT/365F') return 365n;
  throw new RangeError(`unknown day count ${String(dayCount)}`);
}

function nonNegative(name: string, value: bigint): void {
  if (value < 0n) throw new RangeError(`${name} must not be negative (got ${value})`);
}

/** Whole days from `fromSec` to `toSec` (unix seconds), a started day counting as a day; 0 when `toSec` is not later. */
export function daysBetween(fromSec: bigint, toSec: bigint): bigint {
  if (toSec <= fromSec) return 0n;
  return (toSec - fromSec + SECONDS_PER_DAY - 1n) / SECONDS_PER_DAY;
}

/**
 * Whole days late at `atSec` for a claim due on the day starting at `dueDateSec` (the first second of the due day in
 * the claim's time zone; UTC midnight as the API writes it): 0 on the due day itself, however late in the day, then
 * the actual days after the due date (ACT) — DayCount.daysLate.
 */
export function daysLate(dueDateSec: bigint, atSec: bigint): bigint {
  if (atSec < dueDateSec) return 0n;
  return (atSec - dueDateSec) / SECONDS_PER_DAY;
}

/** floor(amount × rateBps × days / (10 000 × basis)). */
export function interest(amount: bigint, rateBps: bigint, days: bigint, dayCount: DayCount): bigint {
  nonNegative('amount', amount);
  nonNegative('rateBps', rateBps);
  nonNegative('days', days);
  return (amount * rateBps * days) / (BPS * dayCountBasis(dayCount));
}

/** What `amount` face fetches at a discount rate for `days` to maturity: amount − interest (ClaimMarket._price). */
export function discountedPrice(amount: bigint, rateBps: bigint, days: bigint, dayCount: DayCount): bigint {
  return amount - interest(amount, rateBps, days, dayCount);
}

/** Late interest owed on `outstanding` for the days after the due date up to `asOfSec` (0 up to the end of the due day), in one step. */
export function lateInterest(outstanding: bigint, lateRateBps: bigint, dueDateSec: bigint, asOfSec: bigint, dayCount: DayCount): bigint {
  return interest(outstanding, lateRateBps, daysLate(dueDateSec, asOfSec), dayCount);
}

/**
 * One step of interest accrued in steps (DayCount.accrue): `amount × rateBps × days` is added to the numerator
 * `carry` the previous step left (a fraction of a minor unit, in units of 1 / (10 000 × basis)); the whole minor
 * units are accrued and the remainder carried on. After any number of steps the total accrued is
 * floor(Σ amount_i × rate × days_i / (10 000 × basis)) — the floor rule applied once, to the exact total — and the
 * residue stays visible as `carry` (< 10 000 × basis).
 */
export function accrue(amount: bigint, rateBps: bigint, days: bigint, dayCount: DayCount, carry: bigint): { accrued: bigint; carry: bigint } {
  nonNegative('amount', amount);
  nonNegative('rateBps', rateBps);
  nonNegative('days', days);
  nonNegative('carry', carry);
  const denominator = BPS * dayCountBasis(dayCount);
  const numerator = amount * rateBps * days + carry;
  return { accrued: numerator / denominator, carry: numerator % denominator };
}

/** The settlement of an issued claim as Receivables stores it (IReceivables.Settlement), amounts in minor units. */
export interface SettlementState {
  face: bigint;
  /** Every XT paid in: principal and late interest. */
  paid: bigint;
  /** The late-interest part of `paid`. */
  interestPaid: bigint;
  /** Late interest accrued up to `accruedDays` and not yet paid. */
  interestDue: bigint;
  /** Whole days after the due date accrued so far. */
  accruedDays: bigint;
  /** The floors' residue of the accrual, in units of 1 / (10 000 × basis). */
  interestCarry: bigint;
}

export interface Owed {
  /** face − principal paid. */
  principal: bigint;
  /** Late interest accrued and unpaid up to `asOfSec`'s day. */
  interest: bigint;
  /** Whole days after the due day (`daysLate`); 0 up to the end of the due day, or once the principal is paid. */
  daysLate: bigint;
}

/**
 * What the obligor owes at `asOfSec` on a claim whose issued root has these terms — exactly Receivables.owed:
 * the principal outstanding, and the interest accrued at the last payment plus, for the whole days since, simple
 * interest on that principal (one `accrue` step from the stored carry). A payment settles interest first.
 */
export function owedAt(s: SettlementState, terms: { dueDateSec: bigint; lateRateBps: bigint; dayCount: DayCount }, asOfSec: bigint): Owed {
  const principal = s.face - (s.paid - s.interestPaid);
  const days = daysLate(terms.dueDateSec, asOfSec);
  if (days === 0n) return { principal, interest: 0n, daysLate: 0n };
  let interest = s.interestDue;
  if (terms.lateRateBps > 0n && principal > 0n && days > s.accruedDays) {
    interest += accrue(principal, terms.lateRateBps, days - s.accruedDays, terms.dayCount, s.interestCarry).accrued;
  }
  return { principal, interest, daysLate: principal > 0n ? days : 0n };
}

/** How a payment of `amount` splits when `interestDue` is accrued and unpaid: interest first, then principal. */
export function splitPayment(amount: bigint, interestDue: bigint): { interest: bigint; principal: bigint } {
  const interestPart = amount < interestDue ? amount : interestDue;
  return { interest: interestPart, principal: amount - interestPart };
}

/** What a holding of `balance` units is entitled to when `paid` of `face` has been paid: floor(balance × paid / face). */
export function proRata(balance: bigint, paid: bigint, face: bigint): bigint {
  nonNegative('balance', balance);
  nonNegative('paid', paid);
  if (face <= 0n) throw new RangeError(`face must be positive (got ${face})`);
  return (balance * paid) / face;
}

export interface Distribution {
  /** One payout per holding, in the order given. */
  payouts: bigint[];
  /** paid − Σ payouts: what the floors leave in the settlement. When the holdings add up to `face`, 0 ≤ residue < holdings.length. */
  residue: bigint;
}

/** Splits `paid` across `holdings` (balances of one claim tree of `face`) with the pro-rata rule; the residue is reported. */
export function distribute(holdings: readonly bigint[], paid: bigint, face: bigint): Distribution {
  const payouts = holdings.map((balance) => proRata(balance, paid, face));
  return { payouts, residue: paid - payouts.reduce((sum, p) => sum + p, 0n) };
}

// ------------------------------------------------------------------------------------------ major units

/** Decimals of XT: amounts are integer minor units (fen, cents), 100 to the unit. */
export const XT_DECIMALS = 2;

/**
 * Major units as typed by a person (`1000000`, `1000000.5`, `1,000,000.00`) → integer minor units, by string
 * arithmetic (never floats). At most `decimals` fraction digits; thousands separators, when used, must group by
 * three. Throws RangeError naming what is wrong.
 */
export function parseMajorUnits(text: string, decimals: number = XT_DECIMALS): bigint {
  const s = text.trim();
  const match = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d*))?$/.exec(s);
  if (!match) {
    throw new RangeError(`"${text}" is not an amount: write digits with at most ${decimals} decimals, e.g. 1000000.00 or 1,000,000.00`);
  }
  const whole = match[1]!.replace(/,/g, '');
  const fraction = match[2] ?? '';
  if (fraction.length > decimals) throw new RangeError(`"${text}" has more than ${decimals} decimals`);
  if (match[2] !== undefined && fraction === '') throw new RangeError(`"${text}" ends with a decimal point`);
  return BigInt(whole) * 10n ** BigInt(decimals) + BigInt(fraction.padEnd(decimals, '0') || '0');
}

/** Integer minor units → major units with thousands separators and exactly `decimals` fraction digits: `1,234,567.89`. */
export function formatMajorUnits(minor: bigint | string, decimals: number = XT_DECIMALS): string {
  const value = BigInt(minor);
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const fraction = digits.slice(digits.length - decimals);
  return `${negative ? '-' : ''}${whole}${decimals > 0 ? `.${fraction}` : ''}`;
}

/**
 * An amount of minor units as a person typed it: XT with its 2 decimals and thousands separators, e.g.
 * 100000005n → "1,000,000.05 XT". For messages (refusals name amounts in the units the user typed); the API's
 * fields stay in minor units.
 */
export function formatXt(minor: bigint | string | number): string {
  const v = BigInt(minor);
  const sign = v < 0n ? '-' : '';
  const abs = v < 0n ? -v : v;
  const whole = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${whole}.${(abs % 100n).toString().padStart(2, '0')} XT`;
}
