import type { NavEntry } from '../types.ts';

export const investmentNavigation: NavEntry[] = [{ path: '/investments', label: 'nav.investments', order: 85, visible: () => true }];
