/** `tierchain credit-lines …`, `trades …`, `payables …`, `settlements …` and `position`. */
import type { Flags, Resource } from './context.ts';
import type { TradeTerms } from '../../sdk/index.ts';
import { kv, party, pct, table, xt } from './format.ts';
import { amountValue, dateValue, dayCountValue, integerValue, optionalFlag, requiredFlag } from './values.ts';

const tradeOptions = {
  consortium: { type: 'string' },
  invoice: { type: 'string' },
  amount: { type: 'string' },
  due: { type: 'string' },
  'late-rate-bps': { type: 'string' },
  'max-hops': { type: 'string' },
  'day-count': { type: 'string' },
  'documents-hash': { type: 'string' },
} as const;

function tradeTerms(f: Flags): TradeTerms {
  const opt = <T>(name: string, parse: (n: string, v: string) => T) => (typeof f[name] === 'string' ? parse(`--${name}`, f[name] as string) : undefined);
  return {
    consortiumId: requiredFlag(f, 'consortium'),
    invoiceNumber: requiredFlag(f, 'invoice'),
    amount: amountValue('--amount', requiredFlag(f, 'amount')),
    dueDate: dateValue('--due', requiredFlag(f, 'due')),
    lateRateBps: opt('late-rate-bps', (n, v) => integerValue(n, v, { max: 65_535 })),
    maxHops: opt('max-hops', (n, v) => integerValue(n, v, { max: 255 })),
    dayCount: opt('day-count', dayCountValue),
    documentsHash: optionalFlag(f, 'documents-hash'),
  };
}

const newTradeLines = (r: { tradeId: string; claimId: string; invoiceKey: string; terms: { dueDate: string; lateRateBps: number; maxHops: number; dayCount: string } }): Array<[string, string]> => [
  ['trade', r.tradeId],
  ['claim', r.claimId],
  ['invoice key', r.invoiceKey],
  ['terms', `due ${r.terms.dueDate}, late ${pct(r.terms.lateRateBps)}/yr, at most ${r.terms.maxHops} hops, ${r.terms.dayCount}`],
];

export const creditLines: Resource = {
  set: {
    args: ['obligorMemberId', 'limit'],
    async run(ctx, a) {
      const limit = amountValue('limit', a.limit!, { allowZero: true });
      const r = await ctx.command((o) => ctx.client.creditLines.set({ obligorMemberId: a.obligorMemberId!, limit }, o));
      ctx.done(r, `credit line of ${a.obligorMemberId}: ${xt(limit)} XT`);
    },
  },
  show: {
    args: ['obligorMemberId'],
    async run(ctx, a) {
      const c = await ctx.client.creditLines.get(a.obligorMemberId!);
      ctx.print(c, () =>
        kv([
          ['obligor', party(c.obligor)], ['limit', xt(c.limit)], ['used', xt(c.used)], ['available', xt(c.available)], ['updated', c.updatedAt],
          ['guarantee', c.guarantee ? `${party(c.guarantee.guarantor)} (${c.guarantee.status}${c.guarantee.acceptedAt ? ` since ${c.guarantee.acceptedAt}` : ''})` : undefined],
        ]),
      );
    },
  },
  'propose-guarantor': {
    args: ['obligorMemberId', 'guarantorMemberId'],
    async run(ctx, a) {
      const r = await ctx.command((o) => ctx.client.creditLines.proposeGuarantee(a.obligorMemberId!, a.guarantorMemberId!, o));
      ctx.done(r, `guarantor ${r.guarantorMemberId} proposed on the credit line of ${r.obligorMemberId}; it takes effect when the guarantor accepts`);
    },
  },
  'accept-guarantee': {
    args: ['obligorMemberId'],
    async run(ctx, a) {
      const r = await ctx.command((o) => ctx.client.creditLines.acceptGuarantee(a.obligorMemberId!, o));
      ctx.done(r, `you guarantee the credit line of ${r.obligorMemberId}: claims issued on it from now on are guaranteed by you`);
    },
  },
  'withdraw-guarantee': {
    args: ['obligorMemberId'],
    async run(ctx, a) {
      const r = await ctx.command((o) => ctx.client.creditLines.withdrawGuarantee(a.obligorMemberId!, o));
      ctx.done(r, `guarantee of the credit line of ${r.obligorMemberId} withdrawn for future issuance (claims already issued keep their guarantor)`);
    },
  },
};

