import type { NavEntry } from '../types.ts';

export const devicesNavigation: NavEntry[] = [{ path: '/devices', label: 'nav.devices', order: 75, visible: () => true }];
