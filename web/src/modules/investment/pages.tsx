import type { ConsolePage } from '../types.ts';
import { InvestmentsPage } from './Investments/InvestmentsPage.tsx';

export const investmentPages: ConsolePage[] = [{ path: '/investments', render: () => <InvestmentsPage /> }];