export const trades: Resource = {
  submit: {
    options: { obligor: { type: 'string' }, ...tradeOptions },
    async run(ctx, _a, f) {
      const body = { obligorMemberId: requiredFlag(f, 'obligor'), ...tradeTerms(f) };
      const r = await ctx.command((o) => ctx.client.trades.submit(body, o));
      ctx.done(r, `trade submitted: invoice ${body.invoiceNumber}, ${xt(body.amount)} XT`, newTradeLines(r));
    },
  },
  confirm: {
    args: ['tradeId'],
    async run(ctx, a) {
      const r = await ctx.command((o) => ctx.client.trades.confirm(a.tradeId!, o));
      ctx.done(r, `trade confirmed: claim ${r.claimId}`);
    },
  },
  reject: {
    args: ['tradeId'],
    options: { reason: { type: 'string' } },
    async run(ctx, a, f) {
      const r = await ctx.command((o) => ctx.client.trades.reject(a.tradeId!, { reason: optionalFlag(f, 'reason') }, o));
      ctx.done(r, `trade rejected: ${a.tradeId}`);
    },
  },
  list: {
    options: { status: { type: 'string' }, limit: { type: 'string' }, cursor: { type: 'string' } },
    async run(ctx, _a, f) {
      const page = await ctx.client.trades.list({
        status: optionalFlag(f, 'status') as 'submitted' | 'confirmed' | 'rejected' | undefined,
        limit: f.limit === undefined ? undefined : integerValue('--limit', String(f.limit), { min: 1, max: 500 }),
        cursor: optionalFlag(f, 'cursor'),
      });
      ctx.print(page, () =>
        table(
          ['trade', 'status', 'invoice', 'XT', 'due', 'supplier', 'obligor'],
          page.items.map((t) => [t.tradeId, t.status, t.invoiceNumber ?? '—', xt(t.amount), t.dueDate ?? '—', party(t.supplier), party(t.obligor)]),
          [false, false, false, true],
        ) + (page.nextCursor ? `  more: --cursor ${page.nextCursor}\n` : ''),
      );
    },
  },
  show: {
    args: ['tradeId'],
    async run(ctx, a) {
      const t = await ctx.client.trades.get(a.tradeId!);
      ctx.print(t, () =>
        kv([
          ['trade', t.tradeId], ['status', t.status], ['invoice', t.invoiceNumber], ['amount', t.amount === null ? null : `${xt(t.amount)} XT`],
          ['due', t.dueDate], ['supplier', party(t.supplier)], ['obligor', party(t.obligor)], ['claim', t.claimId], ['submitted', t.submittedAt], ['decided', t.decidedAt],
        ]),
      );
    },
  },
};

export const payables: Resource = {
  issue: {
    options: { supplier: { type: 'string' }, ...tradeOptions },
    async run(ctx, _a, f) {
      const body = { supplierMemberId: requiredFlag(f, 'supplier'), ...tradeTerms(f) };
      const r = await ctx.command((o) => ctx.client.payables.issue(body, o));
      ctx.done(r, `payable issued: invoice ${body.invoiceNumber}, ${xt(body.amount)} XT`, newTradeLines(r));
    },
  },
};

export const settlements: Resource = {
  distribute: {
    args: ['rootId'],
    options: { 'batch-size': { type: 'string' } },
    async run(ctx, a, f) {
      const batchSize = typeof f['batch-size'] === 'string' ? integerValue('--batch-size', f['batch-size'], { min: 1, max: 50 }) : undefined;
      const r = await ctx.command((o) => ctx.client.settlements.distribute(a.rootId!, { batchSize }, o));
      ctx.done(r, `distributed ${xt(r.total)} XT to ${r.holdings} holdings in ${r.batches} batch(es)`, [
          ['not yet due', r.notYetDue.length ? r.notYetDue.map((n) => `${n.claimId} (${n.dueDate})`).join(', ') : undefined],
          ['skipped', r.skipped.length ? r.skipped.map((s) => `${s.holder} ${xt(s.payout)}`).join(', ') : undefined],
        ]);
    },
  },
};

export const position: Resource = {
  '': {
    args: ['memberId?'],
    async run(ctx, a) {
      const memberId = a.memberId && a.memberId !== 'me' ? a.memberId : (await ctx.client.members.me()).member.id;
      const p = await ctx.client.positions.get(memberId);
      ctx.print(p, () =>
        [
          `${party(p.member)} as of ${p.asOf}\n`,
          `holds ${xt(p.holds.total)} XT of claims\n`,
          p.holds.items.length
            ? table(['claim', 'obligor', 'due', 'balance', 'hops', 'redeemable'], p.holds.items.map((h) => [h.claimId, party(h.obligor), h.dueDate, xt(h.balance), String(h.hops), xt(h.redeemable)]), [false, false, false, true, true, true])
            : '',
          `owes ${xt(p.owes.total)} XT (overdue ${xt(p.owes.overdue)}, late interest ${xt(p.owes.lateInterest)})\n`,
          p.owes.ladder.length ? table(['due', 'unpaid', 'overdue days', 'late interest'], p.owes.ladder.map((l) => [l.dueDate, xt(l.unpaid), String(l.overdueDays), xt(l.lateInterest)]), [false, true, true, true]) : '',
          `sold ${xt(p.financed.sold.amount)} for ${xt(p.financed.sold.price)} XT; bought ${xt(p.financed.bought.amount)} for ${xt(p.financed.bought.price)} XT\n`,
          p.creditLine ? `credit line ${xt(p.creditLine.limit)}, used ${xt(p.creditLine.used)}, available ${xt(p.creditLine.available)}\n` : '',
          p.guarantees.items.length
            ? `guarantees ${xt(p.guarantees.total)} XT of principal (overdue ${xt(p.guarantees.overdue)}, late interest ${xt(p.guarantees.lateInterest)})\n` +
              table(['claim', 'obligor', 'due', 'outstanding', 'late interest', 'days late'], p.guarantees.items.map((g) => [g.rootId, party(g.obligor), g.dueDate, xt(g.outstanding), xt(g.lateInterest), String(g.overdueDays)]), [false, false, false, true, true, true])
            : '',
        ].join(''),
      );
    },
  },
};
