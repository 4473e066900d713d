import type { Member } from '../../../api/types.ts';

export type MemberSort = 'name' | 'status' | 'since';

/**
 * The member directory as shown: members whose name, registration number, address or role matches every word of
 * `query` (case-insensitive), sorted by `sort` (name in the locale's order; then status; then newest first), ties
 * by name.
 */
export function directoryView(members: readonly Member[], p: { query: string; sort: MemberSort; locale: string; roleLabel?: (role: string) => string }): Member[] {
  const words = p.query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const collator = new Intl.Collator(p.locale, { sensitivity: 'base', numeric: true });
  const text = (m: Member) =>
    [m.name, m.registrationNumber, m.address, ...(m.roles.length ? m.roles : m.requestedRoles).flatMap((r) => [r, p.roleLabel?.(r) ?? ''])].join(' ').toLowerCase();
  const shown = words.length ? members.filter((m) => words.every((w) => text(m).includes(w))) : [...members];
  const byName = (a: Member, b: Member) => collator.compare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const order: Record<MemberSort, (a: Member, b: Member) => number> = {
    name: byName,
    status: (a, b) => collator.compare(a.status, b.status) || byName(a, b),
    since: (a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0) || byName(a, b),
  };
  return shown.sort(order[p.sort]);
}
