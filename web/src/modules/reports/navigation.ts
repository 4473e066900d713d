import type { NavEntry } from '../types.ts';

export const reportsNavigation: NavEntry[] = [{ path: '/reports', label: 'nav.reports', order: 12, visible: (c) => c.regulator || c.operator }];
