import type { ConsolePage } from '../types.ts';
import { LeasingPage } from './LeasingPage.tsx';

export const leasingPages: ConsolePage[] = [{ path: '/leasing', render: () => <LeasingPage /> }];
