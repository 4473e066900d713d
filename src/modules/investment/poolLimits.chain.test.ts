/**
 * The pool's two limits on a real anvil, worked by hand (docs/adr/022-pool-limits-and-statements.md): the minimum
 * subordination (A's deposits executed and B's and C's redemptions served only as far as B + C keep 20 % of the
 * tranches' value) and the sponsor's cover (10 % of the tranches' value stays committed; the rest is unused and may
 * be withdrawn; all of it after maturity once no claim is open). Target yields are 0 so every figure is a whole sum.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { tranchedPoolsAbi } from './generated/index.ts';
import { ctBalance, DAY, id32, investmentEvents, startInvestmentFixture, xtBalance, type InvestmentFixture } from '../../../test/support/investmentChain.ts';

const POOL = id32('pool:limits');

describe('tranched pool on-chain: minimum subordination and cover withdrawal', () => {
  let f: InvestmentFixture;
  before(async () => {
    f = await startInvestmentFixture(5);
  });
  after(async () => f?.stop());
  beforeEach(async () => f.chain.resetToSnapshot());

  const read = {
    tranche: (t: number) => f.client.readContract({ address: f.pools, abi: tranchedPoolsAbi, functionName: 'tranche', args: [POOL, t] }),
    pool: () => f.client.readContract({ address: f.pools, abi: tranchedPoolsAbi, functionName: 'pool', args: [POOL] }),
    result: (epoch: number, t: number) => f.client.readContract({ address: f.pools, abi: tranchedPoolsAbi, functionName: 'epochResult', args: [POOL, epoch, t] }),
    withdrawable: () => f.client.readContract({ address: f.pools, abi: tranchedPoolsAbi, functionName: 'coverWithdrawable', args: [POOL] }),
    id: (t: number) => f.client.readContract({ address: f.pools, abi: tranchedPoolsAbi, functionName: 'trancheId', args: [POOL, t] }),
  };
  const w = (who: (typeof f.investors)[number], fn: string, args: unknown[]) => f.chain.write(who, f.pools, tranchedPoolsAbi, fn as never, args as never);
  const must = async (who: (typeof f.investors)[number], fn: string, args: unknown[]) => {
    const r = await w(who, fn, args);
    if (!r.ok) throw new Error(`${who.name} ${fn}: ${r.error.name} ${r.error.message}`);
    return r;
  };
  const values = async () => Promise.all([0, 1, 2].map(async (t) => (await read.tranche(t)).value));

  async function create(minSubordinationBps: number, minCoverBps: number) {
    const sponsor = f.funders[0]!;
    await must(sponsor, 'createPool', [
      POOL,
      {
        consortiumId: f.consortiumId, maturity: Number(f.chain.now + 400n * DAY), minEpochSeconds: 86_400, dayCount: 0, targetYieldBps: [0, 0, 0],
        quorumBps: 5000, thresholdBps: 5000, votingSeconds: 86_400, minSubordinationBps, minCoverBps,
      },
      { discountRateBps: 1200, minDiscountBps: 100, maxTenorDays: 120, limitPerObligor: 5_000_000n },
      [f.core.address],
    ]);
    return sponsor;
  }

  test('A deposits above the subordination are returned; B and C redemptions are held at the limit', async () => {
    const sponsor = await create(2000, 0);
    const [i0, i1, i2, i3] = f.investors as [(typeof f.investors)[0], (typeof f.investors)[0], (typeof f.investors)[0], (typeof f.investors)[0]];
    await must(i0, 'requestDeposit', [POOL, 0, 900_000n]);
    await must(i1, 'requestDeposit', [POOL, 1, 100_000n]);
    await must(i2, 'requestDeposit', [POOL, 2, 50_000n]);
    const close1 = await must(sponsor, 'closeEpoch', [POOL]);
    // C 50,000 and B 100,000 execute; A may take x with 150,000 × 10,000 ≥ 2,000 × (150,000 + x): x ≤ 600,000.
    assert.deepEqual(await values(), [600_000n, 100_000n, 50_000n]);
    const a1 = await read.result(1, 0);
    assert.equal(a1.depositAssets, 900_000n);
    assert.equal(a1.depositShares, 600_000n);
    assert.equal(a1.depositReturned, 300_000n);
    assert.equal(a1.depositsRefused, false);
    const returned = investmentEvents(close1.logs).filter((e) => e.eventName === 'DepositsReturned');
    assert.deepEqual(returned.map((e) => [Number(e.args.tranche), e.args.assets]), [[0, 300_000n]]);
    const before0 = await xtBalance(f, i0.address);
    await must(i0, 'claim', [POOL, 0, i0.address]);
    assert.equal(await xtBalance(f, i0.address), before0 + 300_000n, 'the returned part comes back as XT');
    assert.equal(await ctBalance(f, i0.address, await read.id(0)), 600_000n);
    for (const [who, t] of [[i1, 1], [i2, 2]] as const) await must(who, 'claim', [POOL, t, who.address]);

    // Epoch 2: i3 asks for 100,000 more of A (no room at 20 %: all returned); i0 redeems 100,000 A, i1 10,000 B,
    // i2 40,000 C. A's redemption raises the subordination: B and C may then give up y with
    // (150,000 − y) × 10,000 ≥ 2,000 × (650,000 − y): y ≤ 25,000 → B's 10,000 in full; then C: y ≤ 15,000 of its 40,000.
    await must(i3, 'requestDeposit', [POOL, 0, 100_000n]);
    await must(i0, 'requestRedeem', [POOL, 0, 100_000n]);
    await must(i1, 'requestRedeem', [POOL, 1, 10_000n]);
    await must(i2, 'requestRedeem', [POOL, 2, 40_000n]);
    await f.chain.mineAt(f.chain.now + DAY);
    await must(sponsor, 'closeEpoch', [POOL]);
    assert.deepEqual(await values(), [500_000n, 90_000n, 35_000n], 'B + C keep exactly 20 % of 625,000');
    const [a2, b2, c2] = await Promise.all([0, 1, 2].map((t) => read.result(2, t)));
    assert.equal(a2!.depositReturned, 100_000n);
    assert.equal(a2!.redeemFulfilled, 100_000n);
    assert.equal(b2!.redeemFulfilled, 10_000n);
    assert.equal(c2!.redeemFulfilled, 15_000n);
    assert.equal(c2!.redeemAssets, 15_000n);
    const x2 = await xtBalance(f, i2.address);
    await must(i2, 'claim', [POOL, 2, i2.address]);
    assert.equal(await xtBalance(f, i2.address), x2 + 15_000n);
    assert.equal(await ctBalance(f, i2.address, await read.id(2)), 10_000n + 25_000n, 'the held 25,000 C shares come back');
    const x3 = await xtBalance(f, i3.address);
    await must(i3, 'claim', [POOL, 0, i3.address]);
    assert.equal(await xtBalance(f, i3.address), x3 + 100_000n);
    const p = await read.pool();
    assert.equal(await xtBalance(f, f.pools), p.cash + p.reserved + p.pendingDeposits + p.cover);
    assert.equal(p.cash, 625_000n);
  });

  test('without a limit the same requests all execute', async () => {
    const sponsor = await create(0, 0);
    const [i0, i1] = f.investors as [(typeof f.investors)[0], (typeof f.investors)[0]];
    await must(i0, 'requestDeposit', [POOL, 0, 900_000n]);
    await must(i1, 'requestDeposit', [POOL, 2, 50_000n]);
    await must(sponsor, 'closeEpoch', [POOL]);
    assert.deepEqual(await values(), [900_000n, 0n, 50_000n]);
  });

  test('the sponsor withdraws unused cover only: 10 % of the tranches stays; all of it after maturity with no open claim', async () => {
    const sponsor = await create(0, 1000);
    const [i0, i1] = f.investors as [(typeof f.investors)[0], (typeof f.investors)[0]];
    await must(sponsor, 'postCover', [POOL, 100_000n]);
    await must(i0, 'requestDeposit', [POOL, 0, 600_000n]);
    await must(i1, 'requestDeposit', [POOL, 2, 150_000n]);
    // Nothing is invested before the first close: the whole cover is unused.
    assert.equal(await read.withdrawable(), 100_000n);
    await must(sponsor, 'closeEpoch', [POOL]);
    // 750,000 in the tranches: 75,000 stays committed, 25,000 may go.
    assert.equal(await read.withdrawable(), 25_000n);
    const locked = await w(sponsor, 'withdrawCover', [POOL, 25_001n]);
    assert.equal(locked.ok ? '' : locked.error.name, 'CoverLocked');
    assert.deepEqual(locked.ok ? {} : { w: locked.error.args.withdrawable, r: locked.error.args.requested }, { w: '25000', r: '25001' });
    const stranger = await w(i0, 'withdrawCover', [POOL, 1n]);
    assert.equal(stranger.ok ? '' : stranger.error.name, 'NotSponsor');
    const zero = await w(sponsor, 'withdrawCover', [POOL, 0n]);
    assert.equal(zero.ok ? '' : zero.error.name, 'AmountZero');
    const x = await xtBalance(f, sponsor.address);
    const r = await must(sponsor, 'withdrawCover', [POOL, 25_000n]);
    assert.deepEqual(investmentEvents(r.logs).filter((e) => e.eventName === 'CoverWithdrawn').map((e) => [e.args.amount, e.args.cover]), [[25_000n, 75_000n]]);
    assert.equal(await xtBalance(f, sponsor.address), x + 25_000n);
    assert.equal((await read.pool()).cover, 75_000n);
    assert.equal(await read.withdrawable(), 0n);
    // i0 redeems 350,000 A: 400,000 left in the tranches, 40,000 committed: 35,000 free again.
    await must(i0, 'claim', [POOL, 0, i0.address]);
    await must(i0, 'requestRedeem', [POOL, 0, 350_000n]);
    await f.chain.mineAt(f.chain.now + DAY);
    await must(sponsor, 'closeEpoch', [POOL]);
    assert.equal(await read.withdrawable(), 35_000n);
    // After maturity, holding no open claim, the cover has nothing left to protect.
    await f.chain.mineAt(f.chain.now + 401n * DAY);
    assert.equal(await read.withdrawable(), 75_000n);
    await must(sponsor, 'withdrawCover', [POOL, 75_000n]);
    const p = await read.pool();
    assert.equal(p.cover, 0n);
    assert.equal(await xtBalance(f, f.pools), p.cash + p.reserved + p.pendingDeposits + p.cover);
  });

  test('limits out of range are refused at creation', async () => {
    const sponsor = f.funders[0]!;
    const config = (minSubordinationBps: number, minCoverBps: number) => ({
      consortiumId: f.consortiumId, maturity: Number(f.chain.now + 400n * DAY), minEpochSeconds: 86_400, dayCount: 0, targetYieldBps: [0, 0, 0],
      quorumBps: 5000, thresholdBps: 5000, votingSeconds: 86_400, minSubordinationBps, minCoverBps,
    });
    const policy = { discountRateBps: 1200, minDiscountBps: 100, maxTenorDays: 120, limitPerObligor: 5_000_000n };
    const a = await w(sponsor, 'createPool', [POOL, config(10_000, 0), policy, []]);
    assert.equal(a.ok ? '' : `${a.error.name}:${String(a.error.args.field)}`, 'PoolTermsInvalid:minSubordinationBps');
    const b = await w(sponsor, 'createPool', [POOL, config(0, 10_001), policy, []]);
    assert.equal(b.ok ? '' : `${b.error.name}:${String(b.error.args.field)}`, 'PoolTermsInvalid:minCoverBps');
  });
});
