/** `tierchain claims list | show | trace | pay | redeem`, `credit-lines …`, `trades …`, `payables …`, `advances …`, `settlements …` and `position`. */
import type { Flags, Resource } from '../../cli/ops/context.ts';
import { kv, party, pct, table, xt } from '../../cli/ops/format.ts';
import { amountValue, dateValue, dayCountValue, integerValue, optionalFlag, requiredFlag } from '../../cli/ops/values.ts';
import type { Claim, TradeTerms } from '../../sdk/index.ts';
import { formatTraceTree } from './demo/traceTree.ts';
import { CliError } from '../../cli/errors.ts';

const claimBlock = (c: Claim) =>
  kv([
    ['claim', c.id],
    ['root', c.rootId === c.id ? undefined : c.rootId],
    ['obligor', party(c.obligor)],
    ['supply', `${xt(c.totalSupply)} XT`],
    ['due', c.maturity ? `${c.dueDate} (${c.maturity.overdueDays ? `${c.maturity.overdueDays} days overdue` : `${c.maturity.daysToMaturity} days to maturity`})` : c.dueDate],
    ['terms', `late ${pct(c.lateRateBps)}/yr, at most ${c.maxHops} hops, ${c.dayCount}`],
    ['consortium', c.consortiumId],
    ['trade', c.trade ? `${c.trade.tradeId} (supplier ${party(c.trade.supplier)})` : undefined],
    ['your holding', c.yourHolding ? `${xt(c.yourHolding.balance)} (hop ${c.yourHolding.hops}, redeemed ${xt(c.yourHolding.redeemed)})` : undefined],
    [
      'settlement',
      c.settlement
        ? `${c.settlement.status.replace('_', ' ')}: face ${xt(c.settlement.face)}, paid ${xt(c.settlement.paid)} (principal ${xt(c.settlement.principalPaid)}, interest ${xt(c.settlement.interestPaid)}), distributed ${xt(c.settlement.distributed)}`
        : 'not shown (you do not participate in this claim)',
    ],
    [
      'owed now',
      c.settlement && c.settlement.owed !== '0'
        ? `${xt(c.settlement.owed)} XT: principal ${xt(c.settlement.outstanding)} + late interest ${xt(c.settlement.lateInterest)}${c.settlement.overdueDays ? ` (${c.settlement.overdueDays} days late)` : ''}`
        : undefined,
    ],
    ['late interest', c.maturity && c.maturity.lateInterest !== '0' ? `${xt(c.maturity.lateInterest)} XT of it is this id's share` : undefined],
    ['guarantor', c.settlement?.guarantor ? party(c.settlement.guarantor) : undefined],
  ]) +
  (c.holders.length
    ? table(['holder', 'member id', 'balance', 'hop', 'redeemed'], c.holders.map((h) => [party(h.party), h.party.memberId ?? '—', xt(h.balance), String(h.hops), xt(h.redeemed)]), [false, false, true, true, true])
    : '  holders      none\n');

