/** `/v1/invoices…`: e-invoices (UBL 2.1 / Peppol BIS 3) and CSV batches submitted as trades; the invoices recorded. */
import type { FastifyInstance } from 'fastify';
import type { Hex } from 'viem';
import type { ModuleContext } from '../../platform/context.ts';
import { requirePrincipal } from '../../api/auth.ts';
import { parsePagination, type Static } from '../../api/schemas.ts';
import { acceptCommand } from '../../api/commandResponse.ts';
import { importBatch, submitInvoice } from './commands.ts';
import { getInvoice, listInvoices } from './queries.ts';
import { BatchBody, InvoiceBody, InvoiceDetail, InvoiceParams, Invoices, InvoicesQuery, SubmittedBatch, SubmittedInvoice } from './schemas.ts';

const terms = (b: { consortiumId: string; lateRateBps?: number; maxHops?: number; dayCount?: 'ACT/360' | 'ACT/365F' }) => ({
  consortiumId: b.consortiumId as Hex,
  lateRateBps: b.lateRateBps,
  maxHops: b.maxHops,
  dayCount: b.dayCount,
});

export function invoiceRoutes(ctx: ModuleContext) {
  return (app: FastifyInstance) => {
    app.post<{ Body: Static<typeof InvoiceBody> }>(
      '/v1/invoices',
      {
        config: { idempotent: true },
        schema: {
          tags: ['invoices'],
          summary: 'Submit the trade behind a UBL 2.1 / Peppol BIS 3 invoice you issued: checked against the BIS rules that matter for financing (422 names the rule), mapped without retyping, its SHA-256 the documents hash',
          body: InvoiceBody,
          response: { 202: SubmittedInvoice },
        },
      },
      (request, reply) => acceptCommand(ctx, request, reply, (tx, by) => submitInvoice(ctx, tx, by, { xml: request.body.xml, ...terms(request.body) })),
    );

    app.post<{ Body: Static<typeof BatchBody> }>(
      '/v1/invoices/batches',
      {
        config: { idempotent: true },
        schema: { tags: ['invoices'], summary: 'Submit a CSV batch of invoices (every row checked, all submitted or none)', body: BatchBody, response: { 202: SubmittedBatch } },
      },
      (request, reply) => acceptCommand(ctx, request, reply, (tx, by) => importBatch(ctx, tx, by, { csv: request.body.csv, ...terms(request.body) })),
    );

    app.get<{ Querystring: Static<typeof InvoicesQuery> }>(
      '/v1/invoices',
      { schema: { tags: ['invoices'], summary: 'Invoices you sold or bought (all for the operator and the regulator), newest first', querystring: InvoicesQuery, response: { 200: Invoices } } },
      async (request) => ({ items: await listInvoices(ctx.db, requirePrincipal(request), { limit: parsePagination(request.query).limit }) }),
    );

    app.get<{ Params: Static<typeof InvoiceParams> }>(
      '/v1/invoices/:id',
      { schema: { tags: ['invoices'], summary: 'One invoice with the document as uploaded', params: InvoiceParams, response: { 200: InvoiceDetail } } },
      async (request) => getInvoice(ctx.db, requirePrincipal(request), request.params.id),
    );
  };
}
