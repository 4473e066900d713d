/** E-invoices (`client.invoices`): UBL 2.1 / Peppol BIS 3 files and CSV batches submitted as trades. */
import type { CommandSender } from '../../sdk/commands.ts';
import { seg, type Transport } from '../../sdk/http.ts';
import type { Accepted, CommandOptions } from '../../sdk/types.ts';
import type { Invoice, InvoiceDetail, SubmittedBatch, SubmittedInvoice } from './schemas.ts';

export type { Invoice, InvoiceDetail, SubmittedBatch, SubmittedInvoice } from './schemas.ts';

/** What the invoice does not say: the consortium the claim circulates in, and its terms (defaults as for trades). */
export interface InvoiceFinancingTerms {
  consortiumId: string;
  lateRateBps?: number;
  maxHops?: number;
  dayCount?: 'ACT/360' | 'ACT/365F';
}

export interface InvoicesApi {
  /** Submits the trade behind a UBL invoice you issued. */
  submit(p: InvoiceFinancingTerms & { xml: string }, o?: CommandOptions): Promise<Accepted<Omit<SubmittedInvoice, 'commands'>>>;
  /** Submits a CSV batch (header: invoice_number,issue_date,due_date,currency,buyer_registration_id,net_amount,vat_amount,total_amount,prepaid_amount,payable_amount). */
  submitBatch(p: InvoiceFinancingTerms & { csv: string }, o?: CommandOptions): Promise<Accepted<Omit<SubmittedBatch, 'commands'>>>;
  list(p?: { limit?: number }): Promise<Invoice[]>;
  get(id: string): Promise<InvoiceDetail>;
}

export function createInvoicesApi(t: Transport, c: CommandSender): InvoicesApi {
  return {
    submit: (p, o) => c.send('/v1/invoices', p, o),
    submitBatch: (p, o) => c.send('/v1/invoices/batches', p, o),
    list: async (p = {}) => (await t.request<{ items: Invoice[] }>('GET', '/v1/invoices', { query: { limit: p.limit } })).items,
    get: (id) => t.request('GET', `/v1/invoices/${seg(id)}`),
  };
}
