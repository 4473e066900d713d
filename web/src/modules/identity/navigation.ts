import type { NavEntry } from '../types.ts';

export const identityNavigation: NavEntry[] = [
  { path: '/members', label: 'nav.members', order: 20, visible: (c) => c.operator || c.regulator || c.bank },
  { path: '/consortia', label: 'nav.consortia', order: 40, visible: () => true },
];