/** Claims as a receivable's parties read them, and payments and redemptions. */
export const claims: Resource = {
  list: {
    options: {
      holder: { type: 'string' }, obligor: { type: 'string' }, guarantor: { type: 'string' }, limit: { type: 'string' }, cursor: { type: 'string' },
      search: { type: 'string' }, status: { type: 'string' }, 'due-from': { type: 'string' }, 'due-to': { type: 'string' }, overdue: { type: 'boolean' }, sort: { type: 'string' },
    },
    async run(ctx, _a, f) {
      const page = await ctx.client.claims.list({
        holder: optionalFlag(f, 'holder'),
        obligor: optionalFlag(f, 'obligor'),
        guarantor: optionalFlag(f, 'guarantor'),
        q: optionalFlag(f, 'search'),
        status: optionalFlag(f, 'status') as 'unpaid' | 'partially_paid' | 'paid' | undefined,
        dueFrom: optionalFlag(f, 'due-from'),
        dueTo: optionalFlag(f, 'due-to'),
        overdue: f.overdue === true ? true : undefined,
        sort: optionalFlag(f, 'sort') as 'newest' | 'due' | '-due' | 'amount' | '-amount' | undefined,
        limit: f.limit === undefined ? undefined : integerValue('--limit', String(f.limit), { min: 1, max: 500 }),
        cursor: optionalFlag(f, 'cursor'),
      });
      ctx.print(page, () =>
        table(
          ['claim', 'invoice', 'supplier', 'obligor', 'due', 'original', 'supply', 'holding', 'settlement'],
          page.items.map((c) => [
            c.id, c.business.invoiceNumber ?? '—', party(c.business.supplier), party(c.obligor), c.dueDate, xt(c.business.originalAmount), xt(c.totalSupply),
            c.holding ? xt(c.holding.balance) : '—', c.settlement.status,
          ]),
          [false, false, false, false, false, true, true, true],
        ) + (page.nextCursor ? `  more: --cursor ${page.nextCursor}\n` : ''),
      );
    },
  },
  show: {
    args: ['claimId'],
    async run(ctx, a) {
      const c = await ctx.client.claims.get(a.claimId!);
      ctx.print(c, () => claimBlock(c));
    },
  },
  trace: {
    args: ['claimId'],
    async run(ctx, a) {
      const trace = await ctx.client.claims.trace(a.claimId!);
      ctx.print(trace, () => formatTraceTree(trace));
    },
  },
  pay: {
    args: ['claimId', 'amount'],
    async run(ctx, a) {
      const amount = amountValue('amount', a.amount!);
      const r = await ctx.command((o) => ctx.client.claims.pay(a.claimId!, { amount }, o));
      ctx.done(r, `paid ${xt(r.amount)} XT into the settlement of ${r.rootId} as its ${r.payer}`, [
        ['late interest', `${xt(r.interest)} XT (settled first)`],
        ['principal', `${xt(r.principal)} XT`],
        ['still owed', `${xt(r.outstanding)} XT`],
      ]);
    },
  },
  redeem: {
    args: ['claimId'],
    options: { holder: { type: 'string' } },
    async run(ctx, a, f) {
      const r = await ctx.command((o) => ctx.client.claims.redeem(a.claimId!, { holderMemberId: optionalFlag(f, 'holder') }, o));
      ctx.done(r, `redeemed ${r.claimId} for ${xt(r.payout)} XT`, [['holder', r.holderMemberId]]);
    },
  },
};

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
      ctx.done(r, `credit line of ${await ctx.nameOf(a.obligorMemberId!)}: ${xt(limit)} XT`, [['member id', a.obligorMemberId]]);
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
      ctx.done(r, `guarantor ${await ctx.nameOf(a.guarantorMemberId!)} proposed on the credit line of ${await ctx.nameOf(r.obligorMemberId)}; it takes effect when the guarantor accepts`);
    },
  },
  'accept-guarantee': {
    args: ['obligorMemberId'],
    async run(ctx, a) {
      const r = await ctx.command((o) => ctx.client.creditLines.acceptGuarantee(a.obligorMemberId!, o));
      ctx.done(r, `you guarantee the credit line of ${await ctx.nameOf(r.obligorMemberId)}: claims issued on it from now on are guaranteed by you`);
    },
  },
  'withdraw-guarantee': {
    args: ['obligorMemberId'],
    async run(ctx, a) {
      const r = await ctx.command((o) => ctx.client.creditLines.withdrawGuarantee(a.obligorMemberId!, o));
      ctx.done(r, `guarantee of the credit line of ${await ctx.nameOf(r.obligorMemberId)} withdrawn for future issuance (claims already issued keep their guarantor)`);
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

/** `tierchain advances issue --kind purchase_order|channel --to <memberId> --order <number> …`, `close`, `list`. */
export const advances: Resource = {
  issue: {
    options: { kind: { type: 'string' }, to: { type: 'string' }, order: { type: 'string' }, ...tradeOptions },
    async run(ctx, _a, f) {
      const kind = optionalFlag(f, 'kind') ?? 'purchase_order';
      if (kind !== 'purchase_order' && kind !== 'channel') throw new CliError('--kind: purchase_order or channel', { exitCode: 2 });
      const { invoiceNumber: _invoice, ...terms } = tradeTerms({ ...f, invoice: 'unused' });
      const body = { kind, recipientMemberId: requiredFlag(f, 'to'), orderNumber: requiredFlag(f, 'order'), ...terms } as const;
      const r = await ctx.command((o) => ctx.client.advances.issue(body, o));
      ctx.done(r, `${kind === 'channel' ? 'channel' : 'purchase-order'} financing: order ${body.orderNumber}, ${xt(body.amount)} XT of CTs`, [...newTradeLines(r), ['order key', r.orderKey]]);
    },
  },
  close: {
    args: ['claimId'],
    options: { invoice: { type: 'string' }, 'delivery-hash': { type: 'string' } },
    async run(ctx, a, f) {
      const r = await ctx.command((o) => ctx.client.advances.close(a.claimId!, { invoiceNumber: requiredFlag(f, 'invoice'), deliveryHash: requiredFlag(f, 'delivery-hash') }, o));
      ctx.done(r, `order behind ${a.claimId} closed by invoice ${requiredFlag(f, 'invoice')}`, [['invoice key', r.invoiceKey]]);
    },
  },
  list: {
    async run(ctx) {
      const r = await ctx.client.advances.list();
      ctx.print(r, () =>
        table(['claim', 'kind', 'order', 'obligor', 'recipient', 'XT', 'status'], r.items.map((x) => [x.claimId.slice(0, 12), x.kind, x.orderNumber ?? '—', party(x.obligor), party(x.recipient), xt(x.amount), x.status]), [false, false, false, false, false, true]),
      );
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

/** The receivables module's `tierchain` resources (`claims` gets its holder operations from the claims module). */
export const receivablesCli = { claims, 'credit-lines': creditLines, trades, payables, advances, settlements, position };
