import type { ConsolePage } from '../types.ts';
import { DevicesPage } from './DevicesPage.tsx';

export const devicesPages: ConsolePage[] = [{ path: '/devices', render: () => <DevicesPage /> }];
