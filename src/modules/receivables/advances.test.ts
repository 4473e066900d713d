/**
 * Advance financing end to end (seed 002, Algorithm 1; issue 11 item 3): a core enterprise issues CTs against a
 * confirmed purchase order to the manufacturer, which pays its own supplier with part and sells part to a funder;
 * delivery and invoicing close the order, and the invoice then backs no other claim. Channel financing goes to a
 * distributor at the sale. Each rejection at the API and, with the call sent straight to the chain, by the contract.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Hex } from 'viem';
import { onboard, startTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { assertError, post, postConfirmed } from '../../../test/support/e2e.ts';
import { assertRevertsOnChain, chainTime, claimBalance, depositXt, formConsortium, isoDate, xtBalance, type Member } from '../../../test/support/receivables.ts';
import { invoiceKeyOf, orderKeyOf } from './chain.ts';

const DELIVERY = `0x${'de'.repeat(32)}` as Hex;

describe('advance financing: purchase orders and channel sales', () => {
  let t: TestPlatform;
  let C: Member, M: Member, S2: Member, D: Member, F: Member, B: Member;
  let consortiumId: Hex;
  let dueDate: string;
  let po: { claimId: Hex; tradeId: Hex; orderKey: Hex };
  const body = () => ({ kind: 'purchase_order', recipientMemberId: M.id, consortiumId, orderNumber: 'PO-2026-001', amount: '1000000', dueDate });

  before(async () => {
    t = await startTestPlatform();
    [C, M, S2, D, F, B] = await Promise.all([
      onboard(t, { name: 'Core Appliances', roles: ['core_enterprise'] }),
      onboard(t, { name: 'Motor Works', roles: ['supplier'] }),
      onboard(t, { name: 'Copper Wire Co', roles: ['supplier'] }),
      onboard(t, { name: 'Channel Distributor', roles: ['distributor'] }),
      onboard(t, { name: 'Order Funder', roles: ['funder'] }),
      onboard(t, { name: 'Gateway Bank', roles: ['bank_gateway'] }),
    ]);
    consortiumId = await formConsortium(t, C, [M, S2, D, F]);
    await depositXt(t, B, F, 5_000_000n);
    await postConfirmed(t, '/v1/credit-lines', { key: F.apiKey, body: { obligorMemberId: C.id, limit: '5000000' } });
    dueDate = isoDate((await chainTime(t)) + 90 * 86_400);
    const r = await postConfirmed(t, '/v1/advances', { key: C.apiKey, body: body() });
    po = r.body;
  });

  after(async () => {
    await t?.close();
  });

  test('a purchase order backs CTs issued to the manufacturer before delivery', async () => {
    assert.equal(po.orderKey, orderKeyOf(M.address as Hex, 'PO-2026-001'));
    assert.equal(await claimBalance(t, M, po.claimId), 1_000_000n);
    const list = (await t.api('GET', '/v1/advances', { key: M.apiKey })).body.items;
    assert.deepEqual(
      list.map((a: { claimId: string; kind: string; orderNumber: string; status: string; amount: string; recipient: { memberId: string } }) => [a.claimId, a.kind, a.orderNumber, a.status, a.amount, a.recipient.memberId]),
      [[po.claimId, 'purchase_order', 'PO-2026-001', 'open', '1000000', M.id]],
    );
    assert.equal((await t.api('GET', '/v1/advances', { key: S2.apiKey })).body.items.length, 0, 'a member not party to the order does not see it');
  });

  test('rejects a second set of CTs on the same order (one live set per order, ever)', async () => {
    assertError(await post(t, '/v1/advances', { key: C.apiKey, body: { ...body(), orderNumber: ' PO-2026-001 ' } }), 409, 'order_used', 'orderNumber');
    const trade = { supplier: M.address, obligor: C.address, amount: 1n, dueDate: Date.parse(`${dueDate}T00:00:00Z`) / 1000, lateRateBps: 0, maxHops: 5, dayCount: 0, consortiumId, invoiceKey: po.orderKey, documentsHash: `0x${'0'.repeat(64)}` };
    await assertRevertsOnChain(t, 'InvoiceAlreadyUsed', { signer: C.address, contract: 'Receivables', functionName: 'issueAdvance', args: [`0x${'a1'.repeat(32)}`, trade, 0] });
  });

  test('rejects an advance to a member without the role its kind needs, and from a member that is not its obligor', async () => {
    assertError(await post(t, '/v1/advances', { key: C.apiKey, body: { ...body(), kind: 'channel', orderNumber: 'SO-1' } }), 422, 'AdvanceRecipientRole', 'recipientMemberId');
    assertError(await post(t, '/v1/advances', { key: C.apiKey, body: { ...body(), recipientMemberId: D.id, orderNumber: 'PO-2' } }), 422, 'AdvanceRecipientRole', 'recipientMemberId');
    assertError(await post(t, '/v1/advances', { key: M.apiKey, body: { ...body(), orderNumber: 'PO-3' } }), 403, 'forbidden');
    const trade = { supplier: M.address, obligor: C.address, amount: 1n, dueDate: Date.parse(`${dueDate}T00:00:00Z`) / 1000, lateRateBps: 0, maxHops: 5, dayCount: 0, consortiumId, invoiceKey: `0x${'b2'.repeat(32)}`, documentsHash: `0x${'0'.repeat(64)}` };
    const wrong = await assertRevertsOnChain(t, 'AdvanceRecipientRole', { signer: C.address, contract: 'Receivables', functionName: 'issueAdvance', args: [`0x${'a2'.repeat(32)}`, trade, 1] });
    assert.equal(String(wrong.args.recipient).toLowerCase(), M.address);
    await assertRevertsOnChain(t, 'NotTradeObligor', { signer: M.address, contract: 'Receivables', functionName: 'issueAdvance', args: [`0x${'a3'.repeat(32)}`, trade, 0] });
  });

  test('the manufacturer pays its own supplier with part and sells part to a funder', async () => {
    await postConfirmed(t, `/v1/claims/${po.claimId}/transfers`, { key: M.apiKey, body: { toMemberId: S2.id, amount: '300000' } });
    const offer = await postConfirmed(t, '/v1/offers', { key: F.apiKey, body: { obligorMemberId: C.id, rateBps: 500, limit: '400000', expiresAt: new Date(((await chainTime(t)) + 30 * 86_400) * 1000).toISOString() } });
    const before = await xtBalance(t, M);
    const sale = await postConfirmed(t, `/v1/claims/${po.claimId}/sales`, { key: M.apiKey, body: { offerId: offer.body.offerId, amount: '200000' } });
    assert.equal((await xtBalance(t, M)) - before, BigInt(sale.body.price));
    assert.deepEqual([await claimBalance(t, M, po.claimId), await claimBalance(t, S2, po.claimId), await claimBalance(t, F, po.claimId)], [500_000n, 300_000n, 200_000n]);
  });

  test('rejects closing the order by anyone but its obligor, with a zero delivery hash, or on a claim that is no advance', async () => {
    assertError(await post(t, `/v1/advances/${po.claimId}/close`, { key: M.apiKey, body: { invoiceNumber: 'INV-77', deliveryHash: DELIVERY } }), 403, 'forbidden');
    assertError(await post(t, `/v1/advances/${po.claimId}/close`, { key: C.apiKey, body: { invoiceNumber: 'INV-77', deliveryHash: `0x${'0'.repeat(64)}` } }), 400, 'validation_failed', 'body.deliveryHash');
    await assertRevertsOnChain(t, 'NotObligor', { signer: M.address, contract: 'Receivables', functionName: 'closeOrder', args: [BigInt(po.claimId), invoiceKeyOf(M.address as Hex, 'INV-77'), DELIVERY] });
    await assertRevertsOnChain(t, 'OrderCloseInvalid', { signer: C.address, contract: 'Receivables', functionName: 'closeOrder', args: [BigInt(po.claimId), invoiceKeyOf(M.address as Hex, 'INV-77'), `0x${'0'.repeat(64)}`] });
    const payable = await postConfirmed(t, '/v1/payables', { key: C.apiKey, body: { supplierMemberId: M.id, consortiumId, invoiceNumber: 'INV-PLAIN', amount: '1000', dueDate } });
    assertError(await post(t, `/v1/advances/${payable.body.claimId}/close`, { key: C.apiKey, body: { invoiceNumber: 'INV-78', deliveryHash: DELIVERY } }), 422, 'NotAdvance', 'claimId');
    await assertRevertsOnChain(t, 'NotAdvance', { signer: C.address, contract: 'Receivables', functionName: 'closeOrder', args: [BigInt(payable.body.claimId), invoiceKeyOf(M.address as Hex, 'INV-78'), DELIVERY] });
  });

  test('delivery and invoicing close the order; the invoice then backs no other claim, and the order closes once', async () => {
    const closed = await postConfirmed(t, `/v1/advances/${po.claimId}/close`, { key: C.apiKey, body: { invoiceNumber: 'INV-77', deliveryHash: DELIVERY } });
    assert.equal(closed.body.invoiceKey, invoiceKeyOf(M.address as Hex, 'INV-77'));
    const a = (await t.api('GET', '/v1/advances', { key: F.apiKey })).body.items.find((x: { claimId: string }) => x.claimId === po.claimId);
    assert.deepEqual([a.status, a.invoiceKey, a.deliveryHash], ['closed', closed.body.invoiceKey, DELIVERY]);
    assertError(await post(t, '/v1/trades', { key: M.apiKey, body: { obligorMemberId: C.id, consortiumId, invoiceNumber: 'INV-77', amount: '1000000', dueDate } }), 409, 'invoice_used', 'invoiceNumber');
    assertError(await post(t, `/v1/advances/${po.claimId}/close`, { key: C.apiKey, body: { invoiceNumber: 'INV-79', deliveryHash: DELIVERY } }), 409, 'OrderAlreadyClosed', 'claimId');
    await assertRevertsOnChain(t, 'OrderAlreadyClosed', { signer: C.address, contract: 'Receivables', functionName: 'closeOrder', args: [BigInt(po.claimId), invoiceKeyOf(M.address as Hex, 'INV-79'), DELIVERY] });
  });

  test('channel financing: CTs to a distributor at the sale, closed by the core enterprise’s own invoice', async () => {
    const r = await postConfirmed(t, '/v1/advances', { key: C.apiKey, body: { ...body(), kind: 'channel', recipientMemberId: D.id, orderNumber: 'SO-2026-007', amount: '250000' } });
    assert.equal(r.body.kind, 'channel');
    assert.equal(await claimBalance(t, D, r.body.claimId), 250_000n);
    const closed = await postConfirmed(t, `/v1/advances/${r.body.claimId}/close`, { key: C.apiKey, body: { invoiceNumber: 'CORE-INV-9', deliveryHash: DELIVERY } });
    assert.equal(closed.body.invoiceKey, invoiceKeyOf(C.address as Hex, 'CORE-INV-9'));
    const items = (await t.api('GET', '/v1/advances', { key: D.apiKey })).body.items;
    assert.deepEqual(items.map((a: { kind: string; status: string }) => [a.kind, a.status]), [['channel', 'closed']]);
  });
});
