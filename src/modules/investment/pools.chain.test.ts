/**
 * A three-tranche pool on a real anvil, worked by hand: deposits executed at an epoch close, a purchase under the
 * policy, a close where the sponsor's cover fills a small gap, a redemption at the tranche's price, a default written
 * down on the schedule (C wiped out, B hit, A whole), the late payment flowing to C; then the holders' vote. Every
 * amount below was computed by hand from the rules in docs/adr/016-investment-pools.md.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { poolGovernanceAbi, tranchedPoolsAbi } from './generated/index.ts';
import { abi, ctBalance, DAY, id32, issueClaim, startInvestmentFixture, xtBalance, type InvestmentFixture } from '../../../test/support/investmentChain.ts';

const POOL = id32('pool:abs-1');
const ZERO = '0x0000000000000000000000000000000000000000' as const;
const NO_POLICY = { discountRateBps: 0, minDiscountBps: 0, maxTenorDays: 0, limitPerObligor: 0n };

describe('tranched pool on-chain: the hand-worked waterfall', () => {
  let f: InvestmentFixture;
  before(async () => {
    f = await startInvestmentFixture(5);
  });
  after(async () => f?.stop());
  beforeEach(async () => f.chain.resetToSnapshot());

  const read = {
    tranche: (t: number) => f.client.readContract({ address: f.pools, abi: tranchedPoolsAbi, functionName: 'tranche', args: [POOL, t] }),
    pool: () => f.client.readContract({ address: f.pools, abi: tranchedPoolsAbi, functionName: 'pool', args: [POOL] }),
    id: (t: number) => f.client.readContract({ address: f.pools, abi: tranchedPoolsAbi, functionName: 'trancheId', args: [POOL, t] }),
  };
  const w = (who: (typeof f.investors)[number], fn: string, args: unknown[]) => f.chain.write(who, f.pools, tranchedPoolsAbi, fn as never, args as never);
  const must = async (who: (typeof f.investors)[number], fn: string, args: unknown[]) => {
    const r = await w(who, fn, args);
    if (!r.ok) throw new Error(`${who.name} ${fn}: ${r.error.name} ${r.error.message}`);
    return r;
  };
  const values = async () => Promise.all([0, 1, 2].map(async (t) => (await read.tranche(t)).value));

  /** Pool, cover, epoch 1 (deposits), purchase; returns the times the hand computation uses. */
  async function opening() {
    const sponsor = f.funders[0]!;
    const [i0, i1, i2] = f.investors;
    await must(sponsor, 'createPool', [
      POOL,
      {
        consortiumId: f.consortiumId,
        maturity: Number(f.chain.now + 400n * DAY),
        minEpochSeconds: 7 * 86_400,
        dayCount: 0,
        targetYieldBps: [500, 1000, 2000],
        quorumBps: 5000,
        thresholdBps: 5000,
        votingSeconds: 3 * 86_400,
        minSubordinationBps: 0,
        minCoverBps: 0,
      },
      { discountRateBps: 1200, minDiscountBps: 100, maxTenorDays: 120, limitPerObligor: 5_000_000n },
      [f.core.address],
    ]);
    await must(sponsor, 'postCover', [POOL, 50_000n]);
    await must(i0!, 'requestDeposit', [POOL, 0, 600_000n]);
    await must(i1!, 'requestDeposit', [POOL, 1, 300_000n]);
    await must(i2!, 'requestDeposit', [POOL, 2, 100_000n]);
    await must(sponsor, 'closeEpoch', [POOL]);
    const t1 = f.chain.now;
    for (const [who, t] of [[i0!, 0], [i1!, 1], [i2!, 2]] as const) await must(who, 'claim', [POOL, t, who.address]);
    // the claim: issued now, sold at tb = t1 + 1 day, due tb + 90 days
    const tb = t1 + DAY;
    const claimId = await issueClaim(f, f.suppliers[0]!, 500_000n, tb + 90n * DAY, 'pool-asset');
    await f.chain.mineAt(tb - 1n);
    await must(f.suppliers[0]!, 'sell', [POOL, claimId, 500_000n, 485_000n]);
    assert.equal(f.chain.now, tb);
    return { sponsor, i0: i0!, i1: i1!, i2: i2!, t1, tb, claimId };
  }

  test('deposits, purchase, cover, redemption, default and recovery: exact amounts', async () => {
    const { sponsor, i0, t1, tb, claimId } = await opening();
    assert.deepEqual(await values(), [600_000n, 300_000n, 100_000n], 'epoch 1: shares 1:1');
    assert.equal(await ctBalance(f, i0.address, await read.id(0)), 600_000n);
    // price = 500,000 − floor(500,000 × 1200 × 90 / 3,600,000) = 485,000
    assert.equal((await read.pool()).cash, 515_000n);

    // epoch 2 at t1 + 30 days; i0 asks to redeem 100,000 A shares first
    await must(i0, 'requestRedeem', [POOL, 0, 100_000n]);
    await f.chain.mineAt(t1 + 30n * DAY - 1n);
    await must(sponsor, 'closeEpoch', [POOL]);
    // asset: 485,000 + floor(15,000 × 29 / 90) = 489,833; pool value 1,004,833. Targets (30 days, ACT/360):
    // A 600,000 + 2,500; B 300,000 + 2,500; C keeps 100,000 → 1,005,000: the cover gives 167.
    // A's redemption: floor(100,000 × 602,500 / 600,000) = 100,416.
    let p = await read.pool();
    assert.equal(p.nav, 489_833n);
    assert.equal(p.cover, 50_000n - 167n);
    assert.deepEqual(await values(), [602_500n - 100_416n, 302_500n, 100_000n]);
    assert.equal(p.cash, 515_000n + 167n - 100_416n);
    assert.equal(p.reserved, 100_416n);
    const x0 = await xtBalance(f, i0.address);
    await must(i0, 'claim', [POOL, 0, i0.address]);
    assert.equal(await xtBalance(f, i0.address), x0 + 100_416n);

    // epoch 3: the obligor has not paid 45 days after the due date (t1 + 136 days): 50 % of the face counts.
    // investor3 asks to deposit 1,000 into C, which this close wipes out: refused, returned at the claim.
    const t2 = t1 + 30n * DAY;
    await must(f.investors[3]!, 'requestDeposit', [POOL, 2, 1_000n]);
    await f.chain.mineAt(tb + 135n * DAY - 1n);
    await must(sponsor, 'closeEpoch', [POOL]);
    // 106 days. Targets: A 502,084 + floor(502,084 × 500 × 106 / 3,600,000) = 509,475;
    // B 302,500 + floor(302,500 × 1000 × 106 / 3,600,000) = 311,406; C keeps 100,000 → 920,881.
    // Value 250,000 + 414,751 = 664,751; the cover's 49,833 brings it to 714,584: A 509,475, B 205,109, C 0.
    p = await read.pool();
    assert.equal(f.chain.now - t2, 106n * DAY);
    assert.equal(p.nav, 250_000n);
    assert.equal(p.cover, 0n);
    assert.deepEqual(await values(), [509_475n, 205_109n, 0n], 'C is wiped out, then B absorbs the rest of the loss, A is whole');

    const refused = await f.client.readContract({ address: f.pools, abi: tranchedPoolsAbi, functionName: 'epochResult', args: [POOL, 3, 2] });
    assert.equal(refused.depositsRefused, true, 'a wiped-out tranche has no price: its deposits are refused');
    // epoch 4: the obligor pays late (5 days later); at the close 10 days after epoch 3 the pool collects it.
    await f.chain.mineAt(f.chain.now + 5n * DAY);
    await f.chain.must(f.core, f.addresses.receivables, abi.receivables, 'pay', [claimId, 500_000n]);
    const t3 = tb + 135n * DAY;
    await f.chain.mineAt(t3 + 10n * DAY - 1n);
    await must(sponsor, 'closeEpoch', [POOL]);
    // Cash 414,751 + 49,833 + 500,000 = 964,584. A 509,475 + 707 = 510,182; B 205,109 + 569 = 205,678; C the rest 248,724.
    p = await read.pool();
    assert.equal(p.nav, 0n);
    assert.deepEqual(await values(), [510_182n, 205_678n, 248_724n], 'the recovery flows A, B up to their targets, the rest to C');
    assert.equal(p.cash, 964_584n);
    // XT: 1,000,000 deposited + 50,000 cover + 500,000 collected + 1,000 refused − 485,000 price − 100,416 paid out
    assert.equal(await xtBalance(f, f.pools), p.cash + p.reserved + p.pendingDeposits + p.cover);
    assert.equal(p.cash + p.reserved + p.cover, 1_000_000n + 50_000n + 500_000n + 1_000n - 485_000n - 100_416n);
  });

  test('rejections: outside the policy, more than the shares, not an investor, a tranche that does not exist', async () => {
    const { i0, i1, tb } = await opening();
    const other = await issueClaim(f, f.suppliers[1]!, 100_000n, tb + 200n * DAY, 'too-long');
    const r1 = await w(f.suppliers[1]!, 'sell', [POOL, other, 100_000n, 0n]);
    assert.equal(r1.ok ? '' : `${r1.error.name}:${String(r1.error.args.rule)}`, 'PurchaseOutsidePolicy:maxTenorDays');
    const big = await issueClaim(f, f.suppliers[1]!, 600_000n, tb + 30n * DAY, 'no-cash');
    const r2 = await w(f.suppliers[1]!, 'sell', [POOL, big, 600_000n, 0n]);
    assert.equal(r2.ok ? '' : r2.error.name, 'InsufficientCash');
    const r3 = await w(i0, 'requestRedeem', [POOL, 0, 600_001n]);
    assert.equal(r3.ok ? '' : r3.error.name, 'RedeemExceedsShares');
    const r4 = await w(f.suppliers[2]!, 'requestDeposit', [POOL, 0, 1n]);
    assert.equal(r4.ok ? '' : r4.error.name, 'NotInvestor');
    const r5 = await w(i1, 'requestDeposit', [POOL, 3, 1n]);
    assert.equal(r5.ok ? '' : r5.error.name, 'TrancheInvalid');
    const r6 = await w(i1, 'closeEpoch', [POOL]);
    assert.equal(r6.ok ? '' : r6.error.name, 'EpochTooEarly');
    const r7 = await w(i1, 'claim', [POOL, 1, i1.address]);
    assert.equal(r7.ok ? '' : r7.error.name, 'NothingToClaim');
    const r8 = await w(i1, 'writeOff', [POOL, 0]);
    assert.equal(r8.ok ? '' : r8.error.name, 'NotGovernance');
  });

  test('governance: weighted by holdings at the snapshot; a late vote and shares moved away are refused; a write-off executes', async () => {
    const { i0, i1, i2 } = await opening();
    const g = (who: (typeof f.investors)[number], fn: string, args: unknown[]) => f.chain.write(who, f.governance, poolGovernanceAbi, fn as never, args as never);
    const outsider = await g(f.investors[3]!, 'propose', [POOL, 1, 0, 0n, ZERO, NO_POLICY]);
    assert.equal(outsider.ok ? '' : outsider.error.name, 'NotPoolHolder');
    const proposed = await g(i2, 'propose', [POOL, 1, 0, 0n, ZERO, NO_POLICY]);
    assert.ok(proposed.ok);
    // after the snapshot i0 gives its A shares to investor3: investor3 has no weight, i0 keeps its own
    await f.chain.must(i0, f.addresses.ledger, abi.ledger, 'transfer', [f.investors[3]!.address, await read.id(0), 600_000n]);
    const moved = await g(f.investors[3]!, 'vote', [0n, true]);
    assert.equal(moved.ok ? '' : moved.error.name, 'NoVotingWeight');
    assert.ok((await g(i0, 'vote', [0n, true])).ok);
    const twice = await g(i0, 'vote', [0n, true]);
    assert.equal(twice.ok ? '' : twice.error.name, 'AlreadyVoted');
    assert.ok((await g(i1, 'vote', [0n, false])).ok);
    const early = await g(i1, 'execute', [0n]);
    assert.equal(early.ok ? '' : early.error.name, 'VotingOpen');
    const prop = await f.client.readContract({ address: f.governance, abi: poolGovernanceAbi, functionName: 'proposal', args: [0n] });
    assert.equal(prop.forVotes, 600_000n);
    assert.equal(prop.againstVotes, 300_000n);
    assert.equal(prop.totalWeight, 1_000_000n);
    await f.chain.mineAt(f.chain.now + 3n * DAY + 1n);
    const late = await g(i2, 'vote', [0n, true]);
    assert.equal(late.ok ? '' : late.error.name, 'VotingClosed');
    assert.ok((await g(i2, 'execute', [0n])).ok);
    const asset = await f.client.readContract({ address: f.pools, abi: tranchedPoolsAbi, functionName: 'asset', args: [POOL, 0] });
    assert.equal(asset.writtenOff, true);
    assert.equal(await f.client.readContract({ address: f.pools, abi: tranchedPoolsAbi, functionName: 'portfolioValue', args: [POOL] }), 0n);
    const again = await g(i2, 'execute', [0n]);
    assert.equal(again.ok ? '' : again.error.name, 'ProposalAlreadyExecuted');
  });
});
