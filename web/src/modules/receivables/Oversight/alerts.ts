/**
 * The regulator's alerts, computed from the read API (pure, unit-tested):
 * - overdue: a claim id past its due date with something unpaid;
 * - obligor concentration: one obligor owes at least CONCENTRATION_SHARE % of everything outstanding;
 * - funder exposure: one obligor makes up at least EXPOSURE_SHARE % of a funder's book.
 */
import type { ClaimSummary, Party, PositionHolding } from '../../../api/types.ts';
import type { Share } from '../../../charts/share.ts';

export const CONCENTRATION_SHARE = 40;
export const EXPOSURE_SHARE = 50;

export interface OverdueAlert {
  claimId: string;
  obligor: Party;
  dueDate: string;
  overdueDays: number;
  unpaid: bigint;
  lateInterest: bigint;
}

export function overdueAlerts(claims: ClaimSummary[]): OverdueAlert[] {
  return claims
    .filter((c) => c.maturity.overdueDays > 0 && BigInt(c.maturity.unpaid) > 0n)
    .map((c) => ({ claimId: c.id, obligor: c.obligor, dueDate: c.dueDate, overdueDays: c.maturity.overdueDays, unpaid: BigInt(c.maturity.unpaid), lateInterest: BigInt(c.maturity.lateInterest) }))
    .sort((a, b) => b.overdueDays - a.overdueDays);
}

export type { Share };

/** What each obligor owes (unpaid, all its claim ids) and its share of everything outstanding, largest first. */
export function obligorShares(claims: ClaimSummary[]): { total: bigint; shares: Share[] } {
  const by = new Map<string, Share>();
  let total = 0n;
  for (const c of claims) {
    const unpaid = BigInt(c.maturity.unpaid);
    if (unpaid === 0n) continue;
    const key = c.obligor.memberId ?? c.obligor.address ?? 'hidden';
    const s = by.get(key) ?? { key, party: c.obligor, amount: 0n, percent: 0 };
    s.amount += unpaid;
    by.set(key, s);
    total += unpaid;
  }
  const shares = [...by.values()].map((s) => ({ ...s, percent: total > 0n ? Number((s.amount * 100n) / total) : 0 }));
  shares.sort((a, b) => (a.amount > b.amount ? -1 : a.amount < b.amount ? 1 : 0));
  return { total, shares };
}

/** A funder's book by obligor, with each obligor's share of it. */
export function exposureShares(holdings: PositionHolding[]): { total: bigint; shares: Share[] } {
  const by = new Map<string, Share>();
  let total = 0n;
  for (const h of holdings) {
    const amount = BigInt(h.balance);
    if (amount === 0n) continue;
    const key = h.obligor.memberId ?? h.obligor.address ?? 'hidden';
    const s = by.get(key) ?? { key, party: h.obligor, amount: 0n, percent: 0 };
    s.amount += amount;
    by.set(key, s);
    total += amount;
  }
  const shares = [...by.values()].map((s) => ({ ...s, percent: total > 0n ? Number((s.amount * 100n) / total) : 0 }));
  shares.sort((a, b) => b.percent - a.percent);
  return { total, shares };
}
