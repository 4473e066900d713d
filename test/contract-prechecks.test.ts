/**
 * Pre-checks that answer with the contract's own error name (issue 9): what Receivables and ClaimMarket would revert
 * a block later is refused at once, with `error.code` = the Solidity error a failed command would carry. Each case is
 * refused twice: at the API (nothing stored), then by the contract with the same call sent straight to the outbox.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Hex } from 'viem';
import { at, suite } from './support/contracts.ts';
import { onboard, startTestPlatform, type TestPlatform } from './support/platform.ts';
import { assertError, post, postConfirmed } from './support/e2e.ts';
import { assertRevertsOnChain, chainTime, claimBalance, DAY, depositXt, formConsortium, isoDate, type Member } from './support/receivables.ts';

describe('pre-checks named after the contract error', () => {
  let t: TestPlatform;
  let core: Member, supplier: Member, funder: Member, otherFunder: Member, bank: Member;
  let consortiumId: Hex;
  let claimId: Hex;

  const commandCount = async () => Number((await t.db.query<{ n: string }>('SELECT count(*) AS n FROM commands')).rows[0]!.n);
  const creditProvider = () =>
    t.client.readContract({ address: at(t.deployment, 'Receivables'), abi: suite.Receivables.abi, functionName: 'creditProvider', args: [core.address as Hex] });
  const creditLimit = async () =>
    (await t.client.readContract({ address: at(t.deployment, 'Receivables'), abi: suite.Receivables.abi, functionName: 'creditLine', args: [core.address as Hex] })).limit;
  const expiresAt = async () => new Date(((await chainTime(t)) + 30 * DAY) * 1000).toISOString();

  before(async () => {
    t = await startTestPlatform();
    [core, supplier, funder, otherFunder, bank] = await Promise.all([
      onboard(t, { name: 'Precheck Core', roles: ['core_enterprise'] }),
      onboard(t, { name: 'Precheck Supplier', roles: ['supplier'] }),
      onboard(t, { name: 'Precheck Factor', roles: ['funder'] }),
      onboard(t, { name: 'Precheck Second Factor', roles: ['funder'] }),
      onboard(t, { name: 'Precheck Bank', roles: ['bank_gateway'] }),
    ]);
    consortiumId = await formConsortium(t, core, [supplier, funder, otherFunder]);
    await Promise.all([depositXt(t, bank, funder, 50_000_000n), depositXt(t, bank, otherFunder, 50_000_000n)]);
  });

  after(async () => {
    await t?.close();
  });

  test('a funder cannot set a credit line another funder granted: 403 CreditLineHeldByOther, as Receivables.setCreditLine', async () => {
    await postConfirmed(t, '/v1/credit-lines', { key: funder.apiKey, body: { obligorMemberId: core.id, limit: '20000000' } });
    assert.equal((await creditProvider()).toLowerCase(), funder.address);

    const before = await commandCount();
    const refused = await post(t, '/v1/credit-lines', { key: otherFunder.apiKey, body: { obligorMemberId: core.id, limit: '90000000' } });
    assertError(refused, 403, 'CreditLineHeldByOther', 'obligorMemberId');
    assert.equal(refused.body.error.details.providerMemberId, funder.id);
    assert.equal(refused.body.error.details.provider, funder.address);
    assert.match(refused.body.error.message, /Precheck Factor/);
    assert.equal(await commandCount(), before, 'nothing was enqueued');

    const onChain = await assertRevertsOnChain(t, 'CreditLineHeldByOther', {
      signer: otherFunder.address,
      contract: 'Receivables',
      functionName: 'setCreditLine',
      args: [core.address, 90_000_000n],
    });
    assert.equal(String(onChain.args.provider).toLowerCase(), funder.address);
    assert.equal(await creditLimit(), 20_000_000n);

    // The granting funder and the operator still change it; the operator's change leaves the line with its funder.
    await postConfirmed(t, '/v1/credit-lines', { key: funder.apiKey, body: { obligorMemberId: core.id, limit: '30000000' } });
    await postConfirmed(t, '/v1/credit-lines', { body: { obligorMemberId: core.id, limit: '40000000' } });
    assert.equal(await creditLimit(), 40_000_000n);
    assert.equal((await creditProvider()).toLowerCase(), funder.address);
    assertError(await post(t, '/v1/credit-lines', { key: otherFunder.apiKey, body: { obligorMemberId: core.id, limit: '1' } }), 403, 'CreditLineHeldByOther');
  });

  test('a funder cannot sell a claim into its own offer: 422 SelfTransfer, as ClaimMarket.sell', async () => {
    const dueDate = isoDate((await chainTime(t)) + 60 * DAY);
    const payable = await postConfirmed(t, '/v1/payables', {
      key: core.apiKey,
      body: { supplierMemberId: supplier.id, consortiumId, invoiceNumber: 'PRE-1', amount: '10000000', dueDate },
    });
    claimId = payable.body.claimId;
    const own = (await postConfirmed(t, '/v1/offers', { key: funder.apiKey, body: { obligorMemberId: core.id, rateBps: 600, limit: '10000000', expiresAt: await expiresAt() } })).body.offerId as Hex;
    // The supplier sells part of the claim to the funder, which now holds some of it.
    await postConfirmed(t, `/v1/claims/${claimId}/sales`, { key: supplier.apiKey, body: { offerId: own, amount: '4000000' } });
    assert.equal(await claimBalance(t, funder, claimId), 4_000_000n);

    const before = await commandCount();
    const refused = await post(t, `/v1/claims/${claimId}/sales`, { key: funder.apiKey, body: { offerId: own, amount: '1000000' } });
    assertError(refused, 422, 'SelfTransfer', 'offerId');
    assert.equal(refused.body.error.details.holder, funder.address);
    assert.equal(await commandCount(), before, 'nothing was enqueued');

    await assertRevertsOnChain(t, 'SelfTransfer', { signer: funder.address, contract: 'ClaimMarket', functionName: 'sell', args: [own, BigInt(claimId), 1_000_000n, 0n] });
    assert.equal(await claimBalance(t, funder, claimId), 4_000_000n);

    // Into another funder's offer the same sale goes through.
    const other = (await postConfirmed(t, '/v1/offers', { key: otherFunder.apiKey, body: { obligorMemberId: core.id, rateBps: 500, limit: '5000000', expiresAt: await expiresAt() } })).body.offerId as Hex;
    await postConfirmed(t, `/v1/claims/${claimId}/sales`, { key: funder.apiKey, body: { offerId: other, amount: '1000000' } });
    assert.equal(await claimBalance(t, funder, claimId), 3_000_000n);
    assert.equal(await claimBalance(t, otherFunder, claimId), 1_000_000n);
  });
});
