import type { NavEntry } from '../types.ts';

export const bankingNavigation: NavEntry[] = [{ path: '/bank', label: 'nav.bank', order: 91, visible: () => true }];
