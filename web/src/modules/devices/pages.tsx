import type { ConsolePage } from '../types.ts';
import { DevicesPage } from './DevicesPage.tsx';
import { DevicePage } from './DevicePage.tsx';
import { AnchorPage, AnchorsPage, MonitorPage } from './TelemetryPages.tsx';

export const devicesPages: ConsolePage[] = [
  { path: '/devices', render: () => <DevicesPage /> },
  { path: '/devices/:id', render: (p) => <DevicePage key={p.id} deviceId={p.id!} /> },
  { path: '/telemetry', render: () => <AnchorsPage /> },
  { path: '/telemetry/anchors/:n', render: (p) => <AnchorPage key={p.n} batchNumber={p.n!} /> },
  { path: '/telemetry/monitor', render: () => <MonitorPage /> },
];
