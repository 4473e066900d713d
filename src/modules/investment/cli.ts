/**
 * `tierchain listings …`: P2P listings — create, fund, list, claim (and refund, collect).
 * `tierchain pools …`: tranched pools — create, show, deposit / redeem requests, claim, buy, close, cover, vote, statement.
 */
import type { Resource } from '../../cli/ops/context.ts';
import { CliError } from '../../cli/errors.ts';
import { kv, pct, table, xt as amount } from '../../cli/ops/format.ts';
import { amountValue, dayCountValue, instantValue, integerValue, listValue, namedIdValue, optionalFlag, requiredFlag } from '../../cli/ops/values.ts';
import type { TrancheName } from './client.ts';

/** A listing id: 0x + 64 hex as given, or the hash of a name. */
const listingId = (v: string) => namedIdValue('listing', v);

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

/** A pool id: 0x + 64 hex as given, or the hash of a name. */
const poolId = (v: string) => namedIdValue('pool', v);
const usage = (message: string) => new CliError(message, { hint: 'tierchain help lists the commands and their arguments', exitCode: 2 });

function trancheValue(text: string): TrancheName {
  const v = text.toUpperCase();
  if (v === 'A' || v === 'B' || v === 'C') return v;
  throw usage(`tranche: "${text}" is not a tranche: A (senior), B (mezzanine) or C (junior)`);
}

function yieldsValue(text: string): [number, number, number] {
  const parts = text.split(',').map((p) => p.trim());
  if (parts.length !== 3) throw usage(`--yields: "${text}" is not three target yields in bps, e.g. 500,1000,2000`);
  return parts.map((p, i) => integerValue(`--yields (${'ABC'[i]})`, p, { max: 10_000 })) as [number, number, number];
}

const bpsFlag = (f: Record<string, string | boolean | undefined>, name: string, fallback: number, max = 10_000) => {
  const v = optionalFlag(f, name);
  return v === undefined ? fallback : integerValue(`--${name}`, v, { max });
};

