/** `tierchain xt …`: deposits, transfers, withdrawals, pause, balances and movements of XT. */
import type { Resource } from '../../cli/ops/context.ts';
import { kv, party, table, xt as amount } from '../../cli/ops/format.ts';
import { amountValue, integerValue, optionalFlag, requiredFlag } from '../../cli/ops/values.ts';

export const xt: Resource = {
  deposit: {
    args: ['memberId', 'amount'],
    options: { reference: { type: 'string' } },
    async run(ctx, a, f) {
      const body = { memberId: a.memberId!, amount: amountValue('amount', a.amount!), reference: requiredFlag(f, 'reference') };
      const r = await ctx.command((o) => ctx.client.xt.deposit(body, o));
      ctx.done(r, `deposited ${amount(body.amount)} XT to ${await ctx.nameOf(body.memberId)}`, [['member id', body.memberId], ['reference', body.reference]]);
    },
  },
  transfer: {
    args: ['toMemberId', 'amount'],
    async run(ctx, a) {
      const body = { toMemberId: a.toMemberId!, amount: amountValue('amount', a.amount!) };
      const r = await ctx.command((o) => ctx.client.xt.transfer(body, o));
      ctx.done(r, `transferred ${amount(body.amount)} XT to ${await ctx.nameOf(body.toMemberId)}`, [['member id', body.toMemberId]]);
    },
  },
  withdraw: {
    args: ['amount'],
    options: { reference: { type: 'string' } },
    async run(ctx, a, f) {
      const body = { amount: amountValue('amount', a.amount!), reference: requiredFlag(f, 'reference') };
      const r = await ctx.command((o) => ctx.client.xt.withdraw(body, o));
      ctx.done(r, `withdrew ${amount(body.amount)} XT`, [['reference', body.reference]]);
    },
  },
  pause: {
    async run(ctx) {
      const r = await ctx.command((o) => ctx.client.xt.pause(o));
      ctx.done(r, 'XT paused');
    },
  },
  unpause: {
    async run(ctx) {
      const r = await ctx.command((o) => ctx.client.xt.unpause(o));
      ctx.done(r, 'XT resumed');
    },
  },
  balances: {
    args: ['memberId?'],
    async run(ctx, a) {
      if (a.memberId) {
        const b = await ctx.client.xt.balance(a.memberId);
        ctx.print(b, () => kv([['member', b.name ?? b.address], ['balance', `${amount(b.balance)} XT`]]));
        return;
      }
      const all = await ctx.client.xt.balances();
      ctx.print(all, () =>
        table(['member', 'member id', 'XT'], all.items.map((b) => [b.name ?? b.address, b.memberId ?? '—', amount(b.balance)]), [false, false, true]) +
        kv([['total supply', `${amount(all.totalSupply)} XT`], ['paused', all.paused ? 'yes' : 'no']]),
      );
    },
  },
  movements: {
    options: { member: { type: 'string' }, limit: { type: 'string' } },
    async run(ctx, _a, f) {
      const limit = f.limit === undefined ? undefined : integerValue('--limit', String(f.limit), { min: 1, max: 500 });
      const items = await ctx.client.xt.movements({ memberId: optionalFlag(f, 'member'), limit });
      ctx.print({ items }, () =>
        table(['at', 'kind', 'XT', 'from', 'to', 'reference'], items.map((m) => [m.at, m.kind, amount(m.amount), m.fromMember ? party(m.fromMember) : '—', m.toMember ? party(m.toMember) : '—', m.reference ?? '']), [false, false, true]),
      );
    },
  },
};

/** The currency module's `tierchain` resources. */
export const currencyCli = { xt };
