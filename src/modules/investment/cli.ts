/** `tierchain listings …`: P2P listings — create, fund, list, claim (and refund, collect). */
import { keccak256, toHex } from 'viem';
import type { Resource } from '../../cli/ops/context.ts';
import { table, xt as amount } from '../../cli/ops/format.ts';
import { amountValue, instantValue, requiredFlag } from '../../cli/ops/values.ts';

/** A listing id: 0x + 64 hex as given, or the hash of a name. */
const listingId = (v: string) => (/^0x[0-9a-fA-F]{64}$/.test(v) ? v : keccak256(toHex(`listing:${v}`)));

export const listings: Resource = {
  create: {
    args: ['name', 'claimId', 'units', 'price'],
    options: { deadline: { type: 'string' } },
    async run(ctx, a, f) {
      const body = { listingId: listingId(a.name!), claimId: a.claimId!, units: amountValue('units', a.units!), price: amountValue('price', a.price!), deadline: instantValue('deadline', requiredFlag(f, 'deadline')) };
      const r = await ctx.command((o) => ctx.client.listings.create(body, o));
      ctx.done(r, `listed ${amount(body.units)} of claim ${body.claimId} for ${amount(body.price)} XT`, [['listing', body.listingId]]);
    },
  },
  fund: {
    args: ['listing', 'amount'],
    async run(ctx, a) {
      const id = listingId(a.listing!);
      const value = amountValue('amount', a.amount!);
      const r = await ctx.command((o) => ctx.client.listings.fund(id, value, o));
      ctx.done(r, `funded ${amount(value)} XT of listing ${id}`);
    },
  },
  claim: {
    args: ['listing'],
    async run(ctx, a) {
      const id = listingId(a.listing!);
      const r = await ctx.command((o) => ctx.client.listings.claim(id, undefined, o));
      ctx.done(r, `claimed the payout of listing ${id}`);
    },
  },
  refund: {
    args: ['listing'],
    async run(ctx, a) {
      const id = listingId(a.listing!);
      const r = await ctx.command((o) => ctx.client.listings.refund(id, undefined, o));
      ctx.done(r, `refunded from listing ${id}`);
    },
  },
  collect: {
    args: ['listing'],
    async run(ctx, a) {
      const id = listingId(a.listing!);
      const r = await ctx.command((o) => ctx.client.listings.collect(id, o));
      ctx.done(r, `collected settlement into listing ${id}`);
    },
  },
  list: {
    async run(ctx) {
      const items = await ctx.client.listings.list();
      ctx.print(items, () =>
        table(
          ['listing', 'status', 'claim', 'units', 'price', 'raised', 'yield bps', 'deadline'],
          items.map((l) => [l.listingId.slice(0, 10), l.status, l.claimId.slice(0, 10), amount(l.units), amount(l.price), amount(l.raised), String(l.targetYieldBps), l.deadline]),
        ),
      );
    },
  },
};

export const investmentCli = { listings };
