/** A funder's holdings grouped by obligor (rows) and due date (columns). Pure, for the book chart and its table. */
import type { PositionHolding } from '../api/types.ts';

export interface BookGrid {
  obligors: Array<{ key: string; name: string | null; total: bigint }>;
  dates: Array<{ date: string; total: bigint; overdue: boolean }>;
  cells: Map<string, { amount: bigint; claimIds: string[]; overdue: boolean }>;
  total: bigint;
  max: bigint;
}

export const cellKey = (obligor: string, date: string) => `${obligor}|${date}`;

export function bookGrid(items: PositionHolding[]): BookGrid {
  const obligors = new Map<string, { key: string; name: string | null; total: bigint }>();
  const dates = new Map<string, { date: string; total: bigint; overdue: boolean }>();
  const cells = new Map<string, { amount: bigint; claimIds: string[]; overdue: boolean }>();
  let total = 0n;
  for (const h of items) {
    const amount = BigInt(h.balance);
    if (amount === 0n) continue;
    const key = h.obligor.memberId ?? h.obligor.address ?? 'hidden';
    const o = obligors.get(key) ?? { key, name: h.obligor.name, total: 0n };
    o.total += amount;
    obligors.set(key, o);
    const d = dates.get(h.dueDate) ?? { date: h.dueDate, total: 0n, overdue: false };
    d.total += amount;
    d.overdue ||= h.overdueDays > 0;
    dates.set(h.dueDate, d);
    const c = cells.get(cellKey(key, h.dueDate)) ?? { amount: 0n, claimIds: [], overdue: false };
    c.amount += amount;
    c.claimIds.push(h.claimId);
    c.overdue ||= h.overdueDays > 0;
    cells.set(cellKey(key, h.dueDate), c);
    total += amount;
  }
  const max = [...cells.values()].reduce((m, c) => (c.amount > m ? c.amount : m), 0n);
  return {
    obligors: [...obligors.values()].sort((a, b) => (a.total > b.total ? -1 : a.total < b.total ? 1 : 0)),
    dates: [...dates.values()].sort((a, b) => a.date.localeCompare(b.date)),
    cells,
    total,
    max,
  };
}
