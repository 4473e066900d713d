import type { ConsolePage } from '../types.ts';
import { InvoicesPage } from './Invoices/InvoicesPage.tsx';

export const invoicesPages: ConsolePage[] = [{ path: '/invoices', render: () => <InvoicesPage /> }];
