/** `tierchain claims transfer | modify | sell`, `tierchain offers …` and `tierchain quotes …`. */
import type { Resource } from '../../cli/ops/context.ts';
import { kv, party, pct, table, xt } from '../../cli/ops/format.ts';
import { amountValue, dateValue, instantValue, integerValue, optionalFlag, requiredFlag } from '../../cli/ops/values.ts';

const rate = (name: string, text: string) => integerValue(name, text, { max: 10_000 });

export const offers: Resource = {
  post: {
    options: { obligor: { type: 'string' }, 'rate-bps': { type: 'string' }, limit: { type: 'string' }, expires: { type: 'string' }, 'only-holder': { type: 'string' } },
    async run(ctx, _a, f) {
      const body = {
        obligorMemberId: requiredFlag(f, 'obligor'),
        rateBps: rate('--rate-bps', requiredFlag(f, 'rate-bps')),
        limit: amountValue('--limit', requiredFlag(f, 'limit')),
        expiresAt: instantValue('--expires', requiredFlag(f, 'expires')),
        onlyHolderMemberId: optionalFlag(f, 'only-holder'),
      };
      const r = await ctx.command((o) => ctx.client.offers.post(body, o));
      ctx.done(r, `offer ${r.offerId}: ${pct(body.rateBps)}/yr, up to ${xt(body.limit)} XT, until ${r.expiresAt}`);
    },
  },
  cancel: {
    args: ['offerId'],
    async run(ctx, a) {
      const r = await ctx.command((o) => ctx.client.offers.cancel(a.offerId!, o));
      ctx.done(r, `offer ${a.offerId} cancelled`);
    },
  },
  list: {
    options: { obligor: { type: 'string' }, funder: { type: 'string' }, all: { type: 'boolean', default: false } },
    async run(ctx, _a, f) {
      const items = await ctx.client.offers.list({ obligorMemberId: optionalFlag(f, 'obligor'), funderMemberId: optionalFlag(f, 'funder'), status: f.all ? 'all' : 'open' });
      ctx.print({ items }, () =>
        table(
          ['offer', 'funder', 'obligor', 'rate', 'remaining', 'expires', 'status'],
          items.map((o) => [o.offerId, party(o.funder), party(o.obligor), pct(o.rateBps), xt(o.remaining), o.expiresAt, o.status + (o.onlyHolder ? ` (only ${party(o.onlyHolder)})` : '')]),
          [false, false, false, true, true],
        ),
      );
    },
  },
  show: {
    args: ['offerId'],
    async run(ctx, a) {
      const o = await ctx.client.offers.get(a.offerId!);
      ctx.print(o, () =>
        kv([
          ['offer', o.offerId], ['funder', party(o.funder)], ['obligor', party(o.obligor)], ['rate', `${pct(o.rateBps)}/yr`], ['limit', xt(o.limit)],
          ['remaining', xt(o.remaining)], ['expires', o.expiresAt], ['only holder', o.onlyHolder ? party(o.onlyHolder) : undefined], ['status', o.status],
        ]),
      );
    },
  },
  price: {
    args: ['offerId', 'claimId', 'amount'],
    async run(ctx, a) {
      const p = await ctx.client.offers.price(a.offerId!, { claimId: a.claimId!, amount: amountValue('amount', a.amount!) });
      ctx.print(p, () =>
        kv([['amount', xt(p.amount)], ['price', `${xt(p.price)} XT`], ['discount', `${xt(p.discount)} (${pct(p.rateBps)}/yr, ${p.days} days, ${p.dayCount})`], ['offer left', xt(p.remaining)], ['expires', `${p.expiresAt}${p.expired ? ' (expired)' : ''}`]]),
      );
    },
  },
};

export const quotes: Resource = {
  request: {
    args: ['claimId', 'amount'],
    async run(ctx, a) {
      const q = await ctx.client.quotes.request({ claimId: a.claimId!, amount: amountValue('amount', a.amount!) });
      ctx.print(q, () => `quote request ${q.quoteId}: ${xt(q.amount)} of ${q.claimId}\n`);
    },
  },
  list: {
    async run(ctx) {
      const items = await ctx.client.quotes.list();
      ctx.print({ items }, () =>
        table(
          ['quote', 'claim', 'amount', 'requester', 'status', 'answers'],
          items.map((q) => [q.quoteId, q.claimId, xt(q.amount), q.requester.name, q.status, q.answers.map((x) => `${x.funder.name} ${pct(x.rateBps)} → offer ${x.offerId}`).join('; ') || '—']),
          [false, false, true],
        ),
      );
    },
  },
  answer: {
    args: ['quoteId'],
    options: { 'rate-bps': { type: 'string' }, expires: { type: 'string' } },
    async run(ctx, a, f) {
      const body = { rateBps: rate('--rate-bps', requiredFlag(f, 'rate-bps')), expiresAt: instantValue('--expires', requiredFlag(f, 'expires')) };
      const r = await ctx.command((o) => ctx.client.quotes.answer(a.quoteId!, body, o));
      ctx.done(r, `answered ${r.quoteId} with offer ${r.offerId} at ${pct(body.rateBps)}/yr until ${r.expiresAt}`);
    },
  },
};

/** A holder's operations, added to the `claims` resource (its reads come from the receivables module). */
export const claims: Resource = {
  transfer: {
    args: ['claimId', 'toMemberId', 'amount'],
    async run(ctx, a) {
      const body = { toMemberId: a.toMemberId!, amount: amountValue('amount', a.amount!) };
      const r = await ctx.command((o) => ctx.client.claims.transfer(a.claimId!, body, o));
      ctx.done(r, `transferred ${xt(body.amount)} of ${a.claimId} to ${await ctx.nameOf(body.toMemberId)}`, [['member id', body.toMemberId]]);
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
};

/** The claims module's `tierchain` resources. */
export const claimsCli = { claims, offers, quotes };
