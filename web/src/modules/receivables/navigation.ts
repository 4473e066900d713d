import type { NavEntry } from '../types.ts';

export const receivablesNavigation: NavEntry[] = [
  { path: '/oversight', label: 'nav.oversight', order: 10, visible: (c) => c.regulator },
  { path: '/credit-lines', label: 'nav.creditLines', order: 30, visible: (c) => c.operator || c.funder || c.regulator },
  { path: '/trades', label: 'nav.trades', order: 50, visible: (c) => c.core || c.supplier || c.operator || c.regulator },
  { path: '/claims', label: 'nav.claims', order: 55, visible: () => true },
  { path: '/payables', label: 'nav.payables', order: 60, visible: (c) => c.core },
  { path: '/book', label: 'nav.book', order: 75, visible: (c) => c.funder },
  { path: '/guarantees', label: 'nav.guarantees', order: 80, visible: (c) => c.guarantor },
];
