import type { NavEntry } from '../types.ts';

export const currencyNavigation: NavEntry[] = [{ path: '/xt', label: 'nav.xt', order: 90, visible: () => true }];
