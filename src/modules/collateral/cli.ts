/** `tierchain goods …`, `tierchain collateral …`, `tierchain auctions …`. */
import type { Flags, Resource } from '../../cli/ops/context.ts';
import { table, xt as amount } from '../../cli/ops/format.ts';
import { amountValue, dateValue, dayCountValue, integerValue, optionalFlag, requiredFlag } from '../../cli/ops/values.ts';

export const goods: Resource = {
  register: {
    args: ['ownerMemberId', 'value'],
    options: { class: { type: 'string' }, quantity: { type: 'string' }, unit: { type: 'string' }, description: { type: 'string' }, location: { type: 'string' }, receipt: { type: 'string' }, lot: { type: 'string' } },
    async run(ctx, a, f) {
      const body = {
        ownerMemberId: a.ownerMemberId!, value: amountValue('value', a.value!), classId: integerValue('--class', requiredFlag(f, 'class'), { min: 0, max: 65_535 }),
        quantity: String(integerValue('--quantity', requiredFlag(f, 'quantity'), { min: 1 })), unit: requiredFlag(f, 'unit'), description: requiredFlag(f, 'description'), location: requiredFlag(f, 'location'),
        receipt: optionalFlag(f, 'receipt'), lot: optionalFlag(f, 'lot'),
      };
      const r = await ctx.command((o) => ctx.client.goods.register(body, o));
      ctx.done(r, `registered goods ${r.goodsId}`, [['value', `${amount(body.value)} XT`], ['receipt', body.receipt], ['lot', body.lot]]);
    },
  },
  value: {
    args: ['goodsId', 'value'],
    async run(ctx, a) {
      const value = amountValue('value', a.value!);
      const r = await ctx.command((o) => ctx.client.goods.value(a.goodsId!, value, o));
      ctx.done(r, `valued goods ${a.goodsId} at ${amount(value)} XT`);
    },
  },
  list: {
    async run(ctx) {
      const items = await ctx.client.goods.list();
      ctx.print({ items }, () =>
        table(['goods', 'description', 'quantity', 'value XT', 'valued', 'locked', 'position'], items.map((g) => [g.goodsId.slice(0, 12), g.description, `${g.quantity} ${g.unit}`, amount(g.value), g.valuedAt.slice(0, 10), g.locked ? 'yes' : 'no', g.positionId?.slice(0, 12) ?? '—']), [false, false, true, true]),
      );
    },
  },
};

const lineOptions = { consortium: { type: 'string' }, due: { type: 'string' }, draw: { type: 'string' }, 'late-rate': { type: 'string' }, 'day-count': { type: 'string' }, 'max-hops': { type: 'string' } } as const;

/** The line's terms from the flags every lock shares. */
const lineTerms = (f: Flags) => ({
  consortiumId: requiredFlag(f, 'consortium'), dueDate: dateValue('--due', requiredFlag(f, 'due')),
  firstDraw: f.draw === undefined ? '0' : amountValue('--draw', String(f.draw), { allowZero: true }),
  lateRateBps: f['late-rate'] === undefined ? undefined : integerValue('--late-rate', String(f['late-rate']), { min: 0, max: 10_000 }),
  dayCount: f['day-count'] === undefined ? undefined : dayCountValue('--day-count', String(f['day-count'])),
  maxHops: f['max-hops'] === undefined ? undefined : integerValue('--max-hops', String(f['max-hops']), { min: 0, max: 255 }),
});

