import type { ConsolePage } from '../types.ts';
import { BankPage } from './Bank/BankPage.tsx';

export const bankingPages: ConsolePage[] = [{ path: '/bank', render: () => <BankPage /> }];
