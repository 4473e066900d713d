/**
 * Fixed cases worked by hand, asserted on a real anvil to the last minor unit: the discount of a sale under both
 * day-count conventions, and the pro-rata settlement of a claim split over three holdings, with the residue
 * of the floors visible as `paid − distributed` and gone once the claim is paid in full.
 *
 * Time is exact: every block's timestamp is set with evm_setNextBlockTimestamp (see setup.ts), so a
 * transaction runs at a second the test chose.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeEventLog, type Address } from 'viem';
import { abi, DAY, id32, startFixture, type Actor, type Fixture } from './setup.ts';

describe('exact amounts, worked by hand', () => {
  let f: Fixture;
  before(async () => {
    f = await startFixture();
  });
  after(async () => {
    await f?.stop();
  });
  beforeEach(async () => {
    await f.chain.resetToSnapshot();
  });

  const claimBalance = (holder: Address, id: bigint) =>
    f.client.readContract({ address: f.addresses.ledger, abi: abi.ledger, functionName: 'balanceOf', args: [holder, id] });
  const xt = (holder: Address) => f.client.readContract({ address: f.addresses.xt, abi: abi.xt, functionName: 'balanceOf', args: [holder] });
  const settlement = (root: bigint) => f.client.readContract({ address: f.addresses.receivables, abi: abi.receivables, functionName: 'settlement', args: [root] });

  /** The core issues a payable of `amount` to `to`, due at `dueDate`; returns the claim id. */
  async function issue(p: { label: string; to: Actor; amount: bigint; dueDate: bigint; dayCount: number; maxHops: number; lateRateBps?: number }): Promise<bigint> {
    const invoiceKey = id32(`invoice:${p.label}`);
    const trade = {
      supplier: p.to.address,
      obligor: f.core.address,
      amount: p.amount,
      dueDate: Number(p.dueDate),
      lateRateBps: p.lateRateBps ?? 0,
      maxHops: p.maxHops,
      dayCount: p.dayCount,
      consortiumId: f.consortiumId,
      invoiceKey,
      documentsHash: id32(`document:${p.label}`),
    };
    await f.chain.must(f.core, f.addresses.receivables, abi.receivables, 'issuePayable', [id32(`trade:${p.label}`), trade]);
    return f.client.readContract({ address: f.addresses.receivables, abi: abi.receivables, functionName: 'claimIdFor', args: [f.core.address, invoiceKey] });
  }

  test('a sale 90 days before maturity at 600 bps: 98 500 000 (ACT/360) and 98 520 548 (ACT/365F) for 100 000 000 face', async () => {
    const face = 100_000_000n;
    const [seller] = f.suppliers as [Actor];
    const funder = f.funders[0]!;
    await f.chain.must(f.operator, f.addresses.receivables, abi.receivables, 'setCreditLine', [f.core.address, 1_000_000_000n]);
    await f.chain.must(f.gateway, f.addresses.xt, abi.xt, 'deposit', [funder.address, 200_000_000n, id32('deposit:exact-sale')]);

    // Both claims are due at D; the sales run at S = D − 90 days exactly.
    const saleAt = f.chain.now + 100n;
    const dueDate = saleAt + 90n * DAY;
    const act360 = await issue({ label: 'act360', to: seller, amount: face, dueDate, dayCount: 0, maxHops: 2 });
    const act365 = await issue({ label: 'act365', to: seller, amount: face, dueDate, dayCount: 1, maxHops: 2 });
    const offerId = id32('offer:exact');
    await f.chain.must(funder, f.addresses.market, abi.market, 'postOffer', [offerId, f.core.address, 600, 2n * face, Number(dueDate), `0x${'0'.repeat(40)}`]);

    // ACT/360: discount = floor(100 000 000 × 600 × 90 / (10 000 × 360)) = floor(5 400 000 000 000 / 3 600 000)
    //        = 1 500 000 → price 98 500 000.
    // ACT/365F: discount = floor(5 400 000 000 000 / 3 650 000) = floor(1 479 452.05…) = 1 479 452 → price 98 520 548.
    const cases: Array<[string, bigint, bigint, bigint]> = [
      ['ACT/360', act360, 98_500_000n, saleAt],
      // Two seconds later: 90 days minus two seconds, and a started day counts, so still 90 days.
      ['ACT/365F', act365, 98_520_548n, saleAt + 2n],
    ];
    for (const [convention, id, price, at] of cases) {
      await f.chain.mineAt(at - 1n); // the sale is the next block: block.timestamp == at
      const before = await Promise.all([claimBalance(seller.address, id), claimBalance(funder.address, id), xt(seller.address), xt(funder.address)]);
      const r = await f.chain.must(seller, f.addresses.market, abi.market, 'sell', [offerId, id, face, price]);
      assert.equal(f.chain.now, at);
      const after = await Promise.all([claimBalance(seller.address, id), claimBalance(funder.address, id), xt(seller.address), xt(funder.address)]);
      assert.deepEqual(after.map((v, i) => v - before[i]!), [-face, face, price, -price], `${convention}: claim and XT legs`);
      assert.ok(r.logs.length > 0);
    }
    // The funder paid exactly the two prices.
    assert.equal(await xt(funder.address), 200_000_000n + 50_000_000n - 98_500_000n - 98_520_548n);
    // A minimum price one unit above the price is refused: the price is not rounded up anywhere.
    const third = await issue({ label: 'act360-b', to: seller, amount: face, dueDate: f.chain.now + 1n + 90n * DAY, dayCount: 0, maxHops: 2 });
    const offer2 = id32('offer:exact-2');
    await f.chain.must(funder, f.addresses.market, abi.market, 'postOffer', [offer2, f.core.address, 600, face, Number(f.chain.now + 30n * DAY), `0x${'0'.repeat(40)}`]);
    // Issued at t, offer at t + 1, the sale at t + 2: 90 days minus two seconds → 90 started days again.
    const r = await f.chain.write(seller, f.addresses.market, abi.market, 'sell', [offer2, third, face, 98_500_001n]);
    assert.ok(!r.ok && r.error.name === 'PriceBelowMinimum', r.ok ? 'sale succeeded' : r.error.name);
    assert.deepEqual(r.ok ? [] : [r.error.args.price, r.error.args.minPrice], ['98500000', '98500001']);
  });

  test('60% paid over holdings 333 333 / 333 333 / 333 334 of 1 000 000: payouts 199 999, 199 999, 200 000, residue 2; then the rest: each ends with its face, residue 0', async () => {
    const face = 1_000_000n;
    const [a, b, c] = f.suppliers as [Actor, Actor, Actor];
    const dueDate = f.chain.now + 30n * DAY;
    const root = await issue({ label: 'split', to: a, amount: face, dueDate, dayCount: 0, maxHops: 2 });
    await f.chain.must(a, f.addresses.ledger, abi.ledger, 'transfer', [b.address, root, 333_333n]);
    await f.chain.must(a, f.addresses.ledger, abi.ledger, 'transfer', [c.address, root, 333_334n]);
    const holders: Array<[Actor, bigint]> = [
      [a, 333_333n],
      [b, 333_333n],
      [c, 333_334n],
    ];
    for (const [h, units] of holders) assert.equal(await claimBalance(h.address, root), units);

    await f.chain.mineAt(dueDate - 1n); // next transaction runs at the due date: redeemable
    const xtStart = await Promise.all(holders.map(([h]) => xt(h.address)));
    const settlementXtStart = await xt(f.addresses.receivables);

    const redeemAll = async (): Promise<bigint[]> => {
      const payouts: bigint[] = [];
      for (const [h] of holders) {
        const before = await xt(h.address);
        await f.chain.must(f.operator, f.addresses.receivables, abi.receivables, 'redeem', [root, h.address]);
        payouts.push((await xt(h.address)) - before);
      }
      return payouts;
    };

    // 60%: each holding is entitled to floor(units × 600 000 / 1 000 000):
    //   floor(333 333 × 0.6) = floor(199 999.8) = 199 999 (twice), floor(333 334 × 0.6) = floor(200 000.4) = 200 000.
    //   Σ = 599 998, so 2 stay in the settlement as residue (paid − distributed).
    await f.chain.must(f.core, f.addresses.receivables, abi.receivables, 'pay', [root, 600_000n]);
    assert.deepEqual(await redeemAll(), [199_999n, 199_999n, 200_000n]);
    let s = await settlement(root);
    assert.deepEqual([s.face, s.paid, s.distributed], [face, 600_000n, 599_998n]);
    assert.equal(s.paid - s.distributed, 2n, 'residue');
    assert.equal((await xt(f.addresses.receivables)) - settlementXtStart, 2n, 'the residue is XT held by the settlement');
    // Nothing more is due until more is paid; the units are not burned while the claim is partly paid.
    const again = await f.chain.write(f.operator, f.addresses.receivables, abi.receivables, 'redeem', [root, a.address]);
    assert.ok(!again.ok && again.error.name === 'NothingToRedeem');
    for (const [h, units] of holders) assert.equal(await claimBalance(h.address, root), units);

    // The remaining 40%: paid == face, so each holding gets units − what it received, and its units are burned:
    //   333 333 − 199 999 = 133 334 (twice), 333 334 − 200 000 = 133 334; Σ = 400 002 = 400 000 + the residue 2.
    await f.chain.must(f.core, f.addresses.receivables, abi.receivables, 'pay', [root, 400_000n]);
    assert.deepEqual(await redeemAll(), [133_334n, 133_334n, 133_334n]);
    s = await settlement(root);
    assert.deepEqual([s.face, s.paid, s.distributed], [face, face, face], 'distributed == paid == face');
    assert.equal(s.paid - s.distributed, 0n, 'no residue');
    assert.equal(await xt(f.addresses.receivables), settlementXtStart, 'the settlement holds no XT of this claim');
    const received = await Promise.all(holders.map(([h], i) => xt(h.address).then((v) => v - xtStart[i]!)));
    assert.deepEqual(received, holders.map(([, units]) => units), 'each holder received exactly its face');
    for (const [h] of holders) assert.equal(await claimBalance(h.address, root), 0n);
    assert.equal(await f.client.readContract({ address: f.addresses.ledger, abi: abi.ledger, functionName: 'totalSupply', args: [root] }), 0n);
    const line = await f.client.readContract({ address: f.addresses.receivables, abi: abi.receivables, functionName: 'creditLine', args: [f.core.address] });
    assert.equal(line.used, 0n, 'the credit line is free again');
  });

  test('late interest at 1000 bps ACT/365F, paid on days 1 and 2 by the guarantor and the core: the carried fraction makes day 2 accrue 137, not 136; holders share 1 000 410 as 333 469 / 333 469 / 333 470, residue 2', async () => {
    // The operator manages the fixture's line: it names the guarantor, who accepts; the claim is then guaranteed.
    await f.chain.must(f.operator, f.addresses.receivables, abi.receivables, 'proposeGuarantee', [f.core.address, f.guarantor.address]);
    await f.chain.must(f.guarantor, f.addresses.receivables, abi.receivables, 'acceptGuarantee', [f.core.address]);
    const face = 1_000_000n;
    const [a, b, c] = f.suppliers as [Actor, Actor, Actor];
    const dueDate = f.chain.now + 30n * DAY;
    const root = await issue({ label: 'late', to: a, amount: face, dueDate, dayCount: 1, maxHops: 2, lateRateBps: 1000 });
    await f.chain.must(a, f.addresses.ledger, abi.ledger, 'transfer', [b.address, root, 333_333n]);
    await f.chain.must(a, f.addresses.ledger, abi.ledger, 'transfer', [c.address, root, 333_334n]);
    assert.equal((await settlement(root)).guarantor.toLowerCase(), f.guarantor.address);
    const owed = () => f.client.readContract({ address: f.addresses.receivables, abi: abi.receivables, functionName: 'owed', args: [root] });
    const events = (r: { logs: Array<{ address: string; data: `0x${string}`; topics: [`0x${string}`, ...`0x${string}`[]] | [] }> }, name: string) =>
      r.logs
        .filter((l) => l.address.toLowerCase() === f.addresses.receivables)
        .map((l) => decodeEventLog({ abi: abi.receivables, data: l.data, topics: l.topics }))
        .filter((e) => e.eventName === name)
        .map((e) => e.args as Record<string, unknown>);

    // Day 1 (an hour into the day after the due date; the due day itself is on time): 1 000 000 × 1000 × 1 = 1 000 000 000 of 3 650 000 per unit
    //   → 273 accrued (273.97…), carry 1 000 000 000 − 273 × 3 650 000 = 3 550 000.
    // The guarantor pays 500 273: the 273 of interest first, then 500 000 of principal.
    await f.chain.mineAt(dueDate + DAY + 3600n - 1n);
    const day1 = await f.chain.must(f.guarantor, f.addresses.receivables, abi.receivables, 'pay', [root, 500_273n]);
    assert.deepEqual(events(day1, 'LateInterestAccrued').map((e) => [e.daysLate, e.principal, e.accrued, e.interestDue, e.carry]), [[1, face, 273n, 273n, 3_550_000]]);
    assert.deepEqual(events(day1, 'SettlementPaid').map((e) => [String(e.payer).toLowerCase(), e.amount, e.interest, e.principal]), [[f.guarantor.address, 500_273n, 273n, 500_000n]]);

    // Day 2: 500 000 × 1000 × 1 = 500 000 000, plus the carry 3 550 000 = 503 550 000 → 137 (137.96…), carry 3 500 000.
    // Floored step by step without the carry it would be 136: the carry keeps the total at floor(1 500 000 000 /
    // 3 650 000) = floor(410.96…) = 410.
    await f.chain.mineAt(dueDate + 2n * DAY + 3600n - 1n);
    assert.deepEqual(await owed(), [500_000n, 137n]);
    const over = await f.chain.write(f.core, f.addresses.receivables, abi.receivables, 'pay', [root, 500_138n]);
    assert.ok(!over.ok && over.error.name === 'OverPayment', over.ok ? 'over-payment accepted' : over.error.name);
    assert.deepEqual(over.ok ? [] : [over.error.args.principal, over.error.args.interest, over.error.args.offered], ['500000', '137', '500138']);
    const day2 = await f.chain.must(f.core, f.addresses.receivables, abi.receivables, 'pay', [root, 500_137n]);
    assert.deepEqual(events(day2, 'LateInterestAccrued').map((e) => [e.daysLate, e.accrued, e.carry]), [[2, 137n, 3_500_000]]);
    let s = await settlement(root);
    assert.deepEqual([s.paid, s.interestPaid, s.interestDue, s.accruedDays, s.interestCarry], [1_000_410n, 410n, 0n, 2, 3_500_000]);
    assert.deepEqual(await owed(), [0n, 0n]);
    const line = await f.client.readContract({ address: f.addresses.receivables, abi: abi.receivables, functionName: 'creditLine', args: [f.core.address] });
    assert.equal(line.used, 0n, 'principal only restored the line: 500 000 by the guarantor, 500 000 by the core');

    // Shares of the 1 000 410 paid in, floor(units × 1 000 410 / 1 000 000):
    //   333 333 → 333 333 + floor(136.666…) = 333 469 (twice); 333 334 → 333 334 + floor(136.666…9) = 333 470.
    //   Σ = 1 000 408: residue 2 stays in the settlement; every unit is burned.
    const payouts: bigint[] = [];
    for (const h of [a, b, c]) {
      const before = await xt(h.address);
      await f.chain.must(f.operator, f.addresses.receivables, abi.receivables, 'redeem', [root, h.address]);
      payouts.push((await xt(h.address)) - before);
      assert.equal(await claimBalance(h.address, root), 0n);
    }
    assert.deepEqual(payouts, [333_469n, 333_469n, 333_470n]);
    s = await settlement(root);
    assert.deepEqual([s.paid, s.distributed, s.paid - s.distributed], [1_000_410n, 1_000_408n, 2n]);
  });
});
