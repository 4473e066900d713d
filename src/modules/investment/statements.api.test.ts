/**
 * A pool with a minimum subordination of 20 % and a committed cover of 10 % through the API (platform on PGlite +
 * anvil), worked by hand: the sponsor's cover tops A up to its target, a transfer of A shares and a redemption in the
 * same epoch, C's redemption held at the subordination limit, the unused cover withdrawn, and each investor's
 * statement (per epoch and to date, JSON and CSV) with its exact amounts. Refusals answer at once with the
 * contract's error name and the field, and the same request sent straight to the outbox fails on-chain.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { keccak256, toHex, type Hex } from 'viem';
import { onboard, startTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { assertError, post, postConfirmed, waitFor } from '../../../test/support/e2e.ts';
import { assertRevertsOnChain, bypassApi, DAY, depositXt, formConsortium, setChainTime, type Member } from '../../../test/support/receivables.ts';
import { tranchedPoolsAbi } from './generated/index.ts';
import { addressOf } from '../../chain/contracts.ts';
import { getPool } from './queries.ts';
import type { PoolStatementView } from './schemas.ts';

describe('investment: pool limits and investors\' statements through the API', () => {
  let t: TestPlatform;
  let C: Member, SP: Member, I1: Member, I2: Member, I3: Member, B: Member, R: Member;
  const poolId = keccak256(toHex('api-statement-pool'));
  const pools = () => addressOf(t.deployment, 'TranchedPools');

  before(async () => {
    t = await startTestPlatform();
    [C, SP, I1, I2, I3, B, R] = await Promise.all([
      onboard(t, { name: 'Core Motors', roles: ['core_enterprise'] }),
      onboard(t, { name: 'ABS Sponsor', roles: ['funder'] }),
      onboard(t, { name: 'Senior Investor', roles: ['funder'] }),
      onboard(t, { name: 'Junior Investor', roles: ['funder'] }),
      onboard(t, { name: 'Second Senior', roles: ['funder'] }),
      onboard(t, { name: 'Gateway Bank', roles: ['bank_gateway'] }),
      onboard(t, { name: 'Supervisor', roles: ['regulator'] }),
    ]);
    const consortiumId = await formConsortium(t, C, [SP, I1, I2, I3]);
    for (const m of [SP, I1, I2, I3]) await depositXt(t, B, m, 10_000_000n);
    const now = Number((await t.client.getBlock({ blockTag: 'latest' })).timestamp);
    await postConfirmed(t, '/v1/pools', {
      key: SP.apiKey,
      body: {
        poolId, consortiumId, maturity: new Date((now + 400 * DAY) * 1000).toISOString(), minEpochDays: 7, targetYieldBps: [500, 1000, 2000],
        quorumBps: 2000, thresholdBps: 5000, votingDays: 3, minSubordinationBps: 2000, minCoverBps: 1000,
        policy: { discountRateBps: 1200, minDiscountBps: 100, maxTenorDays: 120, limitPerObligor: '2000000' },
        eligibleObligorIds: [C.id],
      },
    });
    await postConfirmed(t, `/v1/pools/${poolId}/cover`, { key: SP.apiKey, body: { amount: '100000' } });
  });

  after(async () => {
    await t?.close();
  });

  test('cover, subordination and statements: exact amounts', async () => {
    await postConfirmed(t, `/v1/pools/${poolId}/deposits`, { key: I1.apiKey, body: { tranche: 'A', amount: '600000' } });
    await postConfirmed(t, `/v1/pools/${poolId}/deposits`, { key: I2.apiKey, body: { tranche: 'C', amount: '200000' } });
    // Nothing is invested yet: all the cover is unused (and the sponsor alone may take it).
    assertError(await post(t, `/v1/pools/${poolId}/cover/withdrawals`, { key: I1.apiKey, body: { amount: '1' } }), 403, 'NotSponsor');
    await postConfirmed(t, `/v1/pools/${poolId}/epochs`, { key: SP.apiKey });
    // A may take up to (200,000 × 10,000 − 2,000 × 200,000) / 2,000 = 800,000: its 600,000 execute.
    const t1 = Number((await t.client.readContract({ address: pools(), abi: tranchedPoolsAbi, functionName: 'pool', args: [poolId] })).lastClose);
    for (const [m, tranche] of [[I1, 'A'], [I2, 'C']] as const) await postConfirmed(t, `/v1/pools/${poolId}/claims`, { key: m.apiKey, body: { tranche } });

    // Epoch 2: I1 moves 100,000 A shares to I3 and asks to redeem 200,000; I2 asks to redeem 100,000 C.
    const trancheA = (await t.client.readContract({ address: pools(), abi: tranchedPoolsAbi, functionName: 'trancheId', args: [poolId, 0] })) as bigint;
    assert.equal((await bypassApi(t, { signer: I1.address, contract: 'ClaimLedger', functionName: 'transfer', args: [I3.address, trancheA, 100_000n] })).status, 'confirmed');
    await postConfirmed(t, `/v1/pools/${poolId}/redemptions`, { key: I1.apiKey, body: { tranche: 'A', shares: '200000' } });
    await postConfirmed(t, `/v1/pools/${poolId}/redemptions`, { key: I2.apiKey, body: { tranche: 'C', shares: '100000' } });
    await setChainTime(t, t1 + 30 * DAY - 600);
    await postConfirmed(t, `/v1/pools/${poolId}/epochs`, { key: SP.apiKey });
    // 30 days. A's target 600,000 + floor(600,000 × 500 × 30 / 3,600,000) = 602,500; the cash is 800,000, C keeps
    // 200,000: the cover gives 2,500. A redeems floor(200,000 × 602,500 / 600,000) = 200,833 → A 401,667.
    // C may then give up floor((200,000 × 10,000 − 2,000 × 601,667) / 8,000) = 99,583 of its 100,000: 417 shares held.
    const pool = await waitFor('epoch 2 indexed', async () => {
      const p = await getPool(t.db, poolId);
      return p.epochs === 2 && p;
    });
    assert.deepEqual(pool.tranches.map((x) => [x.tranche, x.value, x.shares]), [['A', '401667', '400000'], ['B', '0', '0'], ['C', '100417', '100417']]);
    assert.equal(pool.cover, '97500');
    const listed = await t.api<{ items: Array<{ poolId: string; epochs: number }> }>('GET', '/v1/pools?limit=10', { key: I1.apiKey });
    assert.deepEqual(listed.body.items.find((p) => p.poolId === poolId)?.epochs, 2);
    assert.equal(pool.minSubordinationBps, 2000);
    assert.equal(pool.subordinationBps, 2000, 'floor(100,417 × 10,000 / 502,084): held at the limit');

    // Cover: ceil(502,084 × 10 %) = 50,209 stays; 47,291 is free.
    const locked = await post(t, `/v1/pools/${poolId}/cover/withdrawals`, { key: SP.apiKey, body: { amount: '47292' } });
    assertError(locked, 422, 'CoverLocked', 'amount');
    assert.equal(locked.body.error.details.withdrawable, '47291');
    await assertRevertsOnChain(t, 'CoverLocked', { signer: SP.address, contract: 'TranchedPools', functionName: 'withdrawCover', args: [poolId, 47_292n] });
    await postConfirmed(t, `/v1/pools/${poolId}/cover/withdrawals`, { key: SP.apiKey, body: { amount: '47291' } });
    const after = await waitFor('withdrawal indexed', async () => {
      const p = await getPool(t.db, poolId);
      return p.coverWithdrawn === '47291' && p;
    });
    assert.equal(after.cover, '50209');
    assert.equal(after.coverPosted, '100000');

    const statement = async (m: Member, investor?: string) => {
      const r = await t.api<PoolStatementView>('GET', `/v1/pools/${poolId}/statement${investor ? `?investor=${investor}` : ''}`, { key: m.apiKey });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return r.body;
    };
    const s1 = await statement(I1);
    assert.deepEqual(
      s1.lines.map((l) => [l.epoch, l.tranche, l.sharesHeld, l.earned, l.deposited, l.sharesIssued, l.redeemRequested, l.sharesRedeemed, l.redemptionPaid, l.sharesAfter, l.valueAfter]),
      [
        [1, 'A', '0', '0', '600000', '600000', '0', '0', '0', '600000', '600000'],
        // 500,000 held through epoch 2 (the 200,000 asked back included): floor(500,000 × 2,500 / 600,000) = 2,083;
        // after: 300,000 shares worth floor(300,000 × 401,667 / 400,000) = 301,250.
        [2, 'A', '500000', '2083', '0', '0', '200000', '200000', '200833', '300000', '301250'],
      ],
    );
    assert.deepEqual(s1.toDate, { earned: '2083', deposited: '600000', redemptionPaid: '200833', value: '301250' });
    const s3 = await statement(I3);
    assert.deepEqual(s3.lines.map((l) => [l.epoch, l.sharesHeld, l.earned, l.sharesAfter, l.valueAfter]), [[2, '100000', '416', '100000', '100416']]);
    const s2 = await statement(I2);
    assert.deepEqual(
      s2.lines.map((l) => [l.epoch, l.tranche, l.sharesHeld, l.earned, l.redeemRequested, l.sharesRedeemed, l.redemptionPaid, l.sharesAfter, l.valueAfter]),
      [
        [1, 'C', '0', '0', '0', '0', '0', '200000', '200000'],
        [2, 'C', '200000', '0', '100000', '99583', '99583', '100417', '100417'],
      ],
    );
    // Another investor's statement is its own; the regulator reads any.
    assertError(await t.api('GET', `/v1/pools/${poolId}/statement?investor=${I1.address}`, { key: I2.apiKey }), 403, 'forbidden', 'investor');
    assert.deepEqual((await statement(R, I1.address)).toDate, s1.toDate);
    const csv = await t.api<string>('GET', `/v1/exports/pool-statement.csv?poolId=${poolId}`, { key: I1.apiKey });
    assert.equal(csv.status, 200);
    const rows = String(csv.body).trim().split('\r\n');
    assert.equal(rows.length, 3);
    assert.match(rows[0]!, /^pool,investor,epoch,closed_at,tranche,shares_held,earned_minor,earned_xt,/);
    assert.match(rows[2]!, new RegExp(`^${poolId},${I1.address.toLowerCase()},2,[^,]+,A,500000,2083,20\\.83,0,0,0,200000,200000,200833,300000,301250,3012\\.50$`));
  });

  test('limits out of range are refused at the API, naming the field', async () => {
    const r = await post(t, '/v1/pools', {
      key: SP.apiKey,
      body: {
        poolId: keccak256(toHex('bad-limits')), consortiumId: keccak256(toHex('x')) as Hex, maturity: new Date(Date.now() + 400 * DAY * 1000).toISOString(), minEpochDays: 7,
        targetYieldBps: [500, 1000, 2000], quorumBps: 2000, thresholdBps: 5000, votingDays: 3, minSubordinationBps: 10_000,
        policy: { discountRateBps: 1200, minDiscountBps: 100, maxTenorDays: 120, limitPerObligor: '2000000' }, eligibleObligorIds: [],
      },
    });
    assert.equal(r.status, 400);
    assert.match(JSON.stringify(r.body), /minSubordinationBps/);
  });
});
