/**
 * Property tests of P2P listings (Algorithm 4) against a real anvil: random sequences of partial fundings,
 * transfers of investment claims between investors, time passing, partial payments by the obligor, collections,
 * payouts and refunds, on a listing that may or may not reach its target. After every command:
 *  1. XT in = XT out: the listings contract holds exactly what came in (fundings, collections) less what went out
 *     (the price to the holder, refunds, payouts);
 *  2. the investment claim's supply = Σ investors' holdings = raised − refunded − burned, and never more than the price;
 *  3. no holding is ever paid more than its pro-rata share floor(units × collected / price) in all, and once the
 *     listing is settled and everyone has claimed, what stays is only the floors' residue (< one unit per holder).
 * A failure prints fast-check's seed; replay with FC_SEED=<seed> (FC_RUNS scales runs).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeEventLog, type Log } from 'viem';
import { p2PListingsAbi } from '../../src/modules/investment/generated/index.ts';
import { abi, ctBalance, DAY, id32, issueClaim, startInvestmentFixture, xtBalance, type InvestmentFixture } from '../support/investmentChain.ts';

const runScale = Number(process.env.FC_RUNS ?? '1');
const FACE = 1_000_000n;
const PRICE = 970_000n;

type Cmd =
  | { t: 'fund'; who: number; amount: bigint }
  | { t: 'transfer'; from: number; to: number; part: number }
  | { t: 'time'; days: number }
  | { t: 'pay'; part: number }
  | { t: 'collect' }
  | { t: 'claim'; who: number }
  | { t: 'refund'; who: number };

const cmdArb: fc.Arbitrary<Cmd> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ t: fc.constant('fund' as const), who: fc.nat(3), amount: fc.oneof(fc.bigInt(1n, 400_000n), fc.constant(PRICE)) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('transfer' as const), from: fc.nat(3), to: fc.nat(3), part: fc.integer({ min: 1, max: 100 }) }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('time' as const), days: fc.integer({ min: 1, max: 40 }) }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('pay' as const), part: fc.integer({ min: 1, max: 100 }) }) },
  { weight: 3, arbitrary: fc.constant({ t: 'collect' as const }) },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('claim' as const), who: fc.nat(3) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('refund' as const), who: fc.nat(3) }) },
);

function decoded(logs: Log[]) {
  const out: Array<{ eventName: string; args: Record<string, unknown> }> = [];
  for (const log of logs) {
    try {
      const d = decodeEventLog({ abi: p2PListingsAbi, data: log.data, topics: log.topics });
      out.push({ eventName: d.eventName ?? '', args: (d.args ?? {}) as Record<string, unknown> });
    } catch {
      // another contract's event
    }
  }
  return out;
}

describe('P2P listings: properties over random sequences on anvil', () => {
  let f: InvestmentFixture;
  before(async () => {
    f = await startInvestmentFixture(4);
  });
  after(async () => f?.stop());

  test('XT in = XT out, units = raised − refunded − burned, payouts never above the pro-rata share', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(cmdArb, { minLength: 4, maxLength: 30 }), async (cmds) => {
        await f.chain.resetToSnapshot();
        run += 1;
        const holder = f.suppliers[0]!;
        const claimId = await issueClaim(f, holder, FACE, f.chain.now + 2n + 60n * DAY, `prop-listing-${run}`);
        const listingId = id32(`prop-listing-${run}`);
        const listed = await f.chain.must(holder, f.listings, p2PListingsAbi, 'list', [listingId, claimId, FACE, PRICE, Number(f.chain.now + 20n * DAY)]);
        const investmentId = decoded(listed.logs).find((e) => e.eventName === 'Listed')!.args.investmentId as bigint;
        let xtIn = 0n;
        let xtOut = 0n;
        let raised = 0n;
        let refunded = 0n;
        let burned = 0n;
        const paidTo = new Map<string, bigint>();
        const inv = f.investors;
        for (const c of cmds) {
          let logs: Log[] = [];
          if (c.t === 'fund') {
            const r = await f.chain.write(inv[c.who]!, f.listings, p2PListingsAbi, 'fund', [listingId, c.amount]);
            if (r.ok) logs = r.logs;
            else assert.ok(['FundingExceedsTarget', 'ListingNotOpen', 'ListingDeadlinePassed'].includes(r.error.name), r.error.name);
          } else if (c.t === 'transfer') {
            const held = await ctBalance(f, inv[c.from]!.address, investmentId);
            const amount = (held * BigInt(c.part)) / 100n;
            if (amount > 0n && c.from !== c.to) {
              const r = await f.chain.write(inv[c.from]!, f.addresses.ledger, abi.ledger, 'transfer', [inv[c.to]!.address, investmentId, amount]);
              if (!r.ok) assert.equal(r.error.name, 'ClaimMatured');
            }
          } else if (c.t === 'time') {
            await f.chain.mineAt(f.chain.now + BigInt(c.days) * DAY);
          } else if (c.t === 'pay') {
            const [principal] = await f.client.readContract({ address: f.addresses.receivables, abi: abi.receivables, functionName: 'owed', args: [claimId] });
            const amount = (principal * BigInt(c.part)) / 100n;
            if (amount > 0n) await f.chain.must(f.core, f.addresses.receivables, abi.receivables, 'pay', [claimId, amount]);
          } else if (c.t === 'collect') {
            const r = await f.chain.write(inv[0]!, f.listings, p2PListingsAbi, 'collect', [listingId]);
            if (r.ok) logs = r.logs;
            else assert.ok(['NothingToPay', 'ListingNotFunded'].includes(r.error.name), r.error.name);
          } else if (c.t === 'claim') {
            const r = await f.chain.write(inv[c.who]!, f.listings, p2PListingsAbi, 'claim', [listingId, inv[c.who]!.address]);
            if (r.ok) logs = r.logs;
            else assert.ok(['NothingToPay', 'ListingNotFunded'].includes(r.error.name), r.error.name);
          } else {
            const r = await f.chain.write(inv[c.who]!, f.listings, p2PListingsAbi, 'refund', [listingId, inv[c.who]!.address]);
            if (r.ok) logs = r.logs;
            else assert.ok(['ListingDeadlineNotReached', 'ListingNotOpen'].includes(r.error.name), r.error.name);
          }
          for (const e of decoded(logs)) {
            const a = e.args;
            if (e.eventName === 'ListingFunded') (xtIn += a.amount as bigint), (raised += a.amount as bigint);
            if (e.eventName === 'ListingCompleted') xtOut += a.price as bigint;
            if (e.eventName === 'ListingRefunded') (xtOut += a.amount as bigint), (refunded += a.amount as bigint);
            if (e.eventName === 'ListingCollected') xtIn += a.amount as bigint;
            if (e.eventName === 'ListingPaidOut') {
              xtOut += a.payout as bigint;
              burned += a.burned as bigint;
              const who = String(a.investor).toLowerCase();
              paidTo.set(who, (paidTo.get(who) ?? 0n) + (a.payout as bigint));
            }
          }
          // 1. XT in = XT out
          assert.equal(await xtBalance(f, f.listings), xtIn - xtOut, 'the contract holds XT in − XT out');
          // 2. units
          const supply = await f.client.readContract({ address: f.addresses.ledger, abi: abi.ledger, functionName: 'totalSupply', args: [investmentId] });
          let sum = 0n;
          for (const a of inv) sum += await ctBalance(f, a.address, investmentId);
          assert.equal(sum, supply, 'Σ holdings = supply');
          assert.equal(supply, raised - refunded - burned, 'supply = raised − refunded − burned');
          assert.ok(raised <= PRICE, 'never funded beyond the price');
          // 3. pro rata: nobody was paid more than its share of what was collected (holdings stop moving at maturity)
          const l = await f.client.readContract({ address: f.listings, abi: p2PListingsAbi, functionName: 'listing', args: [listingId] });
          for (const a of inv) {
            const paid = paidTo.get(a.address) ?? 0n;
            const units = await ctBalance(f, a.address, investmentId);
            if (l.status === 2) assert.ok(paid <= (units * l.collected) / PRICE, `${a.name} paid ${paid}, above its share`);
          }
          assert.ok(l.distributed <= l.collected, 'never more paid out than collected');
        }
        // Settled: once every investor claims, only the floors' residue is left.
        const l = await f.client.readContract({ address: f.listings, abi: p2PListingsAbi, functionName: 'listing', args: [listingId] });
        if (l.status === 4) {
          for (const a of inv) await f.chain.write(a, f.listings, p2PListingsAbi, 'claim', [listingId, a.address]);
          const after = await f.client.readContract({ address: f.listings, abi: p2PListingsAbi, functionName: 'listing', args: [listingId] });
          assert.ok(after.collected - after.distributed < BigInt(inv.length), `residue ${after.collected - after.distributed}`);
          assert.equal(await f.client.readContract({ address: f.addresses.ledger, abi: abi.ledger, functionName: 'totalSupply', args: [investmentId] }), 0n);
        }
      }),
      { numRuns: Math.max(1, Math.round(15 * runScale)), seed: process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined },
    );
  });
});
