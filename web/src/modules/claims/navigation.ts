import type { NavEntry } from '../types.ts';

export const claimsNavigation: NavEntry[] = [
  { path: '/market', label: 'nav.market', order: 70, visible: (c) => c.holder || c.funder || c.regulator || c.operator },
];
