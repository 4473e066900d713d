import type { NavEntry } from '../types.ts';

export const creditNavigation: NavEntry[] = [{ path: '/credit', label: 'nav.credit', order: 72, visible: (c) => c.funder || c.operator || c.regulator || c.bank }];