export const pools: Resource = {
  create: {
    args: ['name', 'consortiumId'],
    options: {
      maturity: { type: 'string' }, yields: { type: 'string' }, 'epoch-days': { type: 'string' }, 'day-count': { type: 'string' },
      'discount-bps': { type: 'string' }, 'min-discount-bps': { type: 'string' }, 'max-tenor-days': { type: 'string' }, 'limit-per-obligor': { type: 'string' },
      obligors: { type: 'string' }, 'quorum-bps': { type: 'string' }, 'threshold-bps': { type: 'string' }, 'voting-days': { type: 'string' },
      'min-subordination-bps': { type: 'string' }, 'min-cover-bps': { type: 'string' },
    },
    async run(ctx, a, f) {
      const body = {
        poolId: poolId(a.name!), consortiumId: a.consortiumId!, maturity: instantValue('--maturity', requiredFlag(f, 'maturity')),
        minEpochDays: integerValue('--epoch-days', optionalFlag(f, 'epoch-days') ?? '7', { max: 365 }), dayCount: dayCountValue('--day-count', optionalFlag(f, 'day-count') ?? 'ACT/360'),
        targetYieldBps: yieldsValue(requiredFlag(f, 'yields')), quorumBps: bpsFlag(f, 'quorum-bps', 5000), thresholdBps: bpsFlag(f, 'threshold-bps', 5000),
        votingDays: integerValue('--voting-days', optionalFlag(f, 'voting-days') ?? '3', { min: 1, max: 365 }),
        minSubordinationBps: bpsFlag(f, 'min-subordination-bps', 0, 9_999), minCoverBps: bpsFlag(f, 'min-cover-bps', 0),
        policy: {
          discountRateBps: bpsFlag(f, 'discount-bps', 1200), minDiscountBps: bpsFlag(f, 'min-discount-bps', 0),
          maxTenorDays: integerValue('--max-tenor-days', optionalFlag(f, 'max-tenor-days') ?? '120', { min: 1, max: 3650 }),
          limitPerObligor: amountValue('--limit-per-obligor', requiredFlag(f, 'limit-per-obligor')),
        },
        eligibleObligorIds: listValue(optionalFlag(f, 'obligors') ?? ''),
      };
      const r = await ctx.command((o) => ctx.client.pools.create(body, o));
      ctx.done(r, `created pool ${body.poolId}`, [
        ['target yields', body.targetYieldBps.map((y, i) => `${'ABC'[i]} ${pct(y)}`).join(', ')],
        ['minimum subordination', pct(body.minSubordinationBps)],
        ['committed cover', pct(body.minCoverBps)],
      ]);
    },
  },
  show: {
    args: ['pool'],
    async run(ctx, a) {
      const id = poolId(a.pool!);
      const [p, exposures] = await Promise.all([ctx.client.pools.get(id), ctx.client.pools.exposures(id)]);
      ctx.print({ ...p, exposures: exposures.items }, () =>
        [
          kv([
            ['pool', p.poolId], ['sponsor', p.sponsor], ['maturity', p.maturity], ['epochs closed', p.epochs], ['NAV (last close)', amount(p.nav)],
            ['cover', `${amount(p.cover)} (posted ${amount(p.coverPosted)}, withdrawn ${amount(p.coverWithdrawn)}, committed ${pct(p.minCoverBps)})`],
            ['subordination', `${pct(p.subordinationBps)} (minimum ${pct(p.minSubordinationBps)})`],
          ]),
          table(['tranche', 'value', 'shares', 'target', 'realised'], p.tranches.map((x, i) => [x.tranche, amount(x.value), amount(x.shares), pct(p.targetYieldBps[i]), pct(x.realisedYieldBps)]), [false, true, true, true, true]),
          exposures.items.length === 0
            ? '  no claim held yet'
            : table(['obligor', 'claims', 'face', 'paid', 'collected', 'outstanding', 'written off'], exposures.items.map((e) => [e.obligor, String(e.claims), amount(e.face), amount(e.paidFor), amount(e.collected), amount(e.outstanding), amount(e.writtenOff)]), [false, true, true, true, true, true, true]),
          exposures.byTier.length === 0
            ? ''
            : table(['obligor', 'tier', 'claims', 'face', 'outstanding'], exposures.byTier.map((e) => [e.obligor, String(e.tier), String(e.claims), amount(e.face), amount(e.outstanding)]), [false, true, true, true, true]),
        ].join('\n'),
      );
    },
  },
  epochs: {
    args: ['pool'],
    async run(ctx, a) {
      const e = await ctx.client.pools.epochs(poolId(a.pool!));
      ctx.print(e, () =>
        table(['epoch', 'tranche', 'previous', 'target', 'after waterfall', 'after requests', 'shares'], e.items.map((x) => [String(x.epoch), x.tranche, amount(x.previous), amount(x.target), amount(x.value), amount(x.valueAfter), amount(x.supplyAfter)]), [false, false, true, true, true, true, true]),
      );
    },
  },
  deposit: {
    args: ['pool', 'tranche', 'amount'],
    async run(ctx, a) {
      const id = poolId(a.pool!);
      const tranche = trancheValue(a.tranche!);
      const value = amountValue('amount', a.amount!);
      const r = await ctx.command((o) => ctx.client.pools.deposit(id, tranche, value, o));
      ctx.done(r, `requested a deposit of ${amount(value)} XT into tranche ${tranche} (executed at the next close)`);
    },
  },
  redeem: {
    args: ['pool', 'tranche', 'shares'],
    async run(ctx, a) {
      const id = poolId(a.pool!);
      const tranche = trancheValue(a.tranche!);
      const shares = amountValue('shares', a.shares!);
      const r = await ctx.command((o) => ctx.client.pools.redeem(id, tranche, shares, o));
      ctx.done(r, `requested a redemption of ${amount(shares)} ${tranche} shares (executed at the next close)`);
    },
  },
  claim: {
    args: ['pool', 'tranche'],
    async run(ctx, a) {
      const id = poolId(a.pool!);
      const tranche = trancheValue(a.tranche!);
      const r = await ctx.command((o) => ctx.client.pools.claim(id, tranche, undefined, o));
      ctx.done(r, `claimed your executed order in tranche ${tranche}`);
    },
  },
  buy: {
    args: ['pool', 'claimId', 'face'],
    options: { 'min-price': { type: 'string' } },
    async run(ctx, a, f) {
      const id = poolId(a.pool!);
      const min = optionalFlag(f, 'min-price');
      const body = { claimId: BigInt(a.claimId!).toString(), face: amountValue('face', a.face!), minPrice: min === undefined ? undefined : amountValue('--min-price', min) };
      const r = await ctx.command((o) => ctx.client.pools.sell(id, body, o));
      ctx.done(r, `sold ${amount(body.face)} of claim ${a.claimId} to pool ${id} at its policy's price`);
    },
  },
  close: {
    args: ['pool'],
    async run(ctx, a) {
      const id = poolId(a.pool!);
      const r = await ctx.command((o) => ctx.client.pools.closeEpoch(id, o));
      ctx.done(r, `closed the epoch of pool ${id}`);
    },
  },
  cover: {
    args: ['pool', 'amount'],
    options: { withdraw: { type: 'boolean', default: false } },
    async run(ctx, a, f) {
      const id = poolId(a.pool!);
      const value = amountValue('amount', a.amount!);
      const r = await ctx.command((o) => (f.withdraw ? ctx.client.pools.withdrawCover(id, value, o) : ctx.client.pools.postCover(id, value, o)));
      ctx.done(r, f.withdraw ? `withdrew ${amount(value)} XT of unused cover` : `posted ${amount(value)} XT of first-loss cover`);
    },
  },
  propose: {
    args: ['pool', 'action'],
    options: { asset: { type: 'string' }, value: { type: 'string' }, obligor: { type: 'string' } },
    async run(ctx, a, f) {
      const id = poolId(a.pool!);
      const action = a.action as 'valuation' | 'write_off' | 'eligibility';
      if (!['valuation', 'write_off', 'eligibility'].includes(action)) throw usage(`action: "${a.action}" is not valuation, write_off or eligibility`);
      const asset = optionalFlag(f, 'asset');
      const value = optionalFlag(f, 'value');
      const body = {
        action, assetIndex: asset === undefined ? undefined : integerValue('--asset', asset, { max: 31 }),
        value: value === undefined ? undefined : action === 'valuation' ? amountValue('--value', value, { allowZero: true }) : String(integerValue('--value', value, { max: 1 })),
        obligorMemberId: optionalFlag(f, 'obligor'),
      };
      const r = await ctx.command((o) => ctx.client.pools.propose(id, body, o));
      ctx.done(r, `proposed ${action} to the holders of pool ${id}`, [['proposal', r.proposalId]]);
    },
  },
  vote: {
    args: ['proposalId', 'choice'],
    async run(ctx, a) {
      if (a.choice !== 'for' && a.choice !== 'against') throw usage(`choice: "${a.choice}" is not for or against`);
      const r = await ctx.command((o) => ctx.client.pools.vote(a.proposalId!, a.choice === 'for', o));
      ctx.done(r, `voted ${a.choice} proposal ${a.proposalId}`);
    },
  },
  execute: {
    args: ['proposalId'],
    async run(ctx, a) {
      const r = await ctx.command((o) => ctx.client.pools.execute(a.proposalId!, o));
      ctx.done(r, `executed proposal ${a.proposalId}`);
    },
  },
  statement: {
    args: ['pool'],
    options: { investor: { type: 'string' }, csv: { type: 'boolean', default: false } },
    async run(ctx, a, f) {
      const id = poolId(a.pool!);
      const investor = optionalFlag(f, 'investor');
      if (f.csv) {
        ctx.out(await ctx.client.pools.statementCsv(id, investor));
        return;
      }
      const s = await ctx.client.pools.statement(id, investor);
      ctx.print(s, () =>
        [
          table(
            ['epoch', 'tranche', 'shares held', 'earned', 'deposited', 'returned', 'redeemed shares', 'paid', 'shares after', 'value after'],
            s.lines.map((l) => [String(l.epoch), l.tranche, amount(l.sharesHeld), amount(l.earned), amount(l.deposited), amount(l.depositReturned), amount(l.sharesRedeemed), amount(l.redemptionPaid), amount(l.sharesAfter), amount(l.valueAfter)]),
            [false, false, true, true, true, true, true, true, true, true],
          ),
          kv([['earned to date', `${amount(s.toDate.earned)} XT`], ['deposited', `${amount(s.toDate.deposited)} XT`], ['redemptions paid', `${amount(s.toDate.redemptionPaid)} XT`], ['value now', `${amount(s.toDate.value)} XT`]]),
        ].join('\n'),
      );
    },
  },
};

export const investmentCli = { listings, pools };
