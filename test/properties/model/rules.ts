/**
 * The contracts' arithmetic, restated from their documentation (IReceivables, docs/adr/007) rather than from their
 * code, so that a slip in either shows as a disagreement.
 */
import { encodeAbiParameters, keccak256, type Address, type Hex } from 'viem';
import { DAY } from '../setup.ts';
import type { RootM } from './state.ts';

export function childIdOf(parent: bigint, dueDate: bigint, lateRateBps: number, maxHops: number): bigint {
  return BigInt(
    keccak256(encodeAbiParameters([{ type: 'uint256' }, { type: 'uint40' }, { type: 'uint16' }, { type: 'uint8' }], [parent, Number(dueDate), lateRateBps, maxHops])),
  );
}

export function claimIdFor(obligor: Address, invoiceKey: Hex): bigint {
  return BigInt(keccak256(encodeAbiParameters([{ type: 'address' }, { type: 'bytes32' }], [obligor, invoiceKey])));
}

/** Whole days from `from` to `to`, a started day counting as a day (0 when `to` is not later). */
export function daysBetween(from: bigint, to: bigint): bigint {
  return to <= from ? 0n : (to - from + DAY - 1n) / DAY;
}

/** Whole days after the due day starting at `due` (0 on the due day itself, however late in it). */
export function daysLate(due: bigint, t: bigint): bigint {
  return t < due ? 0n : (t - due) / DAY;
}

/**
 * Late interest owed on `r` at time `t` (Receivables._accrual): the checkpoint's interest plus, for the whole days
 * since it, principal × rate × days added to the carried numerator and floored. Unchanged up to the end of the due
 * day, at a zero rate, once the principal is paid, or within the checkpoint's day.
 */
export function accrual(r: RootM, t: bigint): { principal: bigint; due: bigint; days: bigint; carry: bigint; accrued: bigint } {
  const principal = r.face - (r.paid - r.interestPaid);
  const same = { principal, due: r.interestDue, days: r.accruedDays, carry: r.carry, accrued: 0n };
  const d = daysLate(r.dueDate, t);
  if (d === 0n || r.lateRateBps === 0 || principal === 0n) return same;
  if (d <= r.accruedDays) return same;
  const denominator = 10_000n * (r.dayCount === 0 ? 360n : 365n);
  const numerator = principal * BigInt(r.lateRateBps) * (d - r.accruedDays) + r.carry;
  const accrued = numerator / denominator;
  return { principal, due: r.interestDue + accrued, days: d, carry: numerator % denominator, accrued };
}

/** Sale price: amount − floor(amount × rate × days / (10 000 × basis)); negative when the discount exceeds the face. */
export function salePrice(amount: bigint, rateBps: number, days: bigint, dayCount: number): bigint {
  const basis = dayCount === 0 ? 360n : 365n;
  return amount - (amount * BigInt(rateBps) * days) / (10_000n * basis);
}
