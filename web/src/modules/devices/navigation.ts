import type { NavEntry } from '../types.ts';

export const devicesNavigation: NavEntry[] = [
  { path: '/devices', label: 'nav.devices', order: 75, visible: () => true },
  { path: '/telemetry', label: 'nav.telemetry', order: 76, visible: () => true },
  { path: '/telemetry/monitor', label: 'nav.deviceMonitor', order: 77, visible: (c) => c.regulator || c.operator },
];