export const collateral: Resource = {
  lock: {
    args: ['goodsId'],
    options: lineOptions,
    async run(ctx, a, f) {
      const body = { goodsId: a.goodsId!, ...lineTerms(f) };
      const r = await ctx.command((o) => ctx.client.collateral.lock(body, o));
      ctx.done(r, `locked goods ${body.goodsId} in position ${r.positionId}`, [['line', `${amount(r.limit)} XT`], ['drawn CT', r.claimId]]);
    },
  },
  'lock-claim': {
    args: ['claimId'],
    options: { ...lineOptions, class: { type: 'string' } },
    async run(ctx, a, f) {
      const body = { claimId: a.claimId!, classId: integerValue('--class', requiredFlag(f, 'class'), { min: 0, max: 65_535 }), ...lineTerms(f) };
      const r = await ctx.command((o) => ctx.client.collateral.lock(body, o));
      ctx.done(r, `pledged claim ${body.claimId} in position ${r.positionId}`, [['line', `${amount(r.limit)} XT`], ['drawn CT', r.claimId]]);
    },
  },
  'add-goods': {
    args: ['positionId', 'goodsId'],
    async run(ctx, a) {
      const r = await ctx.command((o) => ctx.client.collateral.addGoods(a.positionId!, a.goodsId!, o));
      ctx.done(r, `added goods ${a.goodsId} to position ${a.positionId}`);
    },
  },
  collect: {
    args: ['positionId'],
    async run(ctx, a) {
      const r = await ctx.command((o) => ctx.client.collateral.collectClaim(a.positionId!, o));
      ctx.done(r, `collected the pledged claim's settlement for position ${a.positionId}`);
    },
  },
  draw: {
    args: ['positionId', 'amount'],
    async run(ctx, a) {
      const value = amountValue('amount', a.amount!);
      const r = await ctx.command((o) => ctx.client.collateral.draw(a.positionId!, value, o));
      ctx.done(r, `drew ${amount(value)} XT of CTs: ${r.claimId}`);
    },
  },
  repay: {
    args: ['claimId', 'amount'],
    async run(ctx, a) {
      const value = amountValue('amount', a.amount!);
      const r = await ctx.command((o) => ctx.client.collateral.repay(a.claimId!, value, o));
      ctx.done(r, `repaid ${amount(value)} XT on ${a.claimId}`);
    },
  },
  'top-up': {
    args: ['positionId', 'amount'],
    async run(ctx, a) {
      const value = amountValue('amount', a.amount!);
      const r = await ctx.command((o) => ctx.client.collateral.topUp(a.positionId!, value, o));
      ctx.done(r, `added ${amount(value)} XT of margin to ${a.positionId}`);
    },
  },
  positions: {
    async run(ctx) {
      const items = await ctx.client.collateral.positions();
      ctx.print({ items }, () =>
        table(
          ['position', 'status', 'collateral', 'line XT', 'debt XT', 'value XT', 'LTV', 'due'],
          items.map((p) => [
            p.positionId.slice(0, 12), p.status,
            p.claim ? `claim ${p.claim.claimId.slice(0, 10)}` : p.goodsId ? `goods ×${1 + p.addedGoods.length}` : 'XT',
            amount(p.limit), amount(p.debt), amount(p.currentValue), p.ratioBps === null ? '—' : `${(Number(p.ratioBps) / 100).toFixed(2)}%`, p.dueDate,
          ]),
          [false, false, false, true, true, true, true],
        ),
      );
    },
  },
};

export const auctions: Resource = {
  list: {
    async run(ctx) {
      const items = await ctx.client.auctions.list();
      ctx.print({ items }, () =>
        table(['position', 'round', 'status', 'start XT', 'floor XT', 'ends', 'price XT'], items.map((x) => [x.positionId.slice(0, 12), String(x.round), x.status, amount(x.startPrice), amount(x.floorPrice), x.endsAt, amount(x.price)]), [false, true, false, true, true]),
      );
    },
  },
  bid: {
    args: ['positionId', 'maxPrice'],
    async run(ctx, a) {
      const r = await ctx.command((o) => ctx.client.auctions.bid(a.positionId!, amountValue('maxPrice', a.maxPrice!), o));
      ctx.done(r, `bid on ${a.positionId}`, [['price now', `${amount(r.price)} XT`]]);
    },
  },
};

/** The collateral module's `tierchain` resources. */
export const collateralCli = { goods, collateral, auctions };
