/**
 * Through the API: a receivable claim pledged as collateral (its rejections at the API and, the same call stored
 * straight in the outbox, by the contract), collected at its due date into the position, and goods added to an open
 * position; the read model shows the claim, the added goods and the coverage as the vault computes it.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Hex } from 'viem';
import { onboard, startTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { assertError, post, postConfirmed } from '../../../test/support/e2e.ts';
import { availableTestDatabases } from '../../../test/support/databases.ts';
import { dumpReadModels, indexFromScratch } from '../../../test/support/readModels.ts';
import { assertRevertsOnChain, chainTime, claimBalance, depositXt, formConsortium, isoDate, setChainTime, xtBalance, type Member } from '../../../test/support/receivables.ts';

const CLASS = {
  active: true, ltvBps: 6000, marginBps: 7500, liquidationBps: 9000, penaltyBps: 200, auctionStartBps: 11000, auctionFloorBps: 5000,
  curve: 'linear', auctionDurationSeconds: 3600, auctionStepSeconds: 0, marginGraceSeconds: 3600, defaultGraceSeconds: 86_400,
};

describe('collateral through the API: a receivable claim pledged, goods added', () => {
  let t: TestPlatform;
  let C: Member, D: Member, F: Member, V: Member, B: Member, R: Member;
  let consortiumId: Hex;
  let receivable: Hex;
  let claimDue: number;

  before(async () => {
    t = await startTestPlatform();
    [C, D, F, V, B, R] = await Promise.all([
      onboard(t, { name: 'Core Steel', roles: ['core_enterprise'] }),
      onboard(t, { name: 'Supplier West', roles: ['supplier'] }),
      onboard(t, { name: 'Pledge Fund', roles: ['funder'] }),
      onboard(t, { name: 'Bonded Warehouse', roles: ['verifier'] }),
      onboard(t, { name: 'Gateway Bank', roles: ['bank_gateway'] }),
      onboard(t, { name: 'Regulator', roles: ['regulator'] }),
    ]);
    consortiumId = await formConsortium(t, C, [D, F]);
    await depositXt(t, B, D, 1_000_000n);
    await depositXt(t, B, C, 2_000_000n);
    await postConfirmed(t, '/v1/collateral/classes', { body: { ...CLASS, classId: 1, kind: 'inventory' } });
    await postConfirmed(t, '/v1/collateral/classes', { body: { ...CLASS, classId: 2, kind: 'pledge', ltvBps: 5000, marginBps: 7000, liquidationBps: 8500 } });
    await postConfirmed(t, '/v1/credit-lines', { key: F.apiKey, body: { obligorMemberId: C.id, limit: '100000000' } });
    claimDue = (await chainTime(t)) + 20 * 86_400;
    const issued = await postConfirmed(t, '/v1/payables', {
      key: C.apiKey,
      body: { supplierMemberId: D.id, consortiumId, invoiceNumber: 'PL-1', amount: '1000000', dueDate: isoDate(claimDue), lateRateBps: 0, dayCount: 'ACT/360' },
    });
    receivable = issued.body.claimId;
  });

  after(async () => {
    await t?.close();
  });

  test('pledges a receivable claim: refused for the wrong class, by a non-holder and a second time; escrowed, shown, collected at its due date', async () => {
    const dueDate = isoDate((await chainTime(t)) + 10 * 86_400);
    const body = { claimId: receivable, classId: 2, consortiumId, dueDate, firstDraw: '400000' };
    assertError(await post(t, '/v1/collateral/positions', { key: D.apiKey, body: { ...body, classId: 1 } }), 422, 'ClassKindMismatch', 'classId');
    assertError(await post(t, '/v1/collateral/positions', { key: F.apiKey, body }), 422, 'NotClaimHolder', 'claimId');
    assertError(await post(t, '/v1/collateral/positions', { key: C.apiKey, body }), 422, 'ClaimNotPledgeable', 'claimId');
    assertError(await post(t, '/v1/collateral/positions', { key: D.apiKey, body: { ...body, goodsId: receivable } }), 400, 'validation_failed', 'body.goodsId');
    assertError(await post(t, '/v1/collateral/positions', { key: D.apiKey, body: { ...body, firstDraw: '500001' } }), 422, 'DrawOverLimit', 'firstDraw');

    const lock = await postConfirmed(t, '/v1/collateral/positions', { key: D.apiKey, body });
    assert.equal(lock.body.limit, '500000');
    const positionId: Hex = lock.body.positionId;
    assert.equal(await claimBalance(t, D, receivable), 0n, 'escrowed');
    const p = (await t.api('GET', `/v1/collateral/positions/${positionId}`, { key: D.apiKey })).body;
    assert.deepEqual(p.claim, { claimId: receivable, units: '1000000', collected: '0', paid: false, released: false });
    assert.deepEqual([p.goodsId, p.currentValue, p.ratioBps, p.draws[0].kind], [null, '1000000', '4000', 'pledge']);

    // A second pledge of the same holding: refused at the API (recorded for the regulator) and on-chain.
    assertError(await post(t, '/v1/collateral/positions', { key: D.apiKey, body: { ...body, firstDraw: '0' } }), 409, 'ClaimAlreadyPledged', 'claimId');
    const terms = { dueDate: (await chainTime(t)) + 10 * 86_400, lateRateBps: 0, maxHops: 3, dayCount: 0, consortiumId };
    await assertRevertsOnChain(t, 'ClaimAlreadyPledged', { signer: D.address, contract: 'CollateralVault', functionName: 'lockClaim', args: [`0x${'34'.repeat(32)}`, 2, BigInt(receivable), terms, 0n] });
    const alerts = (await t.api('GET', '/v1/collateral/alerts', { key: R.apiKey })).body.items;
    assert.ok(alerts.some((a: { code: string; attemptedBy: { memberId: string } | null }) => a.code === 'ClaimAlreadyPledged' && a.attemptedBy?.memberId === D.id));
    // Escrowed: nothing left to transfer.
    assert.notEqual((await post(t, `/v1/claims/${receivable}/transfers`, { key: D.apiKey, body: { toMemberId: F.id, amount: '1' } })).status, 202);

    assertError(await post(t, `/v1/collateral/positions/${positionId}/collections`, { key: F.apiKey }), 422, 'NothingToCollect', 'positionId');
    await setChainTime(t, claimDue);
    await postConfirmed(t, `/v1/claims/${receivable}/payments`, { key: C.apiKey, body: { amount: '1000000' } });
    await postConfirmed(t, `/v1/collateral/positions/${positionId}/collections`, { key: F.apiKey });
    const collected = (await t.api('GET', `/v1/collateral/positions/${positionId}`, { key: D.apiKey })).body;
    assert.deepEqual([collected.claim.collected, collected.claim.paid, collected.margin, collected.currentValue], ['1000000', true, '1000000', '1000000']);
    assert.ok(collected.history.some((h: { kind: string }) => h.kind === 'claim_collected'));
    assertError(await post(t, `/v1/collateral/positions/${positionId}/collections`, { key: F.apiKey }), 409, 'NothingToCollect', 'positionId');

    await postConfirmed(t, `/v1/collateral/claims/${lock.body.claimId}/repayments`, { key: D.apiKey, body: { amount: '400000' } });
    const before = await xtBalance(t, D);
    await postConfirmed(t, `/v1/collateral/positions/${positionId}/release`, { key: D.apiKey });
    assert.equal((await xtBalance(t, D)) - before, 1_000_000n, 'the claim’s proceeds, held as margin, go back to the pledgor');
  });

  test('adds goods to an open goods position: refused to another member and for locked goods; coverage and its history follow every item', async () => {
    const register = async (receipt: string, value: string) =>
      (await postConfirmed(t, '/v1/goods', {
        key: V.apiKey,
        body: { ownerMemberId: D.id, classId: 1, quantity: '10', unit: 't', description: 'Copper cathode', location: 'Ningbo 2', receipt, value },
      })).body.goodsId as Hex;
    const g1 = await register('WR-ADD-1', '1000000');
    const g2 = await register('WR-ADD-2', '200000');
    const lock = await postConfirmed(t, '/v1/collateral/positions', { key: D.apiKey, body: { goodsId: g1, consortiumId, dueDate: isoDate((await chainTime(t)) + 30 * 86_400), firstDraw: '600000' } });
    const positionId: Hex = lock.body.positionId;
    assertError(await post(t, `/v1/collateral/positions/${positionId}/goods`, { key: F.apiKey, body: { goodsId: g2 } }), 422, 'NotPledgor', 'positionId');
    await postConfirmed(t, `/v1/collateral/positions/${positionId}/goods`, { key: D.apiKey, body: { goodsId: g2 } });
    assertError(await post(t, `/v1/collateral/positions/${positionId}/goods`, { key: D.apiKey, body: { goodsId: g2 } }), 409, 'GoodsAlreadyPledged', 'goodsId');
    await assertRevertsOnChain(t, 'GoodsAlreadyPledged', { signer: D.address, contract: 'CollateralVault', functionName: 'addGoods', args: [positionId, BigInt(g2)] });
    const p = (await t.api('GET', `/v1/collateral/positions/${positionId}`, { key: D.apiKey })).body;
    assert.deepEqual([p.addedGoods, p.currentValue, p.ratioBps], [[g2], '1200000', '5000']);
    assert.ok(p.history.some((h: { kind: string; value: string }) => h.kind === 'goods_added' && h.value === '1200000'));
    assert.equal((await t.api('GET', `/v1/goods/${g2}`, { key: D.apiKey })).body.positionId, positionId);
    // A revaluation of the added goods moves the position's coverage history.
    await postConfirmed(t, `/v1/goods/${g2}/valuations`, { key: V.apiKey, body: { value: '400000' } });
    const revalued = (await t.api('GET', `/v1/collateral/positions/${positionId}`, { key: D.apiKey })).body;
    assert.equal(revalued.currentValue, '1400000');
    assert.equal(revalued.history.at(-1).kind, 'revalued');
    assert.equal(revalued.history.at(-1).value, '1400000');
  });

  test('the read models equal an indexing of the chain from scratch (pledged claims, added goods, their history)', async () => {
    await t.indexer.sync();
    const [backend] = await availableTestDatabases();
    const scratch = await indexFromScratch(backend!, t.client, t.deployment);
    const live = await dumpReadModels(t.db);
    for (const table of ['collateral_pledged_claims', 'collateral_added_goods']) assert.ok(live[table]!.length > 0, `${table} is empty`);
    assert.deepEqual(live, scratch.readModels);
  });
});
