import type { ConsolePage } from '../types.ts';
import { ReportsPage } from './Reports/ReportsPage.tsx';

export const reportsPages: ConsolePage[] = [{ path: '/reports', render: () => <ReportsPage /> }];
