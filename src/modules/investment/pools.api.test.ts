/**
 * Pools and governance through the API (platform on PGlite + anvil): each refusal the issue names answers at once
 * with the contract's error name and the field — a purchase outside the policy, a redemption larger than the shares,
 * a vote after the deadline, a vote with shares moved away before the snapshot — and the same requests sent straight
 * to the outbox fail on-chain with the decoded error.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { keccak256, toHex, type Hex } from 'viem';
import { onboard, startTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { assertError, post, postConfirmed, waitFor } from '../../../test/support/e2e.ts';
import { assertRevertsOnChain, bypassApi, chainTime, DAY, depositXt, formConsortium, isoDate, setChainTime, type Member } from '../../../test/support/receivables.ts';
import { tranchedPoolsAbi } from './generated/index.ts';
import { addressOf } from '../../chain/contracts.ts';
import { getPool } from './queries.ts';

describe('investment: pools and votes through the API', () => {
  let t: TestPlatform;
  let C: Member, S: Member, SP: Member, I1: Member, I2: Member, B: Member;
  let consortiumId: Hex;
  const poolId = keccak256(toHex('api-pool'));
  let trancheA: bigint;
  let proposalId: string;

  before(async () => {
    t = await startTestPlatform();
    [C, S, SP, I1, I2, B] = await Promise.all([
      onboard(t, { name: 'Core Motors', roles: ['core_enterprise'] }),
      onboard(t, { name: 'Tier1 Gearboxes', roles: ['supplier'] }),
      onboard(t, { name: 'ABS Sponsor', roles: ['funder'] }),
      onboard(t, { name: 'Senior Investor', roles: ['funder'] }),
      onboard(t, { name: 'Junior Investor', roles: ['funder'] }),
      onboard(t, { name: 'Gateway Bank', roles: ['bank_gateway'] }),
    ]);
    consortiumId = await formConsortium(t, C, [S, SP, I1, I2]);
    for (const m of [C, SP, I1, I2]) await depositXt(t, B, m, 10_000_000n);
    await postConfirmed(t, '/v1/credit-lines', { body: { obligorMemberId: C.id, limit: '100000000' } });
    const now = await chainTime(t);
    await postConfirmed(t, '/v1/pools', {
      key: SP.apiKey,
      body: {
        poolId, consortiumId, maturity: new Date((now + 400 * DAY) * 1000).toISOString(), minEpochDays: 7, targetYieldBps: [500, 1000, 2000],
        quorumBps: 2000, thresholdBps: 5000, votingDays: 3,
        policy: { discountRateBps: 1200, minDiscountBps: 100, maxTenorDays: 120, limitPerObligor: '2000000' },
        eligibleObligorIds: [C.id],
      },
    });
    await postConfirmed(t, `/v1/pools/${poolId}/deposits`, { key: I1.apiKey, body: { tranche: 'A', amount: '600000' } });
    await postConfirmed(t, `/v1/pools/${poolId}/deposits`, { key: I2.apiKey, body: { tranche: 'C', amount: '400000' } });
    await postConfirmed(t, `/v1/pools/${poolId}/epochs`, { key: SP.apiKey });
    for (const [m, tranche] of [[I1, 'A'], [I2, 'C']] as const) await postConfirmed(t, `/v1/pools/${poolId}/claims`, { key: m.apiKey, body: { tranche } });
    trancheA = (await t.client.readContract({ address: addressOf(t.deployment, 'TranchedPools'), abi: tranchedPoolsAbi, functionName: 'trancheId', args: [poolId, 0] })) as bigint;
  });

  after(async () => {
    await t?.close();
  });

  test('the pool reads back with its tranches after the first close', async () => {
    const pool = await waitFor('pool indexed', async () => (await getPool(t.db, poolId).catch(() => undefined))?.epochs === 1 && getPool(t.db, poolId));
    assert.deepEqual(pool.tranches.map((x) => [x.tranche, x.value, x.shares]), [['A', '600000', '600000'], ['B', '0', '0'], ['C', '400000', '400000']]);
    const r = await t.api('GET', `/v1/pools/${poolId}`, { key: I1.apiKey });
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.targetYieldBps, [500, 1000, 2000]);
    assert.deepEqual(r.body.policy, { discountRateBps: 1200, minDiscountBps: 100, maxTenorDays: 120, limitPerObligor: '2000000', eligibleObligors: [C.address.toLowerCase()] });
  });

  test('a purchase outside the policy is refused, naming the rule; one inside it is made', async () => {
    const now = await chainTime(t);
    const payable = async (invoiceNumber: string, amount: string, days: number) =>
      BigInt((await postConfirmed(t, '/v1/payables', { key: C.apiKey, body: { supplierMemberId: S.id, consortiumId, invoiceNumber, amount, dueDate: isoDate(now + days * DAY) } })).body.claimId).toString();
    const long = await payable('INV-LONG', '100000', 200);
    const r = await post(t, `/v1/pools/${poolId}/purchases`, { key: S.apiKey, body: { claimId: long, face: '100000' } });
    assertError(r, 422, 'PurchaseOutsidePolicy', 'claimId');
    assert.equal(r.body.error.details.rule, 'maxTenorDays');
    const big = await payable('INV-BIG', '3000000', 60);
    const over = await post(t, `/v1/pools/${poolId}/purchases`, { key: S.apiKey, body: { claimId: big, face: '3000000' } });
    assert.equal(over.body.error.details.rule, 'limitPerObligor');
    // the contract refuses it too
    const err = await assertRevertsOnChain(t, 'PurchaseOutsidePolicy', { signer: S.address, contract: 'TranchedPools', functionName: 'sell', args: [poolId, BigInt(long), 100_000n, 0n] });
    assert.equal(err.args.rule, 'maxTenorDays');
    const ok = await payable('INV-OK', '500000', 60);
    await postConfirmed(t, `/v1/pools/${poolId}/purchases`, { key: S.apiKey, body: { claimId: ok, face: '500000', minPrice: '490000' } });
    const exposures = await waitFor('exposure indexed', async () => {
      const r = await t.api('GET', `/v1/pools/${poolId}/exposures`, { key: B.apiKey });
      return r.body.items?.length === 1 && r.body;
    });
    // price = 500,000 − floor(500,000 × 1200 × 60 / 3,600,000) = 490,000
    assert.deepEqual(exposures.items[0], { obligor: C.address.toLowerCase(), claims: 1, face: '500000', paidFor: '490000', collected: '0', outstanding: '500000', writtenOff: '0' });
  });

  test('exposures by obligor and supply-chain tier: a claim passed on to a tier-2 holder and sold from there', async () => {
    const now = await chainTime(t);
    const issued = await postConfirmed(t, '/v1/payables', { key: C.apiKey, body: { supplierMemberId: S.id, consortiumId, invoiceNumber: 'INV-TIER2', amount: '200000', dueDate: isoDate(now + 60 * DAY) } });
    await postConfirmed(t, `/v1/claims/${issued.body.claimId}/transfers`, { key: S.apiKey, body: { toMemberId: SP.id, amount: '100000' } });
    await postConfirmed(t, `/v1/pools/${poolId}/purchases`, { key: SP.apiKey, body: { claimId: BigInt(issued.body.claimId).toString(), face: '100000' } });
    const r = await waitFor('tier exposure indexed', async () => {
      const x = await t.api('GET', `/v1/pools/${poolId}/exposures`, { key: B.apiKey });
      return x.body.byTier?.length === 2 && x.body;
    });
    const obligor = C.address.toLowerCase();
    assert.deepEqual(r.byTier, [
      { obligor, tier: 1, claims: 1, face: '500000', outstanding: '500000' },
      { obligor, tier: 2, claims: 1, face: '100000', outstanding: '100000' },
    ]);
    assert.equal(r.items[0].face, '600000');
  });

  test('a redemption larger than the shares is refused at the API and on-chain', async () => {
    assertError(await post(t, `/v1/pools/${poolId}/redemptions`, { key: I1.apiKey, body: { tranche: 'A', shares: '600001' } }), 422, 'RedeemExceedsShares', 'shares');
    assertError(await post(t, `/v1/pools/${poolId}/redemptions`, { key: I2.apiKey, body: { tranche: 'A', shares: '1' } }), 422, 'RedeemExceedsShares', 'shares');
    await assertRevertsOnChain(t, 'RedeemExceedsShares', { signer: I1.address, contract: 'TranchedPools', functionName: 'requestRedeem', args: [poolId, 0, 600_001n] });
    assertError(await post(t, `/v1/pools/${poolId}/deposits`, { key: S.apiKey, body: { tranche: 'A', amount: '1' } }), 403, 'NotInvestor');
    const bad = await post(t, `/v1/pools/${poolId}/deposits`, { key: I1.apiKey, body: { tranche: 'D', amount: '1' } });
    assert.equal(bad.status, 400);
    assertError(await post(t, `/v1/pools/${poolId}/epochs`, { key: I1.apiKey }), 422, 'EpochTooEarly', 'poolId');
  });

  test('votes: shares moved away before the snapshot weigh nothing; a vote after the deadline is refused; a passed proposal executes', async () => {
    // I1 gives all its A shares to I2 before the proposal (an investor only: not to a supplier): I1 weighs nothing.
    await assertRevertsOnChain(t, 'InvestorRequired', { signer: I1.address, contract: 'ClaimLedger', functionName: 'transfer', args: [S.address, trancheA, 1n] });
    const transfer = await bypassApi(t, { signer: I1.address, contract: 'ClaimLedger', functionName: 'transfer', args: [I2.address, trancheA, 600_000n] });
    assert.equal(transfer.status, 'confirmed');
    const proposed = await postConfirmed(t, `/v1/pools/${poolId}/proposals`, { key: I2.apiKey, body: { action: 'write_off', assetIndex: 0 } });
    proposalId = proposed.body.proposalId;
    assertError(await post(t, `/v1/proposals/${proposalId}/votes`, { key: I1.apiKey, body: { support: false } }), 422, 'NoVotingWeight', 'proposalId');
    await assertRevertsOnChain(t, 'NoVotingWeight', { signer: I1.address, contract: 'PoolGovernance', functionName: 'vote', args: [BigInt(proposalId), false] });
    await postConfirmed(t, `/v1/proposals/${proposalId}/votes`, { key: I2.apiKey, body: { support: true } });
    assertError(await post(t, `/v1/proposals/${proposalId}/votes`, { key: I2.apiKey, body: { support: true } }), 422, 'AlreadyVoted', 'proposalId');
    assertError(await post(t, `/v1/proposals/999/votes`, { key: I2.apiKey, body: { support: true } }), 422, 'ProposalNotFound', 'proposalId');
    assertError(await post(t, `/v1/pools/${poolId}/proposals`, { key: I2.apiKey, body: { action: 'write_off', assetIndex: 31 } }), 422, 'AssetUnknown', 'assetIndex');
    await setChainTime(t, (await chainTime(t)) + 4 * DAY);
    assertError(await post(t, `/v1/proposals/${proposalId}/votes`, { key: SP.apiKey, body: { support: false } }), 422, 'VotingClosed', 'proposalId');
    await assertRevertsOnChain(t, 'VotingClosed', { signer: I2.address, contract: 'PoolGovernance', functionName: 'vote', args: [BigInt(proposalId), false] });
    await postConfirmed(t, `/v1/proposals/${proposalId}/execute`, { key: SP.apiKey });
    const proposals = await waitFor('proposal executed in the read model', async () => {
      const r = await t.api('GET', `/v1/pools/${poolId}/proposals`, { key: I2.apiKey });
      return r.body.items?.[0]?.executed === true && r.body.items;
    });
    // I2 voted with all of A (600,000, I1's moved to it before the snapshot) and C (400,000): the whole weight.
    assert.deepEqual([proposals[0].action, proposals[0].forVotes, proposals[0].againstVotes, proposals[0].totalWeight], ['write_off', '1000000', '0', '1000000']);
    const asset = await t.client.readContract({ address: addressOf(t.deployment, 'TranchedPools'), abi: tranchedPoolsAbi, functionName: 'asset', args: [poolId, 0] });
    assert.equal(asset.writtenOff, true);
  });
});
