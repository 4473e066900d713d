/** `tierchain invoices …`: submit a UBL invoice or a CSV batch as trades; list and show them. */
import { readFileSync } from 'node:fs';
import { CliError } from '../../cli/errors.ts';
import type { Resource } from '../../cli/ops/context.ts';
import { kv, table, xt as amount } from '../../cli/ops/format.ts';
import { integerValue, optionalFlag, requiredFlag } from '../../cli/ops/values.ts';
import type { InvoiceFinancingTerms } from './client.ts';

const terms = { consortium: { type: 'string' }, 'late-rate-bps': { type: 'string' }, 'max-hops': { type: 'string' }, 'day-count': { type: 'string' } } as const;

function readFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new CliError(`cannot read ${path}: ${(e as Error).message}`, { exitCode: 2 });
  }
}

function financing(f: Record<string, string | boolean | undefined>): InvoiceFinancingTerms {
  const late = optionalFlag(f, 'late-rate-bps');
  const hops = optionalFlag(f, 'max-hops');
  const dayCount = optionalFlag(f, 'day-count');
  if (dayCount !== undefined && dayCount !== 'ACT/360' && dayCount !== 'ACT/365F') throw new CliError('--day-count: ACT/360 or ACT/365F', { exitCode: 2 });
  return {
    consortiumId: requiredFlag(f, 'consortium'),
    lateRateBps: late === undefined ? undefined : integerValue('--late-rate-bps', late, { min: 0, max: 65_535 }),
    maxHops: hops === undefined ? undefined : integerValue('--max-hops', hops, { min: 0, max: 255 }),
    dayCount,
  };
}

export const invoices: Resource = {
  submit: {
    args: ['file'],
    options: terms,
    async run(ctx, a, f) {
      const r = await ctx.command((o) => ctx.client.invoices.submit({ xml: readFile(a.file!), ...financing(f) }, o));
      ctx.done(r, `invoice ${r.invoice.invoiceNumber} submitted: ${amount(r.invoice.payable)} ${r.invoice.currency} due ${r.invoice.dueDate}`, [
        ['trade', r.invoice.tradeId],
        ['claim (once confirmed)', r.claimId],
        ['sha256', r.invoice.sha256],
        ['sm3', r.invoice.sm3],
      ]);
    },
  },
  import: {
    args: ['file'],
    options: terms,
    async run(ctx, a, f) {
      const r = await ctx.command((o) => ctx.client.invoices.submitBatch({ csv: readFile(a.file!), ...financing(f) }, o));
      ctx.done(r, `${r.invoices.length} invoices submitted`, [
        ['batch', r.batchId],
        ['sha256', r.sha256],
      ]);
    },
  },
  list: {
    async run(ctx) {
      const items = await ctx.client.invoices.list();
      ctx.print({ items }, () =>
        table(['invoice', 'issued', 'due', 'payable', 'source', 'trade'], items.map((i) => [i.invoiceNumber, i.issueDate, i.dueDate, amount(i.payable), i.source, i.tradeId]), [false, false, false, true]),
      );
    },
  },
  show: {
    args: ['invoiceId'],
    async run(ctx, a) {
      const i = await ctx.client.invoices.get(a.invoiceId!);
      ctx.print(i, () =>
        kv([
          ['invoice', i.invoiceNumber],
          ['issued / due', `${i.issueDate} / ${i.dueDate}`],
          ['without VAT', amount(i.taxExclusive)],
          ['VAT', amount(i.tax)],
          ['payable', `${amount(i.payable)} ${i.currency}`],
          ['trade', i.tradeId],
          ['sha256', i.sha256],
          ['sm3', i.sm3],
        ]),
      );
    },
  },
};

/** The invoices module's `tierchain` resources. */
export const invoicesCli = { invoices };
