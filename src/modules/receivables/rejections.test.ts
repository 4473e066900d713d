/**
 * End-to-end: every receivables rule, refused twice. First at the API, before anything is sent (status and
 * error code, checked against chain state); then by the contract itself, with the same call stored straight in
 * the outbox (bypassing the API's checks): the command fails with the decoded Solidity error.
 *
 * Claims used: A, 50 000 000 owed by core C to supplier S1 (late rate 500 bps, depth 5, due in ~60 days);
 * H, 1 000 000 with transfer depth 1, already passed on once (S1 → S2).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { keccak256, toHex, type Address, type Hex } from 'viem';
import { at, suite } from '../../../test/support/contracts.ts';
import { onboard, startTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { assertError, post, postConfirmed } from '../../../test/support/e2e.ts';
import { chainNow, pinnedToLatestBlock } from '../../chain/reads.ts';
import { xtBalance } from '../currency/chain.ts';
import { indexedTrade } from './commands/trades.ts';
import { assertRevertsOnChain, chainTime, claimBalance, DAY, depositXt, formConsortium, isoDate, midnight, setChainTime, type Member } from '../../../test/support/receivables.ts';

const UNKNOWN_ID = `0x${'ab'.repeat(32)}`;

describe('receivables: each rule refused at the API and on-chain', () => {
  let t: TestPlatform;
  let C: Member, C2: Member, S1: Member, S2: Member, S3: Member, F: Member, B: Member, X: Member;
  let consortiumId: Hex;
  let dueDate: string;
  let tradeA: Hex, A: Hex, H: Hex;
  let docA: Hex;

  const ledgerTerms = async (id: Hex) =>
    t.client.readContract({ address: at(t.deployment, 'ClaimLedger'), abi: suite.ClaimLedger.abi, functionName: 'terms', args: [BigInt(id)] });
  const offer = async (key: string, body: Record<string, unknown>) => (await postConfirmed(t, '/v1/offers', { key, body })).body.offerId as Hex;

  /** A trade submitted by S1 and confirmed by C; returns the trade and claim ids. */
  async function issue(invoiceNumber: string, amount: string, extra: Record<string, unknown> = {}) {
    const submitted = await postConfirmed(t, '/v1/trades', { key: S1.apiKey, body: { obligorMemberId: C.id, consortiumId, invoiceNumber, amount, dueDate, ...extra } });
    const confirmed = await postConfirmed(t, `/v1/trades/${submitted.body.tradeId}/confirm`, { key: C.apiKey });
    return { tradeId: submitted.body.tradeId as Hex, claimId: confirmed.body.claimId as Hex };
  }

  before(async () => {
    t = await startTestPlatform();
    [C, C2, S1, S2, S3, F, B, X] = await Promise.all([
      onboard(t, { name: 'Core Motors', roles: ['core_enterprise'] }),
      onboard(t, { name: 'Other Core Group', roles: ['core_enterprise'] }),
      onboard(t, { name: 'Tier1 Gearboxes', roles: ['supplier'] }),
      onboard(t, { name: 'Tier2 Castings', roles: ['supplier'] }),
      onboard(t, { name: 'Tier3 Foundry Sand', roles: ['supplier'] }),
      onboard(t, { name: 'Factoring Fund', roles: ['funder'] }),
      onboard(t, { name: 'Gateway Bank', roles: ['bank_gateway'] }),
      onboard(t, { name: 'Outsider Trading', roles: ['supplier'] }),
    ]);
    consortiumId = await formConsortium(t, C, [S1, S2, S3, F]);
    await depositXt(t, B, C, 10_000_000n);
    await depositXt(t, B, F, 100_000_000n);
    await postConfirmed(t, '/v1/credit-lines', { body: { obligorMemberId: C.id, limit: '100000000' } });
    dueDate = isoDate((await chainTime(t)) + 60 * DAY);
    docA = keccak256(toHex('invoice INV-A and its delivery note'));
    ({ tradeId: tradeA, claimId: A } = await issue('INV-A', '50000000', { lateRateBps: 500, documentsHash: docA }));
    ({ claimId: H } = await issue('INV-H', '1000000', { maxHops: 1 }));
    await postConfirmed(t, `/v1/claims/${H}/transfers`, { key: S1.apiKey, body: { toMemberId: S2.id, amount: '1000000' } });
  });

  after(async () => {
    await t?.close();
  });

  test('roles: only suppliers submit, only the obligor confirms and pays, only funders post offers, only the operator distributes (403)', async () => {
    const trade = { obligorMemberId: C.id, consortiumId, invoiceNumber: 'INV-ROLE', amount: '1000', dueDate };
    assertError(await post(t, '/v1/trades', { key: C.apiKey, body: trade }), 403, 'forbidden');
    assertError(await post(t, '/v1/trades', { key: F.apiKey, body: trade }), 403, 'forbidden');
    assertError(await post(t, '/v1/payables', { key: S1.apiKey, body: { ...trade, obligorMemberId: undefined, supplierMemberId: S2.id } }), 403, 'forbidden');
    assertError(await post(t, '/v1/credit-lines', { key: S1.apiKey, body: { obligorMemberId: C.id, limit: '1' } }), 403, 'forbidden');
    const pending = await postConfirmed(t, '/v1/trades', { key: S1.apiKey, body: trade });
    for (const who of [S1, S2, C2]) assertError(await post(t, `/v1/trades/${pending.body.tradeId}/confirm`, { key: who.apiKey }), 403, 'forbidden');
    assertError(await post(t, `/v1/trades/${pending.body.tradeId}/reject`, { key: S1.apiKey, body: { reason: 'no' } }), 403, 'forbidden');
    await postConfirmed(t, `/v1/trades/${pending.body.tradeId}/reject`, { key: C.apiKey, body: { reason: 'goods not received' } });
    assertError(await post(t, `/v1/trades/${pending.body.tradeId}/confirm`, { key: C.apiKey }), 409, 'trade_not_pending');
    assertError(await post(t, '/v1/offers', { key: S1.apiKey, body: { obligorMemberId: C.id, rateBps: 500, limit: '1000', expiresAt: '2099-01-01T00:00:00Z' } }), 403, 'forbidden');
    assertError(await post(t, `/v1/claims/${A}/payments`, { key: S1.apiKey, body: { amount: '1' } }), 403, 'forbidden');
    assertError(await post(t, `/v1/claims/${A}/redemptions`, { key: S1.apiKey, body: { holderMemberId: S2.id } }), 403, 'forbidden');
    assertError(await post(t, `/v1/settlements/${A}/distribute`, { key: C.apiKey }), 403, 'forbidden');
  });

  test('unknown ids are 404', async () => {
    assertError(await post(t, `/v1/claims/${UNKNOWN_ID}/transfers`, { key: S1.apiKey, body: { toMemberId: S2.id, amount: '1' } }), 404, 'claim_not_found');
    assertError(await post(t, `/v1/trades/${UNKNOWN_ID}/confirm`, { key: C.apiKey }), 404, 'trade_not_found');
    assertError(await post(t, `/v1/claims/${A}/sales`, { key: S1.apiKey, body: { offerId: UNKNOWN_ID, amount: '1' } }), 404, 'offer_not_found');
    assertError(await post(t, `/v1/quotes/${UNKNOWN_ID}/answers`, { key: F.apiKey, body: { rateBps: 1, expiresAt: '2099-01-01T00:00:00Z' } }), 404, 'quote_not_found');
    assertError(await post(t, `/v1/settlements/${UNKNOWN_ID}/distribute`, {}), 404, 'settlement_not_found');
    const price = await t.api('GET', `/v1/offers/${UNKNOWN_ID}/price?claimId=${A}&amount=1`, { key: S1.apiKey });
    assertError(price, 404, 'offer_not_found');
  });

  test('validation: a due date must be a calendar date after today on the chain’s clock (400 naming the field)', async () => {
    const trade = { obligorMemberId: C.id, consortiumId, invoiceNumber: 'INV-DATE', amount: '1000' };
    const today = isoDate(await chainTime(t));
    for (const due of [today, '2001-01-01', '2031-02-30', '31/12/2031']) {
      assertError(await post(t, '/v1/trades', { key: S1.apiKey, body: { ...trade, dueDate: due } }), 400, 'validation_failed', 'body.dueDate');
    }
    assertError(await post(t, '/v1/trades', { key: S1.apiKey, body: { ...trade, dueDate, dayCount: 'ACT/ACT' } }), 400, 'validation_failed', 'body.dayCount');
    assertError(await post(t, '/v1/trades', { key: S1.apiKey, body: { ...trade, dueDate, amount: '0' } }), 400, 'validation_failed', 'body.amount');
    assertError(await post(t, `/v1/claims/${A}/modifications`, { key: S1.apiKey, body: { amount: '1', dueDate: '2031-02-30' } }), 400, 'validation_failed', 'body.dueDate');
  });

  test('rejects a split larger than the holding', async () => {
    const r = await post(t, `/v1/claims/${A}/transfers`, { key: S1.apiKey, body: { toMemberId: S2.id, amount: '50000001' } });
    assertError(r, 422, 'insufficient_holding', 'amount');
    assert.equal(r.body.error.details.holding, '50000000');
    assertError(await post(t, '/v1/quotes', { key: S1.apiKey, body: { claimId: A, amount: '50000001' } }), 422, 'insufficient_holding');
    await assertRevertsOnChain(t, 'ERC6909InsufficientBalance', { signer: S1.address, contract: 'ClaimLedger', functionName: 'transfer', args: [S2.address, BigInt(A), 50_000_001n] });
    assert.equal(await claimBalance(t, S1, A), 50_000_000n);
  });

  test('rejects a recipient outside the claim’s consortium', async () => {
    assertError(await post(t, `/v1/claims/${A}/transfers`, { key: S1.apiKey, body: { toMemberId: X.id, amount: '1' } }), 422, 'recipient_not_allowed', 'toMemberId');
    assertError(await post(t, `/v1/claims/${A}/transfers`, { key: S1.apiKey, body: { toMemberId: S1.id, amount: '1' } }), 422, 'self_transfer');
    const error = await assertRevertsOnChain(t, 'RecipientNotAllowed', { signer: S1.address, contract: 'ClaimLedger', functionName: 'transfer', args: [X.address, BigInt(A), 1n] });
    assert.equal(String(error.args.recipient).toLowerCase(), X.address);
    assert.equal(await claimBalance(t, X, A), 0n);
  });

  test('rejects issuance beyond the credit line', async () => {
    // 100 000 000 limit; A (50 000 000) and H (1 000 000) use 51 000 000.
    const submitted = await postConfirmed(t, '/v1/trades', { key: S1.apiKey, body: { obligorMemberId: C.id, consortiumId, invoiceNumber: 'INV-BIG', amount: '60000000', dueDate } });
    const r = await post(t, `/v1/trades/${submitted.body.tradeId}/confirm`, { key: C.apiKey });
    assertError(r, 422, 'credit_line_exceeded', 'amount');
    assert.deepEqual({ available: r.body.error.details.available, used: r.body.error.details.used }, { available: '49000000', used: '51000000' });
    assertError(
      await post(t, '/v1/payables', { key: C.apiKey, body: { supplierMemberId: S1.id, consortiumId, invoiceNumber: 'PAY-BIG', amount: '49000001', dueDate } }),
      422,
      'credit_line_exceeded',
    );
    // The contract keeps only the trade's commitment: the call passes the trade back, from the indexed event.
    const big = (await indexedTrade(t.db, submitted.body.tradeId))!;
    const error = await assertRevertsOnChain(t, 'CreditLineExceeded', { signer: C.address, contract: 'Receivables', functionName: 'confirmTrade', args: [submitted.body.tradeId, big] });
    assert.deepEqual({ limit: error.args.limit, used: error.args.used, requested: error.args.requested }, { limit: '100000000', used: '51000000', requested: '60000000' });
  });

  test('rejects a confirmation or rejection that passes back another trade than the one submitted', async () => {
    const submitted = await postConfirmed(t, '/v1/trades', { key: S1.apiKey, body: { obligorMemberId: C.id, consortiumId, invoiceNumber: 'INV-SWAP', amount: '1000', dueDate } });
    const tradeId = submitted.body.tradeId as Hex;
    const trade = (await indexedTrade(t.db, tradeId))!;
    assert.equal(trade.amount, 1000n);
    for (const changed of [{ amount: 999_999n }, { lateRateBps: 1 }, { maxHops: 9 }, { dayCount: 1 }, { supplier: S2.address as Address }, { dueDate: trade.dueDate + DAY }]) {
      const confirm = await assertRevertsOnChain(t, 'TradeMismatch', { signer: C.address, contract: 'Receivables', functionName: 'confirmTrade', args: [tradeId, { ...trade, ...changed }] });
      assert.equal(confirm.args.tradeId, tradeId);
    }
    await assertRevertsOnChain(t, 'TradeMismatch', { signer: C.address, contract: 'Receivables', functionName: 'rejectTrade', args: [tradeId, { ...trade, invoiceKey: keccak256(toHex('x')) }, keccak256(toHex('no'))] });
    // The genuine trade from someone else than its obligor is still refused as before.
    await assertRevertsOnChain(t, 'NotTradeObligor', { signer: C2.address, contract: 'Receivables', functionName: 'confirmTrade', args: [tradeId, trade] });
    // Unknown and already decided trades are not pending, whatever is passed.
    await assertRevertsOnChain(t, 'TradeNotPending', { signer: C.address, contract: 'Receivables', functionName: 'confirmTrade', args: [UNKNOWN_ID, trade] });
    const record = await t.client.readContract({ address: at(t.deployment, 'Receivables'), abi: suite.Receivables.abi, functionName: 'trade', args: [tradeId] });
    assert.equal(record.status, 1);
    // The API takes the trade's fields from the read model: a trade on-chain but not indexed (yet) is a clear 422.
    await t.db.query('UPDATE trades SET consortium_id = NULL WHERE trade_id = $1', [tradeId]);
    assertError(await post(t, `/v1/trades/${tradeId}/confirm`, { key: C.apiKey }), 422, 'trade_pending');
    assertError(await post(t, `/v1/trades/${tradeId}/reject`, { key: C.apiKey, body: {} }), 422, 'trade_pending');
    await t.db.query('UPDATE trades SET consortium_id = $2 WHERE trade_id = $1', [tradeId, trade.consortiumId]);
    await postConfirmed(t, `/v1/trades/${tradeId}/reject`, { key: C.apiKey, body: { reason: 'wrong goods' } });
    const rejected = await t.client.readContract({ address: at(t.deployment, 'Receivables'), abi: suite.Receivables.abi, functionName: 'trade', args: [tradeId] });
    assert.deepEqual(rejected, { status: 3, hash: record.hash });
    await assertRevertsOnChain(t, 'TradeNotPending', { signer: C.address, contract: 'Receivables', functionName: 'confirmTrade', args: [tradeId, trade] });
  });

  test('rejects the same invoice twice (same supplier and number) and the same documents twice', async () => {
    const again = { obligorMemberId: C.id, consortiumId, invoiceNumber: 'INV-A', amount: '1000', dueDate };
    assertError(await post(t, '/v1/trades', { key: S1.apiKey, body: again }), 409, 'invoice_used', 'invoiceNumber');
    assertError(await post(t, '/v1/trades', { key: S1.apiKey, body: { ...again, invoiceNumber: '  INV-A ' } }), 409, 'invoice_used', 'invoiceNumber');
    assertError(await post(t, '/v1/payables', { key: C.apiKey, body: { ...again, obligorMemberId: undefined, supplierMemberId: S1.id } }), 409, 'invoice_used');
    assertError(await post(t, '/v1/trades', { key: S1.apiKey, body: { ...again, invoiceNumber: 'INV-A-BIS', documentsHash: docA } }), 409, 'invoice_used', 'documentsHash');
    // Another supplier's invoice with the same number is another invoice.
    await postConfirmed(t, '/v1/trades', { key: S2.apiKey, body: again });

    // Twice in a row, before the first is mined: the outbox knows what the chain does not yet.
    const first = await t.api('POST', '/v1/trades', { key: S3.apiKey, body: { ...again, invoiceNumber: 'INV-RACE' }, idempotencyKey: 'race-1' });
    assert.equal(first.status, 202);
    assertError(await t.api('POST', '/v1/trades', { key: S3.apiKey, body: { ...again, invoiceNumber: 'INV-RACE' }, idempotencyKey: 'race-2' }), 409, 'invoice_used');
    await t.settle(first.body.commands);
    // The outbox check reads the trade's invoice key from the stored call arguments.
    const { rows } = await t.db.query<{ key: string }>(`SELECT args->1->>'invoiceKey' AS key FROM commands WHERE id = $1`, [first.body.commands[0].id]);
    assert.equal(rows[0]?.key.toLowerCase(), first.body.invoiceKey);

    const copy = (await indexedTrade(t.db, tradeA))!;
    const freshId = () => keccak256(toHex(`trade-${Math.random()}`));
    const invoice = await assertRevertsOnChain(t, 'InvoiceAlreadyUsed', { signer: S1.address, contract: 'Receivables', functionName: 'submitTrade', args: [freshId(), { ...copy, documentsHash: `0x${'0'.repeat(64)}` }] });
    assert.equal(invoice.args.invoiceKey, copy.invoiceKey);
    const documents = await assertRevertsOnChain(t, 'DocumentAlreadyUsed', {
      signer: S1.address,
      contract: 'Receivables',
      functionName: 'submitTrade',
      args: [freshId(), { ...copy, invoiceKey: keccak256(toHex('another invoice')) }],
    });
    assert.equal(documents.args.documentsHash, docA);
  });

  test('rejects a modification that widens the terms, naming the field', async () => {
    const terms = await ledgerTerms(A);
    const earlier = isoDate(midnight(dueDate) - DAY);
    for (const [body, field] of [
      [{ dueDate: earlier }, 'dueDate'],
      [{ lateRateBps: 501 }, 'lateRateBps'],
      [{ maxHops: 6 }, 'maxHops'],
    ] as const) {
      assertError(await post(t, `/v1/claims/${A}/modifications`, { key: S1.apiKey, body: { amount: '1', ...body } }), 422, 'modify_widens_terms', field);
    }
    for (const [narrower, field] of [
      [{ dueDate: midnight(earlier) }, 'dueDate'],
      [{ lateRateBps: 501 }, 'lateRateBps'],
      [{ maxHops: 6 }, 'maxHops'],
    ] as const) {
      const error = await assertRevertsOnChain(t, 'ModifyWidensTerms', { signer: S1.address, contract: 'ClaimLedger', functionName: 'modify', args: [BigInt(A), 1n, { ...terms, ...narrower }] });
      assert.equal(error.args.field, field);
    }
    assert.equal(await claimBalance(t, S1, A), 50_000_000n);
  });

  test('rejects a transfer beyond the transfer depth', async () => {
    assertError(await post(t, `/v1/claims/${H}/transfers`, { key: S2.apiKey, body: { toMemberId: S3.id, amount: '1' } }), 422, 'transfer_depth_exhausted');
    const standing = await offer(F.apiKey, { obligorMemberId: C.id, rateBps: 500, limit: '1000000', expiresAt: '2099-01-01T00:00:00Z' });
    assertError(await post(t, `/v1/claims/${H}/sales`, { key: S2.apiKey, body: { offerId: standing, amount: '1000' } }), 422, 'transfer_depth_exhausted');
    const error = await assertRevertsOnChain(t, 'TransferDepthExhausted', { signer: S2.address, contract: 'ClaimLedger', functionName: 'transfer', args: [S3.address, BigInt(H), 1n] });
    assert.equal(error.args.maxHops, 1);
  });

  test('rejects a sale against an offer for another obligor', async () => {
    const other = await offer(F.apiKey, { obligorMemberId: C2.id, rateBps: 500, limit: '1000000', expiresAt: '2099-01-01T00:00:00Z' });
    assertError(await post(t, `/v1/claims/${A}/sales`, { key: S1.apiKey, body: { offerId: other, amount: '1000' } }), 422, 'offer_obligor_mismatch', 'offerId');
    assertError(await t.api('GET', `/v1/offers/${other}/price?claimId=${A}&amount=1000`, { key: S1.apiKey }), 422, 'offer_obligor_mismatch');
    await assertRevertsOnChain(t, 'OfferObligorMismatch', { signer: S1.address, contract: 'ClaimMarket', functionName: 'sell', args: [other, BigInt(A), 1000n, 0n] });
  });

  test('rejects an over-payment', async () => {
    const r = await post(t, `/v1/claims/${A}/payments`, { key: C.apiKey, body: { amount: '50000001' } });
    assertError(r, 422, 'over_payment', 'amount');
    assert.deepEqual([r.body.error.details.outstanding, r.body.error.details.principal, r.body.error.details.interest], ['50000000', '50000000', '0']);
    const error = await assertRevertsOnChain(t, 'OverPayment', { signer: C.address, contract: 'Receivables', functionName: 'pay', args: [BigInt(A), 50_000_001n] });
    assert.deepEqual([error.args.principal, error.args.interest, error.args.offered], ['50000000', '0', '50000001']);
  });

  test('rejects a redemption before the due date', async () => {
    await postConfirmed(t, `/v1/claims/${A}/payments`, { key: C.apiKey, body: { amount: '1000000' } });
    assertError(await post(t, `/v1/claims/${A}/redemptions`, { key: S1.apiKey }), 422, 'not_redeemable_yet');
    assertError(await post(t, `/v1/settlements/${A}/distribute`, {}), 422, 'not_redeemable_yet');
    await assertRevertsOnChain(t, 'NotRedeemableYet', { signer: S1.address, contract: 'Receivables', functionName: 'redeem', args: [BigInt(A), S1.address] });
  });

  test('rejects a sale against an expired or cancelled offer', async () => {
    const now = await chainTime(t);
    const shortLived = await offer(F.apiKey, { obligorMemberId: C.id, rateBps: 500, limit: '1000000', expiresAt: new Date((now + 3600) * 1000).toISOString() });
    const cancelled = await offer(F.apiKey, { obligorMemberId: C.id, rateBps: 500, limit: '1000000', expiresAt: '2099-01-01T00:00:00Z' });
    assertError(await post(t, `/v1/offers/${cancelled}/cancel`, { key: S1.apiKey }), 403, 'forbidden');
    await postConfirmed(t, `/v1/offers/${cancelled}/cancel`, { key: F.apiKey });
    assertError(await post(t, `/v1/offers/${cancelled}/cancel`, { key: F.apiKey }), 409, 'offer_closed');
    assertError(await post(t, `/v1/claims/${A}/sales`, { key: S1.apiKey, body: { offerId: cancelled, amount: '1000' } }), 422, 'offer_exhausted');

    await setChainTime(t, now + 2 * 3600);
    assertError(await post(t, `/v1/claims/${A}/sales`, { key: S1.apiKey, body: { offerId: shortLived, amount: '1000' } }), 422, 'offer_expired', 'offerId');
    const price = await t.api('GET', `/v1/offers/${shortLived}/price?claimId=${A}&amount=1000`, { key: S1.apiKey });
    assert.equal(price.body.expired, true);
    await assertRevertsOnChain(t, 'OfferExpired', { signer: S1.address, contract: 'ClaimMarket', functionName: 'sell', args: [shortLived, BigInt(A), 1000n, 0n] });
    assert.equal(await claimBalance(t, S1, A), 50_000_000n);
  });

  test('rejects a transfer (and a modification or sale) after maturity', async () => {
    const standing = await offer(F.apiKey, { obligorMemberId: C.id, rateBps: 500, limit: '1000000', expiresAt: '2099-01-01T00:00:00Z' });
    await setChainTime(t, midnight(dueDate) + 3600);
    assertError(await post(t, `/v1/claims/${A}/transfers`, { key: S1.apiKey, body: { toMemberId: S2.id, amount: '1' } }), 422, 'claim_matured');
    assertError(await post(t, `/v1/claims/${A}/modifications`, { key: S1.apiKey, body: { amount: '1', maxHops: 1 } }), 422, 'claim_matured');
    assertError(await post(t, `/v1/claims/${A}/sales`, { key: S1.apiKey, body: { offerId: standing, amount: '1000' } }), 422, 'claim_matured');
    const error = await assertRevertsOnChain(t, 'ClaimMatured', { signer: S1.address, contract: 'ClaimLedger', functionName: 'transfer', args: [S2.address, BigInt(A), 1n] });
    assert.equal(error.args.dueDate, midnight(dueDate));
    // Matured, the holding redeems what was paid so far (1 000 000 of 50 000 000): all of it to S1.
    const redeemed = await postConfirmed(t, `/v1/claims/${A}/redemptions`, { key: S1.apiKey });
    assert.equal(redeemed.body.payout, '1000000');
    assert.equal(await claimBalance(t, S1, A), 50_000_000n, 'units are burned only once fully paid');
    assert.ok((await t.client.readContract({ address: at(t.deployment, 'Receivables'), abi: suite.Receivables.abi, functionName: 'redeemable', args: [BigInt(A), S1.address as Address] })) === 0n);
  });

  test('a core enterprise issues a payable directly: the claim is minted at once, under the id answered at once', async () => {
    const due = isoDate((await chainTime(t)) + 30 * DAY);
    const r = await postConfirmed(t, '/v1/payables', { key: C.apiKey, body: { supplierMemberId: S3.id, consortiumId, invoiceNumber: 'S3-INV-9', amount: '1000', dueDate: due } });
    assert.deepEqual(r.body.terms, { dueDate: due, lateRateBps: 0, maxHops: 5, dayCount: 'ACT/360' });
    assert.equal(await claimBalance(t, S3, r.body.claimId), 1000n);
    assertError(await post(t, '/v1/trades', { key: S3.apiKey, body: { obligorMemberId: C.id, consortiumId, invoiceNumber: 'S3-INV-9', amount: '1000', dueDate: due } }), 409, 'invoice_used');
  });

  test('pre-checks read one block: what is mined after the pin is not seen, so a check never mixes two states', async () => {
    const pinned = await pinnedToLatestBlock(t.ctx);
    const before = await xtBalance(pinned, X.address);
    const pinnedNow = await chainNow(pinned);
    await depositXt(t, B, X, 1234n);
    assert.equal(await xtBalance(pinned, X.address), before, 'the pinned read still sees the block it was pinned to');
    assert.equal(await xtBalance(t.ctx, X.address), before + 1234n);
    assert.equal(await chainNow(pinned), pinnedNow);
  });
});
