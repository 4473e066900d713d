import type { NavEntry } from '../types.ts';

export const leasingNavigation: NavEntry[] = [{ path: '/leasing', label: 'nav.leasing', order: 86, visible: () => true }];
