import type { LadderRung, Position } from '../../../api/types.ts';

export type GuaranteeItem = Position['guarantees']['items'][number];

/**
 * The claims a guarantor guarantees (its position's `guarantees.items`, unsettled roots) as rungs of the maturity
 * ladder: one per due date, earliest first, with what is unpaid (principal), the most overdue days and the late
 * interest accrued, summed over the claims due that day. Pure, so it is unit-tested.
 */
export function guaranteeLadder(items: GuaranteeItem[]): LadderRung[] {
  const byDate = new Map<string, { claimIds: string[]; unpaid: bigint; overdueDays: number; lateInterest: bigint }>();
  for (const item of items) {
    const rung = byDate.get(item.dueDate) ?? { claimIds: [], unpaid: 0n, overdueDays: 0, lateInterest: 0n };
    rung.claimIds.push(item.rootId);
    rung.unpaid += BigInt(item.outstanding);
    rung.lateInterest += BigInt(item.lateInterest);
    rung.overdueDays = Math.max(rung.overdueDays, item.overdueDays);
    byDate.set(item.dueDate, rung);
  }
  return [...byDate.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([dueDate, r]) => ({ dueDate, claimIds: r.claimIds, unpaid: r.unpaid.toString(), overdueDays: r.overdueDays, lateInterest: r.lateInterest.toString() }));
}
