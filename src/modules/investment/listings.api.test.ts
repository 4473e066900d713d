/**
 * End-to-end through the API (platform on PGlite + anvil): a supplier lists a receivable, investors fund it, the
 * obligor pays, the investors are paid pro rata; a second listing misses its deadline and refunds. Each rule is
 * refused at the API with its code and field, and what only the chain can refuse comes back as a failed command
 * with the decoded Solidity error.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { keccak256, toHex, type Hex } from 'viem';
import { onboard, startTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { assertError, post, postConfirmed, waitFor } from '../../../test/support/e2e.ts';
import { chainTime, DAY, depositXt, formConsortium, isoDate, setChainTime, xtBalance, type Member } from '../../../test/support/receivables.ts';
import { findListing } from './queries.ts';

const listingId = (label: string) => keccak256(toHex(`api-listing:${label}`));

describe('investment: listings through the API', () => {
  let t: TestPlatform;
  let C: Member, S: Member, F1: Member, F2: Member, B: Member;
  let dueDate: string;

  const payable = async (invoiceNumber: string, amount: string, due = dueDate, consortiumId?: Hex) =>
    BigInt((await postConfirmed(t, '/v1/payables', { key: C.apiKey, body: { supplierMemberId: S.id, consortiumId, invoiceNumber, amount, dueDate: due } })).body.claimId).toString();
  let consortiumId: Hex;
  const listed = (id: Hex, status: string) => waitFor(`listing ${status}`, async () => (await findListing(t.db, id))?.status === status);

  before(async () => {
    t = await startTestPlatform();
    [C, S, F1, F2, B] = await Promise.all([
      onboard(t, { name: 'Core Motors', roles: ['core_enterprise'] }),
      onboard(t, { name: 'Tier1 Gearboxes', roles: ['supplier'] }),
      onboard(t, { name: 'Retail Investor One', roles: ['funder'] }),
      onboard(t, { name: 'Retail Investor Two', roles: ['funder'] }),
      onboard(t, { name: 'Gateway Bank', roles: ['bank_gateway'] }),
    ]);
    consortiumId = await formConsortium(t, C, [S, F1, F2]);
    await depositXt(t, B, C, 10_000_000n);
    await depositXt(t, B, F1, 10_000_000n);
    await depositXt(t, B, F2, 10_000_000n);
    await postConfirmed(t, '/v1/credit-lines', { body: { obligorMemberId: C.id, limit: '100000000' } });
    dueDate = isoDate((await chainTime(t)) + 60 * DAY);
  });

  after(async () => {
    await t?.close();
  });

  test('a listing funded in parts pays the holder, then shares what the obligor pays; each refusal names its rule', async () => {
    const claimId = await payable('INV-L1', '1000000', dueDate, consortiumId);
    const id = listingId('funded');
    const deadline = new Date(((await chainTime(t)) + 10 * DAY) * 1000).toISOString();
    const bad = await post(t, '/v1/listings', { key: S.apiKey, body: { listingId: id, claimId, units: '1000000', price: '97x', deadline } });
    assert.equal(bad.status, 400);
    assert.match(JSON.stringify(bad.body), /price/);
    assertError(await post(t, '/v1/listings', { key: S.apiKey, body: { listingId: id, claimId, units: '1000', price: '1001', deadline } }), 422, 'ListingTermsInvalid', 'price');
    await postConfirmed(t, '/v1/listings', { key: S.apiKey, body: { listingId: id, claimId, units: '1000000', price: '970000', deadline } });
    await listed(id, 'open');
    assertError(await post(t, '/v1/listings', { key: S.apiKey, body: { listingId: id, claimId, units: '1', price: '1', deadline } }), 422, 'ListingExists', 'listingId');
    const view = await t.api('GET', `/v1/listings/${id}`, { key: F1.apiKey });
    assert.equal(view.status, 200);
    assert.equal(view.body.price, '970000');
    assert.equal(view.body.targetYieldBps > 0, true);

    assertError(await post(t, `/v1/listings/${id}/fund`, { key: S.apiKey, body: { amount: '1' } }), 403, 'NotInvestor');
    assertError(await post(t, `/v1/listings/${id}/fund`, { key: F1.apiKey, body: { amount: '970001' } }), 422, 'FundingExceedsTarget', 'amount');
    assertError(await post(t, `/v1/listings/${listingId('nope')}/fund`, { key: F1.apiKey, body: { amount: '1' } }), 422, 'ListingNotFound', 'listingId');
    const holderBefore = await xtBalance(t, S);
    await postConfirmed(t, `/v1/listings/${id}/fund`, { key: F1.apiKey, body: { amount: '600000' } });
    await postConfirmed(t, `/v1/listings/${id}/fund`, { key: F2.apiKey, body: { amount: '370000' } });
    await listed(id, 'funded');
    assert.equal(await xtBalance(t, S), holderBefore + 970_000n, 'the holder is paid when the target is reached');
    assertError(await post(t, `/v1/listings/${id}/fund`, { key: F2.apiKey, body: { amount: '1' } }), 422, 'ListingNotOpen', 'listingId');
    assertError(await post(t, `/v1/listings/${id}/refund`, { key: F2.apiKey }), 422, 'ListingNotOpen', 'listingId');

    // Only the chain knows nothing was collected yet: the command fails with the decoded error.
    const early = await post(t, `/v1/listings/${id}/claim`, { key: F1.apiKey });
    assert.equal(early.status, 202);
    assert.equal(early.commands[0]?.status, 'failed');
    assert.equal(early.commands[0]?.error?.code, 'NothingToPay');

    await setChainTime(t, Date.parse(`${dueDate}T00:00:00Z`) / 1000 + 3600);
    const claimHex = `0x${BigInt(claimId).toString(16).padStart(64, '0')}`;
    await postConfirmed(t, `/v1/claims/${claimHex}/payments`, { key: C.apiKey, body: { amount: '1000000' } });
    await postConfirmed(t, `/v1/listings/${id}/collect`, { key: F2.apiKey });
    await listed(id, 'settled');
    const [f1, f2] = [await xtBalance(t, F1), await xtBalance(t, F2)];
    await postConfirmed(t, `/v1/listings/${id}/claim`, { key: F1.apiKey });
    await postConfirmed(t, `/v1/listings/${id}/claim`, { key: F1.apiKey, body: { investor: F2.address } });
    assert.equal(await xtBalance(t, F1), f1 + (600_000n * 1_000_000n) / 970_000n);
    assert.equal(await xtBalance(t, F2), f2 + (370_000n * 1_000_000n) / 970_000n);
    const list = await t.api('GET', '/v1/listings?status=settled', { key: F2.apiKey });
    assert.equal(list.status, 200);
    assert.ok(list.body.items.some((l: { listingId: string; collected: string }) => l.listingId === id && l.collected === '1000000'));
  });

  test('a listing that misses its deadline refunds; funding after the deadline is refused', async () => {
    const due = isoDate((await chainTime(t)) + 90 * DAY);
    const claimId = await payable('INV-L2', '500000', due, consortiumId);
    const id = listingId('failed');
    const deadline = new Date(((await chainTime(t)) + 2 * DAY) * 1000).toISOString();
    await postConfirmed(t, '/v1/listings', { key: S.apiKey, body: { listingId: id, claimId, units: '500000', price: '480000', deadline } });
    await listed(id, 'open');
    await postConfirmed(t, `/v1/listings/${id}/fund`, { key: F1.apiKey, body: { amount: '100000' } });
    const before = await xtBalance(t, F1);
    await setChainTime(t, (await chainTime(t)) + 3 * DAY);
    assertError(await post(t, `/v1/listings/${id}/fund`, { key: F2.apiKey, body: { amount: '1' } }), 422, 'ListingDeadlinePassed', 'listingId');
    await postConfirmed(t, `/v1/listings/${id}/refund`, { key: F2.apiKey, body: { investor: F1.address } });
    await listed(id, 'failed');
    assert.equal(await xtBalance(t, F1), before + 100_000n);
  });
});
