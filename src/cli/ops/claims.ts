/** `tierchain claims …`: list, show, trace (as a tree), and every holder operation. */
import { formatTraceTree } from '../../demo/traceTree.ts';
import type { Claim } from '../../sdk/index.ts';
import type { Resource } from './context.ts';
import { kv, party, pct, table, xt } from './format.ts';
import { amountValue, dateValue, integerValue, optionalFlag } from './values.ts';

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

export const claims: Resource = {
  list: {
    options: { holder: { type: 'string' }, obligor: { type: 'string' }, guarantor: { type: 'string' }, limit: { type: 'string' }, cursor: { type: 'string' } },
    async run(ctx, _a, f) {
      const page = await ctx.client.claims.list({
        holder: optionalFlag(f, 'holder'),
        obligor: optionalFlag(f, 'obligor'),
        guarantor: optionalFlag(f, 'guarantor'),
        limit: f.limit === undefined ? undefined : integerValue('--limit', String(f.limit), { min: 1, max: 500 }),
        cursor: optionalFlag(f, 'cursor'),
      });
      ctx.print(page, () =>
        table(
          ['claim', 'obligor', 'due', 'supply', 'holding', 'settlement'],
          page.items.map((c) => [c.id, party(c.obligor), c.dueDate, xt(c.totalSupply), c.holding ? xt(c.holding.balance) : '—', c.settlement.status]),
          [false, false, false, true, true],
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
  transfer: {
    args: ['claimId', 'toMemberId', 'amount'],
    async run(ctx, a) {
      const body = { toMemberId: a.toMemberId!, amount: amountValue('amount', a.amount!) };
      const r = await ctx.command((o) => ctx.client.claims.transfer(a.claimId!, body, o));
      ctx.done(r, `transferred ${xt(body.amount)} of ${a.claimId} to ${body.toMemberId}`);
    },
  },
  modify: {
    args: ['claimId', 'amount'],
    options: { due: { type: 'string' }, 'late-rate-bps': { type: 'string' }, 'max-hops': { type: 'string' } },
    async run(ctx, a, f) {
      const due = optionalFlag(f, 'due');
      const late = optionalFlag(f, 'late-rate-bps');
      const hops = optionalFlag(f, 'max-hops');
      const body = {
        amount: amountValue('amount', a.amount!),
        dueDate: due === undefined ? undefined : dateValue('--due', due),
        lateRateBps: late === undefined ? undefined : integerValue('--late-rate-bps', late, { max: 65_535 }),
        maxHops: hops === undefined ? undefined : integerValue('--max-hops', hops, { max: 255 }),
      };
      const r = await ctx.command((o) => ctx.client.claims.modify(a.claimId!, body, o));
      ctx.done(r, `modified ${xt(r.amount)} of ${r.claimId} into ${r.childId}`, [
          ['child terms', `due ${r.terms.dueDate}, late ${pct(r.terms.lateRateBps)}/yr, at most ${r.terms.maxHops} hops, ${r.terms.dayCount}`],
        ]);
    },
  },
  sell: {
    args: ['claimId', 'offerId', 'amount'],
    options: { 'min-price': { type: 'string' } },
    async run(ctx, a, f) {
      const min = optionalFlag(f, 'min-price');
      const body = { offerId: a.offerId!, amount: amountValue('amount', a.amount!), minPrice: min === undefined ? undefined : amountValue('--min-price', min, { allowZero: true }) };
      const r = await ctx.command((o) => ctx.client.claims.sell(a.claimId!, body, o));
      ctx.done(r, `sold ${xt(r.amount)} of ${r.claimId} for ${xt(r.price)} XT (discount ${xt(r.discount)}, ${r.days} days)`);
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
