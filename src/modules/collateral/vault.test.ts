/**
 * The collateral contracts on a real anvil: each rejection the issue lists (a second registration of the same goods,
 * a second lock, a draw over the limit, a transfer of locked goods, a bid below the current price, a release while
 * CTs are outstanding), and hand-worked auctions and waterfalls with exact amounts.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Address, Hex } from 'viem';
import { DAY, id32, START, startCollateralChain, type CollateralChain } from '../../../test/support/collateralChain.ts';
import type { Actor, TxResult } from '../../../test/properties/setup.ts';

const fails = (r: TxResult, name: string): Record<string, unknown> => {
  assert.equal(r.ok, false, `expected ${name}, but the transaction succeeded`);
  if (r.ok) throw new Error('unreachable');
  assert.equal(r.error.name, name, r.error.message);
  return r.error.args;
};
const ok = (r: TxResult) => {
  if (!r.ok) assert.fail(`reverted: ${r.error.name} ${r.error.message}`);
  return r;
};

describe('collateral contracts: goods tokens, vault, auctions and waterfall', () => {
  let c: CollateralChain;
  before(async () => {
    c = await startCollateralChain();
  });
  after(async () => {
    await c?.stop();
  });
  beforeEach(async () => {
    await c.reset();
  });

  const registration = (owner: Actor, p: { receipt?: string; lot?: string; value: bigint; classId?: number }) => ({
    owner: owner.address, classId: p.classId ?? 1, quantity: 500n, unit: 't', description: 'hot-rolled steel coil', location: 'Shanghai bonded warehouse 3',
    receipt: p.receipt ?? '', lot: p.lot ?? '', documentsHash: id32(`docs:${p.receipt}:${p.lot}`), value: p.value,
  });
  async function register(verifier: Actor, owner: Actor, p: { receipt?: string; lot?: string; value: bigint; classId?: number }): Promise<bigint> {
    ok(await c.goodsCall(verifier, 'register', [registration(owner, p)]));
    return c.read<bigint>('goods', 'goodsIdFor', [verifier.address, p.receipt ?? '', p.lot ?? '']);
  }
  const terms = (dueDate: bigint, lateRateBps = 0, dayCount = 0) => ({ dueDate: Number(dueDate), lateRateBps, maxHops: 3, dayCount, consortiumId: c.consortiumId });
  const drawId = (positionId: Hex, i: number) => c.read<bigint>('vault', 'drawIdFor', [positionId, i]);
  const balance = (who: Actor, id: bigint) => c.read<bigint>('ledger', 'balanceOf', [who.address, id]);

  test('registers goods once: the same warehouse receipt, or the same lot under one verifier, is refused', async () => {
    const g = await register(c.verifier, c.pledgor, { receipt: 'WR-2026-0001', lot: 'LOT-7', value: 1_000_000n });
    assert.equal((await c.read<Address>('goods', 'ownerOf', [g])).toLowerCase(), c.pledgor.address);
    const goods = await c.read('goods', 'goods', [g]);
    assert.equal(goods.value, 1_000_000n);
    assert.equal(goods.valuer.toLowerCase(), c.verifier.address);
    const receipt = fails(await c.goodsCall(c.verifier2, 'register', [registration(c.pledgor2, { receipt: 'WR-2026-0001', value: 5n })]), 'GoodsReceiptUsed');
    assert.equal(receipt.id, String(g));
    fails(await c.goodsCall(c.verifier, 'register', [registration(c.pledgor2, { lot: 'LOT-7', value: 5n })]), 'GoodsLotUsed');
    // The same lot number under another verifier is another verifier's lot.
    await register(c.verifier2, c.pledgor2, { lot: 'LOT-7', value: 5n });
    fails(await c.goodsCall(c.pledgor, 'register', [registration(c.pledgor, { receipt: 'WR-X', value: 5n })]), 'NotVerifier');
    fails(await c.goodsCall(c.verifier, 'register', [registration(c.pledgor, { value: 5n })]), 'GoodsIdentityMissing');
    fails(await c.goodsCall(c.verifier, 'revalue', [g, 0n]), 'GoodsTermsInvalid');
    ok(await c.goodsCall(c.verifier2, 'revalue', [g, 900_000n]));
    assert.equal((await c.read('goods', 'goods', [g])).valuer.toLowerCase(), c.verifier2.address);
  });

  test('only the owner locks; a locked item is neither locked again nor transferred; draws stay within value × LTV fixed at the lock; release waits for repayment', async () => {
    const g = await register(c.verifier, c.pledgor, { receipt: 'WR-B', value: 1_000_000n });
    const due = START + 30n * DAY;
    const P = id32('position:B');
    fails(await c.vaultCall(c.pledgor2, 'lockGoods', [P, g, terms(due), 0n]), 'NotGoodsOwner');
    ok(await c.vaultCall(c.pledgor, 'lockGoods', [P, g, terms(due), 500_000n]));
    const d0 = await drawId(P, 0);
    const t = await c.read('ledger', 'terms', [d0]);
    assert.equal(t.kind, 1, 'an inventory CT');
    assert.equal(t.obligor.toLowerCase(), c.pledgor.address);
    assert.equal(t.documentsHash, P, 'the CT names its position');
    assert.equal(await balance(c.pledgor, d0), 500_000n);

    const again = fails(await c.vaultCall(c.pledgor, 'lockGoods', [id32('position:B2'), g, terms(due), 0n]), 'GoodsAlreadyPledged');
    assert.equal(again.positionId, P);
    fails(await c.goodsCall(c.pledgor, 'transferFrom', [c.pledgor.address, c.pledgor2.address, g]), 'GoodsLocked');
    // The line was fixed at the lock: a higher valuation does not raise it.
    ok(await c.goodsCall(c.verifier, 'revalue', [g, 2_000_000n]));
    const over = fails(await c.vaultCall(c.pledgor, 'draw', [P, 100_001n]), 'DrawOverLimit');
    assert.deepEqual([over.limit, over.debt, over.requested], ['600000', '500000', '100001']);
    ok(await c.vaultCall(c.pledgor, 'draw', [P, 100_000n]));
    const d1 = await drawId(P, 1);

    // The CTs circulate like receivables: split to a funder.
    ok(await c.ledgerCall(c.pledgor, 'transfer', [c.funders[0]!.address, d0, 200_000n]));
    fails(await c.vaultCall(c.pledgor, 'release', [P]), 'ReleaseWhileOutstanding');
    fails(await c.vaultCall(c.pledgor2, 'repay', [d0, 1n]), 'NotPledgor');
    fails(await c.vaultCall(c.pledgor, 'repay', [d0, 500_001n]), 'RepayInvalid');
    ok(await c.vaultCall(c.pledgor, 'repay', [d0, 500_000n]));
    fails(await c.vaultCall(c.pledgor, 'release', [P]), 'ReleaseWhileOutstanding');
    ok(await c.vaultCall(c.pledgor, 'repay', [d1, 100_000n]));
    ok(await c.vaultCall(c.pledgor, 'release', [P]));
    assert.equal((await c.read('goods', 'goods', [g])).locked, false);
    ok(await c.goodsCall(c.pledgor, 'transferFrom', [c.pledgor.address, c.pledgor2.address, g]));

    // Holders redeem at the due date: the funder its 200 000, the pledgor (its own CTs) the rest; units burn.
    fails(await c.vaultCall(c.funders[0]!, 'redeem', [d0, c.funders[0]!.address]), 'NotRedeemable');
    await c.chain.mineAt(due);
    const before = await c.xtOf(c.funders[0]!);
    ok(await c.vaultCall(c.funders[0]!, 'redeem', [d0, c.funders[0]!.address]));
    assert.equal((await c.xtOf(c.funders[0]!)) - before, 200_000n);
    assert.equal(await c.read('ledger', 'totalSupply', [d0]), 300_000n);
  });

  test('a margin call opens past the margin threshold and a top-up of XT margin cures it', async () => {
    const g = await register(c.verifier, c.pledgor, { receipt: 'WR-C', value: 1_000_000n });
    const P = id32('position:C');
    ok(await c.vaultCall(c.pledgor, 'lockGoods', [P, g, terms(START + 30n * DAY), 600_000n]));
    fails(await c.vaultCall(c.operator, 'marginCall', [P]), 'CoverageSufficient');
    ok(await c.goodsCall(c.verifier, 'revalue', [g, 750_000n])); // 600 000 / 750 000 = 8 000 bps > 7 500
    const called = ok(await c.vaultCall(c.operator, 'marginCall', [P]));
    assert.ok(called.logs.length > 0);
    fails(await c.vaultCall(c.operator, 'marginCall', [P]), 'MarginCallOpen');
    fails(await c.vaultCall(c.pledgor, 'draw', [P, 1n]), 'DrawUnderMarginCall');
    // 600 000 / (750 000 + 50 000) = 7 500 bps: back within the threshold.
    ok(await c.vaultCall(c.pledgor, 'topUp', [P, 50_000n]));
    const p = await c.read('vault', 'position', [P]);
    assert.equal(p.marginCallDeadline, 0);
    assert.equal(p.margin, 50_000n);
    assert.deepEqual(await c.read('vault', 'coverage', [P]), [600_000n, 800_000n, 7_500n]);
  });

  test('hand-worked linear auction after an uncured margin call: penalty first, then principal, shortfall written off per holder', async () => {
    const [f0, f1] = c.funders as [Actor, Actor];
    const g = await register(c.verifier, c.pledgor, { receipt: 'WR-D', value: 1_000_000n });
    const P = id32('position:D');
    ok(await c.vaultCall(c.pledgor, 'lockGoods', [P, g, terms(START + 30n * DAY, 1000), 600_000n]));
    const d0 = await drawId(P, 0);
    ok(await c.ledgerCall(c.pledgor, 'transfer', [f0.address, d0, 400_000n]));
    ok(await c.ledgerCall(c.pledgor, 'transfer', [f1.address, d0, 200_000n]));
    ok(await c.goodsCall(c.verifier, 'revalue', [g, 700_000n])); // 8 571 bps: past margin (7 500), short of liquidation (9 000)
    fails(await c.vaultCall(c.operator, 'declareDefault', [P]), 'NotInDefault');
    ok(await c.vaultCall(c.operator, 'marginCall', [P]));
    const deadline = BigInt((await c.read('vault', 'position', [P])).marginCallDeadline);
    fails(await c.vaultCall(c.operator, 'declareDefault', [P]), 'NotInDefault');
    await c.chain.mineAt(deadline);
    ok(await c.vaultCall(c.operator, 'declareDefault', [P]));
    const a = await c.read('vault', 'auction', [P]);
    assert.deepEqual([a.startPrice, a.floorPrice, a.duration, a.round], [770_000n, 350_000n, 3600, 1]);
    assert.equal((await c.read('vault', 'drawOf', [d0])).penaltyDue, 12_000n); // 2 % of 600 000

    const t0 = BigInt(a.startedAt);
    await c.chain.mineAt(t0 + 1798n);
    // At +1 799 s: 770 000 − floor(420 000 × 1 799 / 3 600) = 770 000 − 209 883 = 560 117.
    const below = fails(await c.vaultCall(c.bidder, 'bid', [P, 560_000n]), 'BidBelowPrice');
    assert.deepEqual([below.bid, below.price], ['560000', '560117']);
    // At +1 800 s: 770 000 − 210 000 = 560 000.
    const bidderBefore = await c.xtOf(c.bidder);
    ok(await c.vaultCall(c.bidder, 'bid', [P, 560_000n]));
    assert.equal(bidderBefore - (await c.xtOf(c.bidder)), 560_000n);
    assert.equal((await c.read<Address>('goods', 'ownerOf', [g])).toLowerCase(), c.bidder.address);
    assert.equal((await c.read('goods', 'goods', [g])).locked, false);
    const d = await c.read('vault', 'drawOf', [d0]);
    // 560 000: 12 000 of penalty, 548 000 of principal; 52 000 of principal written off.
    assert.deepEqual([d.paid, d.principalPaid, d.writtenOff, d.closed], [560_000n, 548_000n, 52_000n, true]);
    assert.equal((await c.read('vault', 'position', [P])).status, 3);

    // Holders: floor(400 000 × 560 000 / 600 000) = 373 333 and 186 666; losses floor(· × 52 000 / 600 000) = 34 666 and 17 333.
    const r0 = ok(await c.vaultCall(f0, 'redeem', [d0, f0.address]));
    const r1 = ok(await c.vaultCall(f1, 'redeem', [d0, f1.address]));
    assert.ok(r0.logs.length && r1.logs.length);
    assert.equal(await c.xtOf(f0), 10_000_000n + 373_333n);
    assert.equal(await c.xtOf(f1), 186_666n);
    assert.equal(await c.read('ledger', 'totalSupply', [d0]), 0n);
    // The floors' residue, 1 minor unit, stays in the vault and is visible as paid − distributed.
    const after = await c.read('vault', 'drawOf', [d0]);
    assert.equal(after.paid - after.distributed, 1n);
    assert.equal(await c.xtOf(c.vault), 1n);
    fails(await c.vaultCall(c.bidder, 'bid', [P, 10_000_000n]), 'AuctionNotLive');
  });

  test('hand-worked stepwise auction: unsold round restarted from the new valuation, two draws with late interest, surplus to the pledgor', async () => {
    const [f0] = c.funders as [Actor];
    const p2 = c.pledgor2;
    const g = await register(c.verifier, p2, { lot: 'EXCAVATOR-SN-88', value: 2_000_000n, classId: 2 });
    const P = id32('position:E');
    const due = START + 10n * DAY;
    // 3 650 bps a year on ACT/365F is 0.1 % a day.
    ok(await c.vaultCall(p2, 'lockGoods', [P, g, terms(due, 3650, 1), 600_000n]));
    fails(await c.vaultCall(p2, 'draw', [P, 400_001n]), 'DrawOverLimit');
    ok(await c.vaultCall(p2, 'draw', [P, 400_000n]));
    const [d0, d1] = [await drawId(P, 0), await drawId(P, 1)];
    assert.equal((await c.read('ledger', 'terms', [d1])).kind, 2, 'a pledge CT');
    ok(await c.ledgerCall(p2, 'transfer', [f0.address, d1, 400_000n]));
    ok(await c.vaultCall(p2, 'repay', [d0, 100_000n]));

    // Default at the due date + 3 days (grace is 2 days): interest 3 days × 0.1 %, penalty 5 % of principal outstanding.
    await c.chain.mineAt(due + 3n * DAY - 1n);
    ok(await c.vaultCall(c.operator, 'declareDefault', [P]));
    const [x0, x1] = [await c.read('vault', 'drawOf', [d0]), await c.read('vault', 'drawOf', [d1])];
    assert.deepEqual([x0.interestDue, x0.penaltyDue, x1.interestDue, x1.penaltyDue], [1_500n, 25_000n, 1_200n, 20_000n]);
    const a1 = await c.read('vault', 'auction', [P]);
    assert.deepEqual([a1.startPrice, a1.floorPrice, a1.curve, a1.step], [2_000_000n, 800_000n, 1, 600]);
    fails(await c.vaultCall(c.operator, 'restartAuction', [P]), 'AuctionStillLive');
    await c.chain.mineAt(BigInt(a1.startedAt) + 3599n);
    fails(await c.vaultCall(c.bidder, 'bid', [P, 10_000_000n]), 'AuctionEnded');
    ok(await c.goodsCall(c.verifier, 'revalue', [g, 1_500_000n]));
    ok(await c.vaultCall(c.operator, 'restartAuction', [P]));
    const a2 = await c.read('vault', 'auction', [P]);
    assert.deepEqual([a2.startPrice, a2.floorPrice, a2.round], [1_500_000n, 600_000n, 2]);
    // At +1 300 s the price holds at the step of 1 200 s: 1 500 000 − 900 000 × 1 200 / 3 600 = 1 200 000.
    await c.chain.mineAt(BigInt(a2.startedAt) + 1299n);
    assert.equal(await c.read('vault', 'auctionPrice', [P]), 1_200_000n);
    const p2Before = await c.xtOf(p2);
    ok(await c.vaultCall(c.bidder, 'bid', [P, 1_250_000n]));
    // Interest now counts 4 started days: 2 000 and 1 600; charges 27 000 + 21 600; principal 500 000 + 400 000.
    // 1 200 000 − 948 600 = 251 400 returns to the pledgor.
    assert.equal((await c.xtOf(p2)) - p2Before, 251_400n);
    const [y0, y1] = [await c.read('vault', 'drawOf', [d0]), await c.read('vault', 'drawOf', [d1])];
    assert.deepEqual([y0.paid, y0.principalPaid, y0.writtenOff], [627_000n, 600_000n, 0n]);
    assert.deepEqual([y1.paid, y1.principalPaid, y1.writtenOff], [421_600n, 400_000n, 0n]);
    ok(await c.vaultCall(p2, 'redeem', [d0, p2.address]));
    ok(await c.vaultCall(f0, 'redeem', [d1, f0.address]));
    assert.equal(await c.xtOf(f0), 10_000_000n + 421_600n);
    assert.equal(await c.xtOf(c.vault), 0n);
  });

  test('a margin position on XT: the line is the deposit × LTV, released with the margin once repaid; default settles from the margin', async () => {
    const P = id32('position:F');
    const before = await c.xtOf(c.pledgor);
    ok(await c.vaultCall(c.pledgor, 'lockXt', [P, 3, 100_000n, terms(START + 5n * DAY), 90_000n]));
    const d0 = await drawId(P, 0);
    assert.equal((await c.read('ledger', 'terms', [d0])).kind, 3, 'a margin CT');
    fails(await c.vaultCall(c.pledgor, 'draw', [P, 1n]), 'DrawOverLimit');
    fails(await c.vaultCall(c.pledgor, 'lockGoods', [id32('x'), 1n, terms(START + 5n * DAY), 0n]), 'ERC721NonexistentToken');
    ok(await c.vaultCall(c.pledgor, 'repay', [d0, 90_000n]));
    ok(await c.vaultCall(c.pledgor, 'release', [P]));
    // The margin came back; the 90 000 repaid waits in the vault for the CTs' holder (the pledgor itself) at the due date.
    assert.equal(await c.xtOf(c.pledgor), before - 90_000n);
    assert.equal(await balance(c.pledgor, d0), 90_000n);

    // Defaulted at the due date + grace: 100 000 of margin pays the 900 penalty and the 90 000 principal; 9 100 back.
    const Q = id32('position:G');
    ok(await c.vaultCall(c.pledgor, 'lockXt', [Q, 3, 100_000n, terms(START + 5n * DAY), 90_000n]));
    const q0 = await drawId(Q, 0);
    ok(await c.ledgerCall(c.pledgor, 'transfer', [c.funders[1]!.address, q0, 90_000n]));
    await c.chain.mineAt(START + 7n * DAY + 10n);
    const mid = await c.xtOf(c.pledgor);
    ok(await c.vaultCall(c.operator, 'declareDefault', [Q]));
    assert.equal((await c.xtOf(c.pledgor)) - mid, 9_100n);
    ok(await c.vaultCall(c.funders[1]!, 'redeem', [q0, c.funders[1]!.address]));
    assert.equal(await c.xtOf(c.funders[1]!), 90_900n);
  });
});
