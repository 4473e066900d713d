/**
 * End-to-end through the API: each rejection the issue lists, refused at the API (status, code, field) and, with the
 * same call stored straight in the outbox, by the contract (the decoded error); and an inventory financing from
 * registration to liquidation, with the read models (goods, position history, auction curve, alerts) checked.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Hex } from 'viem';
import { onboard, startTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { assertError, post, postConfirmed } from '../../../test/support/e2e.ts';
import { availableTestDatabases } from '../../../test/support/databases.ts';
import { dumpReadModels, indexFromScratch } from '../../../test/support/readModels.ts';
import { assertRevertsOnChain, chainTime, claimBalance, depositXt, formConsortium, isoDate, setChainTime, xtBalance, type Member } from '../../../test/support/receivables.ts';

const INVENTORY = {
  classId: 1, kind: 'inventory', active: true, ltvBps: 6000, marginBps: 7500, liquidationBps: 9000, penaltyBps: 200, auctionStartBps: 11000, auctionFloorBps: 5000,
  curve: 'linear', auctionDurationSeconds: 3600, auctionStepSeconds: 0, marginGraceSeconds: 3600, defaultGraceSeconds: 86_400,
};

describe('collateral through the API: rejections and a liquidation', () => {
  let t: TestPlatform;
  let C: Member, D: Member, F: Member, F2: Member, V: Member, B: Member, R: Member;
  let consortiumId: Hex;
  let goodsId: Hex, positionId: Hex, claimId: Hex;
  const goodsBody = () => ({ ownerMemberId: D.id, classId: 1, quantity: '500', unit: 't', description: 'Hot-rolled steel coil, grade Q235', location: 'Bonded warehouse 3, Shanghai', receipt: 'WR-2026-0001', value: '1000000' });

  before(async () => {
    t = await startTestPlatform();
    [C, D, F, F2, V, B, R] = await Promise.all([
      onboard(t, { name: 'Core Steel', roles: ['core_enterprise'] }),
      onboard(t, { name: 'Distributor East', roles: ['distributor'] }),
      onboard(t, { name: 'Inventory Fund', roles: ['funder'] }),
      onboard(t, { name: 'Salvage Buyer', roles: ['funder'] }),
      onboard(t, { name: 'Bonded Warehouse', roles: ['verifier'] }),
      onboard(t, { name: 'Gateway Bank', roles: ['bank_gateway'] }),
      onboard(t, { name: 'Regulator', roles: ['regulator'] }),
    ]);
    consortiumId = await formConsortium(t, C, [D, F, F2]);
    await depositXt(t, B, D, 1_000_000n);
    await depositXt(t, B, F2, 5_000_000n);
    await postConfirmed(t, '/v1/collateral/classes', { body: INVENTORY });
    const r = await postConfirmed(t, '/v1/goods', { key: V.apiKey, body: goodsBody() });
    goodsId = r.body.goodsId;
    const lock = await postConfirmed(t, '/v1/collateral/positions', { key: D.apiKey, body: { goodsId, consortiumId, dueDate: isoDate((await chainTime(t)) + 30 * 86_400), lateRateBps: 1000, firstDraw: '500000' } });
    ({ positionId, claimId } = lock.body);
    assert.equal(lock.body.limit, '600000');
  });

  after(async () => {
    await t?.close();
  });

  test('goods, classes and positions are read back from the chain’s events', async () => {
    const g = (await t.api('GET', `/v1/goods/${goodsId}`, { key: D.apiKey })).body;
    assert.equal(g.description, 'Hot-rolled steel coil, grade Q235');
    assert.equal(g.receipt, 'WR-2026-0001');
    assert.equal(g.locked, true);
    assert.equal(g.positionId, positionId);
    const p = (await t.api('GET', `/v1/collateral/positions/${positionId}`, { key: D.apiKey })).body;
    assert.equal(p.status, 'open');
    assert.deepEqual([p.limit, p.debt, p.ratioBps], ['600000', '500000', '5000']);
    assert.equal(p.draws[0].claimId, claimId);
    assert.equal(p.draws[0].kind, 'inventory');
    // The pledgor's credit score beside the position (nothing due yet: no history).
    assert.deepEqual([p.pledgorCredit.score, p.pledgorCredit.band, p.pledgorCredit.formula], [null, 'none', 'tierchain.credit/1']);
    assert.equal((await t.api('GET', `/v1/goods/${goodsId}`, { key: C.apiKey })).status, 403);
    assert.equal((await t.api('GET', '/v1/collateral/classes', { key: D.apiKey })).body.items[0].ltvBps, 6000);
    // The CT is a claim of the shared ledger: the claim views answer it, its documents hash naming the position.
    const claim = await t.api('GET', `/v1/claims/${claimId}`, { key: D.apiKey });
    const trace = await t.api('GET', `/v1/claims/${claimId}/trace`, { key: D.apiKey });
    assert.equal(claim.status, 200);
    assert.equal(claim.body.kind, 'inventory');
    assert.equal(claim.body.documentsHash, positionId, 'the CT names the position its goods back');
    assert.equal(trace.status, 200);
    assert.equal(trace.body.rootId, claimId);
  });

  test('rejects a second registration of the same goods (the receipt, however written)', async () => {
    assertError(await post(t, '/v1/goods', { key: V.apiKey, body: { ...goodsBody(), receipt: ' wr-2026-0001 ' } }), 409, 'GoodsReceiptUsed', 'receipt');
    assertError(await post(t, '/v1/goods', { key: D.apiKey, body: { ...goodsBody(), receipt: 'WR-OTHER' } }), 403, 'forbidden');
    assertError(await post(t, '/v1/goods', { key: V.apiKey, body: { ...goodsBody(), receipt: undefined } }), 400, 'validation_failed', 'body.receipt');
    const registration = { owner: D.address, classId: 1, quantity: 1n, unit: 't', description: 'x', location: 'y', receipt: 'WR-2026-0001', lot: '', documentsHash: `0x${'0'.repeat(64)}`, value: 1n };
    await assertRevertsOnChain(t, 'GoodsReceiptUsed', { signer: V.address, contract: 'GoodsToken', functionName: 'register', args: [registration] });
  });

  test('rejects a second lock of the same goods', async () => {
    const body = { goodsId, consortiumId, dueDate: isoDate((await chainTime(t)) + 30 * 86_400) };
    assertError(await post(t, '/v1/collateral/positions', { key: D.apiKey, body }), 409, 'GoodsAlreadyPledged', 'goodsId');
    const terms = { dueDate: (await chainTime(t)) + 30 * 86_400, lateRateBps: 0, maxHops: 3, dayCount: 0, consortiumId };
    await assertRevertsOnChain(t, 'GoodsAlreadyPledged', { signer: D.address, contract: 'CollateralVault', functionName: 'lockGoods', args: [`0x${'12'.repeat(32)}`, BigInt(goodsId), terms, 0n] });
  });

  test('rejects a draw over the limit (value × LTV fixed at the lock)', async () => {
    const r = await post(t, `/v1/collateral/positions/${positionId}/draws`, { key: D.apiKey, body: { amount: '100001' } });
    assertError(r, 422, 'DrawOverLimit', 'amount');
    assert.equal(r.body.error.details.limit, '600000');
    await assertRevertsOnChain(t, 'DrawOverLimit', { signer: D.address, contract: 'CollateralVault', functionName: 'draw', args: [positionId, 100_001n] });
  });

  test('rejects a transfer of locked goods', async () => {
    assertError(await post(t, `/v1/goods/${goodsId}/transfers`, { key: D.apiKey, body: { toMemberId: F.id } }), 409, 'GoodsLocked', 'goodsId');
    await assertRevertsOnChain(t, 'GoodsLocked', { signer: D.address, contract: 'GoodsToken', functionName: 'transferFrom', args: [D.address, F.address, BigInt(goodsId)] });
  });

  test('the double-pledge attempts refused above are the regulator’s alerts: who tried, which goods, which refusal', async () => {
    const alerts = (await t.api('GET', '/v1/collateral/alerts', { key: R.apiKey })).body.items.filter((a: { kind: string }) => a.kind === 'double_pledge_attempt');
    const seen = alerts.map((a: { code: string; goodsId: string; attemptedBy: { memberId: string } }) => [a.code, a.goodsId, a.attemptedBy.memberId]);
    for (const expected of [['GoodsReceiptUsed', goodsId, V.id], ['GoodsAlreadyPledged', goodsId, D.id], ['GoodsLocked', goodsId, D.id]]) {
      assert.ok(seen.some((s: string[]) => JSON.stringify(s) === JSON.stringify(expected)), `${expected[0]} is an alert: ${JSON.stringify(seen)}`);
    }
    const receipt = alerts.find((a: { code: string }) => a.code === 'GoodsReceiptUsed');
    assert.match(receipt.detail, /receipt WR-2026-0001/);
    assert.equal(receipt.attemptedBy.name, 'Bonded Warehouse');
    // A refusal of another kind (a draw over the limit) is not a double pledge.
    assert.ok(!alerts.some((a: { code: string }) => a.code === 'DrawOverLimit'));
    assert.equal((await t.api('GET', '/v1/collateral/alerts', { key: V.apiKey })).status, 403);
  });

  test('rejects a release while CTs are outstanding', async () => {
    assertError(await post(t, `/v1/collateral/positions/${positionId}/release`, { key: D.apiKey }), 422, 'ReleaseWhileOutstanding', 'positionId');
    await assertRevertsOnChain(t, 'ReleaseWhileOutstanding', { signer: D.address, contract: 'CollateralVault', functionName: 'release', args: [positionId] });
  });

  test('a margin call, a default, and a bid below the current price refused; the winning bid pays the holders', async () => {
    // The CTs circulate on the claim ledger like receivables: 200 000 go to the fund.
    await postConfirmed(t, `/v1/claims/${claimId}/transfers`, { key: D.apiKey, body: { toMemberId: F.id, amount: '200000' } });
    assertError(await post(t, `/v1/collateral/positions/${positionId}/margin-calls`, { key: F.apiKey }), 422, 'CoverageSufficient');
    await postConfirmed(t, `/v1/goods/${goodsId}/valuations`, { key: V.apiKey, body: { value: '600000' } }); // 500 000 / 600 000 = 8 333 bps
    assertError(await post(t, `/v1/collateral/positions/${positionId}/default`, { key: F.apiKey }), 422, 'NotInDefault');
    await postConfirmed(t, `/v1/collateral/positions/${positionId}/margin-calls`, { key: F.apiKey });
    assertError(await post(t, `/v1/collateral/positions/${positionId}/draws`, { key: D.apiKey, body: { amount: '1' } }), 422, 'DrawUnderMarginCall');
    await setChainTime(t, (await chainTime(t)) + 3601);
    await postConfirmed(t, `/v1/collateral/positions/${positionId}/default`, { key: F.apiKey });

    const auction = (await t.api('GET', `/v1/auctions/${positionId}`, { key: F2.apiKey })).body;
    assert.deepEqual([auction.status, auction.startPrice, auction.floorPrice, auction.round], ['live', '660000', '300000', 1]);
    assert.equal(auction.curvePoints[0].price, '660000');
    assert.ok(auction.curvePoints.every((p: { price: string }, i: number, all: Array<{ price: string }>) => i === 0 || BigInt(p.price) <= BigInt(all[i - 1]!.price)));
    assert.ok(BigInt(auction.curvePoints.at(-1).price) >= 300_000n);

    const r = await post(t, `/v1/auctions/${positionId}/bids`, { key: F2.apiKey, body: { maxPrice: '1' } });
    assertError(r, 422, 'BidBelowPrice', 'maxPrice');
    await assertRevertsOnChain(t, 'BidBelowPrice', { signer: F2.address, contract: 'CollateralVault', functionName: 'bid', args: [positionId, 1n] });
    assertError(await post(t, `/v1/auctions/${positionId}/bids`, { key: D.apiKey, body: { maxPrice: '660000' } }), 422, 'pledgor_cannot_bid');

    const before = await xtBalance(t, F2);
    await postConfirmed(t, `/v1/auctions/${positionId}/bids`, { key: F2.apiKey, body: { maxPrice: '660000' } });
    const won = (await t.api('GET', `/v1/auctions/${positionId}`, { key: F2.apiKey })).body;
    assert.equal(won.status, 'won');
    const price = BigInt(won.price);
    assert.equal(before - (await xtBalance(t, F2)), price);
    assert.ok(price <= 660_000n && price >= 300_000n);
    const g = (await t.api('GET', `/v1/goods/${goodsId}`, { key: F2.apiKey })).body;
    assert.deepEqual([g.owner, g.locked], [F2.address, false]);

    // Waterfall: the penalty (2 % of 500 000) first, then principal; the rest to the pledgor.
    const p = (await t.api('GET', `/v1/collateral/positions/${positionId}`, { key: R.apiKey })).body;
    assert.equal(p.status, 'liquidated');
    const d = p.draws[0];
    const owed = 510_000n;
    assert.equal(BigInt(d.penaltyPaid), 10_000n);
    assert.equal(BigInt(d.paid), price < owed ? price : owed);
    assert.equal(BigInt(d.writtenOff), price < owed ? owed - price : 0n);
    assert.deepEqual(p.history.map((h: { kind: string }) => h.kind), ['locked', 'drawn', 'revalued', 'margin_called', 'defaulted', 'auction_started', 'auction_won', 'liquidated']);
    const all = (await t.api('GET', '/v1/collateral/alerts', { key: R.apiKey })).body.items;
    assert.deepEqual(all.filter((a: { kind: string }) => a.kind !== 'double_pledge_attempt').map((a: { kind: string }) => a.kind), ['liquidated', 'auction_started', 'defaulted', 'margin_called']);
    assert.equal((await t.api('GET', '/v1/collateral/alerts', { key: D.apiKey })).status, 403);

    // Holders redeem their pro-rata shares: floor(units × paid / face).
    const fBefore = await xtBalance(t, F);
    await postConfirmed(t, `/v1/collateral/claims/${claimId}/redemptions`, { key: F.apiKey, body: {} });
    assert.equal((await xtBalance(t, F)) - fBefore, (200_000n * BigInt(d.paid)) / 500_000n);
    assert.equal(await claimBalance(t, F, claimId), 0n);

    // The pledgor's credit history: one obligation, not paid, defaulted and liquidated before its due date (0 days
    // overdue), no principal repaid: 500 − 150 (punctuality 0 of 1) − 150 (default) − 100 (liquidation) = 100, band D.
    const credit = (await t.api('GET', `/v1/credit/scores/${D.id}`, { key: F2.apiKey })).body;
    assert.deepEqual(credit.sources, [{ module: 'collateral', facts: { obligations: 1, paidOnTime: 0, daysOverdue: 0, defaults: 1, liquidations: 1, volume: '0', ratings: 0, ratingPoints: 0 } }]);
    assert.deepEqual([credit.score, credit.band], [100, 'D']);
  });

  test('the read models equal an indexing of the chain from scratch (goods, positions, history, auctions, write-offs)', async () => {
    await t.indexer.sync();
    const [backend] = await availableTestDatabases();
    const scratch = await indexFromScratch(backend!, t.client, t.deployment);
    const live = await dumpReadModels(t.db);
    for (const table of ['goods', 'goods_valuations', 'collateral_classes', 'collateral_positions', 'collateral_draws', 'collateral_events', 'collateral_auctions']) {
      assert.ok(live[table]!.length > 0, `${table} is empty`);
    }
    assert.deepEqual(live, scratch.readModels);
  });
});
