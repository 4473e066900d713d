import type { NavEntry } from '../types.ts';

export const certificatesNavigation: NavEntry[] = [{ path: '/certificates', label: 'nav.certificates', order: 92, visible: () => true }];
