import type { NavEntry } from '../types.ts';

export const invoicesNavigation: NavEntry[] = [{ path: '/invoices', label: 'nav.invoices', order: 52, visible: (c) => c.core || c.supplier || c.operator || c.regulator }];
