import type { NavEntry } from '../types.ts';

export const collateralNavigation: NavEntry[] = [
  { path: '/collateral', label: 'nav.collateral', order: 70, visible: () => true },
  { path: '/auctions', label: 'nav.auctions', order: 71, visible: (c) => c.funder || c.operator || c.regulator || c.holder },
];
