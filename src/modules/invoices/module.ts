import { defineModule } from '../../platform/module.ts';
import { invoicesCli } from './cli.ts';
import { invoiceRoutes } from './routes.ts';

/** Invoices: e-invoices (UBL 2.1 / Peppol BIS Billing 3.0) and CSV batches, checked and submitted as trade background. */
export const invoicesModule = defineModule({
  name: 'invoices',
  summary: 'E-invoices in: UBL 2.1 / Peppol BIS 3 and CSV batches checked against the financing rules and submitted as trades',
  uses: ['identity', 'claims', 'receivables'],
  migrations: new URL('./migrations/', import.meta.url),
  routes: (ctx) => invoiceRoutes(ctx),
  cli: invoicesCli,
});
