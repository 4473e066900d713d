/**
 * End-to-end: late interest collected on-chain, and guarantors of credit lines, through the HTTP API against a
 * real chain (docs/adr/007-late-interest-and-guarantees.md).
 *
 * Hand-worked case (claim A). Core enterprise C owes tier-1 supplier S1 1,000,000.00 XT (100 000 000 minor units),
 * late rate 1200 bps a year, ACT/360, due 2030-03-01; S1 passes 300,000.00 on to S2 before the due date. C pays
 * late, in two parts; late interest is simple interest on the unpaid principal for the actual days after the due
 * date (the due day itself is on time), accrued at each payment, floored once on the exact total (the fraction is
 * carried):
 *
 *   day 10 (2030-03-11T12:00Z, 10 days after the due date):
 *     interest = 100 000 000 × 1200 × 10 / (10 000 × 360) = 1 200 000 000 000 / 3 600 000 = 333 333.33…
 *              → 333 333 accrued, carry 1 200 000 (a third of a minor unit)
 *     C pays 40 333 333: interest first (333 333), then principal 40 000 000 → 60 000 000 principal left.
 *   day 20: the read side (and Receivables.owed) shows 60 000 000 × 1200 × 10 + 1 200 000 = 720 001 200 000
 *     → 200 000 accrued so far since day 10.
 *   day 30 (2030-03-31T12:00Z → 30 days):
 *     interest = (60 000 000 × 1200 × 20 + 1 200 000) / 3 600 000 = 1 440 001 200 000 / 3 600 000 = 400 000.33…
 *              → 400 000, carry 1 200 000
 *     owed = 60 000 000 + 400 000 = 60 400 000; one more unit is an over-payment. C pays 60 400 000.
 *   Paid in: 40 333 333 + 60 400 000 = 100 733 333, of which interest 733 333 (exactly 733 333.33: the one floor).
 *   The credit line is restored by the principal only: used 100 000 000 → 60 000 000 → 0.
 *   Holders share everything paid in pro rata by units, floor(units × 100 733 333 / 100 000 000):
 *     S1 (70 000 000): 70 513 333 — of which 28 233 333 = floor(70 000 000 × 40 333 333 / 100 000 000) pulled
 *                      after the first payment, and 42 280 000 after the second;
 *     S2 (30 000 000): 30 219 999 (30 219 999.9 floored);
 *     residue 100 733 333 − 70 513 333 − 30 219 999 = 1, left in the settlement as paid − distributed.
 *
 * Guarantee (claim B). Funder F grants C's credit line and names guarantor G; G accepts on-chain; C issues
 * claim B (100,000.00 XT = 10 000 000 minor units, 1000 bps, ACT/365F) to S2 under the guarantee. Five days
 * after its due date G reads B's overdue days and late interest (10 000 000 × 1000 × 5 / 3 650 000 = 13 698.6 →
 * 13 698) like the holders and the regulator do, an unrelated member cannot; G pays 10 013 698 on C's behalf.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Address, Hex } from 'viem';
import { at, suite } from '../../../test/support/contracts.ts';
import { onboard, startTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { assertError, post, postConfirmed } from '../../../test/support/e2e.ts';
import { assertRevertsOnChain, claimBalance, depositXt, formConsortium, midnight, setChainTime, xtBalance, type Member } from '../../../test/support/receivables.ts';

const T0 = Date.UTC(2030, 0, 1, 12) / 1000;
const DUE_A = '2030-03-01';
const DUE_B = '2030-05-01';
const FACE_A = 100_000_000n;
const FACE_B = 10_000_000n;
const ZERO_ADDRESS = '0x0000000000000000000000000000000000000000';

describe('receivables: late interest collected on-chain, and guarantors', () => {
  let t: TestPlatform;
  let C: Member, S1: Member, S2: Member, F: Member, G: Member, G2: Member, O: Member, R: Member, B: Member;
  let consortiumId: Hex;
  let A: Hex;
  let claimB: Hex;

  const events = (command: { result: { events: Array<{ event: string; args: Record<string, unknown> }> } }, name: string) =>
    command.result.events.filter((e) => e.event === name).map((e) => e.args);
  const receivables = () => ({ address: at(t.deployment, 'Receivables'), abi: suite.Receivables.abi }) as const;
  const day = (date: string, n: number) => midnight(date) + n * 86_400 + 12 * 3600; // noon, n days after the due date
  /** The chain's Receivables.owed at the latest block, and the API's claim view at the same instant. */
  const owedBoth = async (claimId: Hex, key: string) => {
    const latest = await t.client.getBlock({ blockTag: 'latest' });
    const [principal, interest] = await t.client.readContract({ ...receivables(), functionName: 'owed', args: [BigInt(claimId)], blockNumber: latest.number });
    const view = await t.api('GET', `/v1/claims/${claimId}`, { key });
    assert.equal(view.status, 200, JSON.stringify(view.body));
    assert.equal(Date.parse(view.body.settlement.asOf), Number(latest.timestamp) * 1000, 'the API judges at the latest block’s time');
    return { chain: { principal, interest }, api: view.body };
  };

  before(async () => {
    t = await startTestPlatform();
    [C, S1, S2, F, G, G2, O, R, B] = await Promise.all([
      onboard(t, { name: 'Core Appliances', roles: ['core_enterprise'] }),
      onboard(t, { name: 'Tier1 Motors', roles: ['supplier'] }),
      onboard(t, { name: 'Tier2 Windings', roles: ['supplier'] }),
      onboard(t, { name: 'Line Funder', roles: ['funder'] }),
      onboard(t, { name: 'Surety Guarantee Co', roles: ['guarantor'] }),
      onboard(t, { name: 'Not A Guarantor', roles: ['supplier'] }),
      onboard(t, { name: 'Unrelated Works', roles: ['supplier'] }),
      onboard(t, { name: 'Credit Regulator', roles: ['regulator'] }),
      onboard(t, { name: 'Gateway Bank', roles: ['bank_gateway'] }),
    ]);
    await setChainTime(t, T0);
    consortiumId = await formConsortium(t, C, [S1, S2, O], 'Core Appliances supply chain');
    await depositXt(t, B, C, 200_000_000n);
    await depositXt(t, B, G, 20_000_000n);
    // The funder grants the line, so it manages it (with the operator).
    await postConfirmed(t, '/v1/credit-lines', { key: F.apiKey, body: { obligorMemberId: C.id, limit: '300000000' } });
  });

  after(async () => {
    await t?.close();
  });

  test('the guarantor role is certifiable and listed; the new routes are in the OpenAPI document', async () => {
    const g = await t.api('GET', `/v1/members/${G.id}`);
    assert.deepEqual(g.body.roles, ['guarantor']);
    const doc = await t.api('GET', '/openapi.json');
    for (const path of ['/v1/credit-lines/{memberId}/guarantee', '/v1/credit-lines/{memberId}/guarantee/accept', '/v1/credit-lines/{memberId}/guarantee/withdraw']) {
      assert.ok(doc.body.paths[path]?.post, `${path} is documented`);
    }
  });

  test('before the due date a payment is all principal, as before', async () => {
    const issued = await postConfirmed(t, '/v1/payables', {
      key: C.apiKey,
      body: { supplierMemberId: S1.id, consortiumId, invoiceNumber: 'LI-A', amount: FACE_A.toString(), dueDate: DUE_A, lateRateBps: 1200, dayCount: 'ACT/360' },
    });
    A = issued.body.claimId;
    assert.deepEqual(events(issued.commands[0], 'ClaimGuaranteed'), [], 'no guarantee on the line yet');
    await postConfirmed(t, `/v1/claims/${A}/transfers`, { key: S1.apiKey, body: { toMemberId: S2.id, amount: '30000000' } });
    const { chain, api } = await owedBoth(A, C.apiKey);
    assert.deepEqual(chain, { principal: FACE_A, interest: 0n });
    assert.deepEqual([api.settlement.outstanding, api.settlement.lateInterest, api.settlement.owed, api.settlement.overdueDays], ['100000000', '0', '100000000', 0]);
  });

  test('day 10: 333 333 of interest accrued; a payment of 40 333 333 settles it first, then 40 000 000 of principal', async () => {
    await setChainTime(t, day(DUE_A, 10) - 60);
    const { chain, api } = await owedBoth(A, S1.apiKey);
    assert.deepEqual(chain, { principal: FACE_A, interest: 333_333n });
    assert.deepEqual([api.settlement.outstanding, api.settlement.lateInterest, api.settlement.owed, api.settlement.overdueDays], ['100000000', '333333', '100333333', 10]);
    // A holder sees it too, as the id's share (here the root holds every unit).
    assert.deepEqual([api.maturity.overdueDays, api.maturity.unpaid, api.maturity.lateInterest], [10, '100000000', '333333']);

    const paid = await postConfirmed(t, `/v1/claims/${A}/payments`, { key: C.apiKey, body: { amount: '40333333' } });
    assert.deepEqual(
      [paid.body.payer, paid.body.interest, paid.body.principal, paid.body.outstanding],
      ['obligor', '333333', '40000000', '60000000'],
    );
    assert.deepEqual(events(paid.commands[0], 'LateInterestAccrued').map((e) => [e.daysLate, e.principal, e.accrued, e.interestDue, e.carry]), [
      [10, '100000000', '333333', '333333', 1_200_000],
    ]);
    assert.deepEqual(events(paid.commands[0], 'SettlementPaid').map((e) => [String(e.payer).toLowerCase(), e.amount, e.interest, e.principal, e.paidTotal]), [
      [C.address, '40333333', '333333', '40000000', '40333333'],
    ]);
    const s = await t.client.readContract({ ...receivables(), functionName: 'settlement', args: [BigInt(A)] });
    assert.deepEqual(s, {
      face: FACE_A, paid: 40_333_333n, distributed: 0n, interestPaid: 333_333n, interestDue: 0n, accruedDays: 10, interestCarry: 1_200_000, guarantor: ZERO_ADDRESS,
    });
    const line = await t.client.readContract({ ...receivables(), functionName: 'creditLine', args: [C.address as Address] });
    assert.equal(line.used, 60_000_000n, 'the credit line is restored by the principal part only');

    // S1 pulls its share of what was paid in so far: floor(70 000 000 × 40 333 333 / 100 000 000) = 28 233 333.
    const pulled = await postConfirmed(t, `/v1/claims/${A}/redemptions`, { key: S1.apiKey });
    assert.equal(pulled.body.payout, '28233333');
    assert.equal(await claimBalance(t, S1, A), 70_000_000n, 'units burn only once the principal is fully paid');
  });

  test('day 20: the read side and Receivables.owed agree on the interest since the checkpoint (200 000)', async () => {
    await setChainTime(t, day(DUE_A, 20));
    const { chain, api } = await owedBoth(A, R.apiKey);
    assert.deepEqual(chain, { principal: 60_000_000n, interest: 200_000n });
    assert.deepEqual([api.settlement.outstanding, api.settlement.lateInterest, api.settlement.overdueDays], [chain.principal.toString(), chain.interest.toString(), 20]);
    assert.deepEqual(api.settlement.accrual, { accruedDays: 10, interestDue: '0', carry: '1200000' });
    const position = await t.api('GET', `/v1/members/${C.id}/position`, { key: C.apiKey });
    assert.deepEqual([position.body.owes.total, position.body.owes.lateInterest], ['60000000', '200000']);
  });

  test('day 30: 400 000 more accrued; one unit more than the 60 400 000 owed is refused, exactly that is accepted', async () => {
    await setChainTime(t, day(DUE_A, 30) - 60);
    const { chain } = await owedBoth(A, C.apiKey);
    assert.deepEqual(chain, { principal: 60_000_000n, interest: 400_000n });

    const over = await post(t, `/v1/claims/${A}/payments`, { key: C.apiKey, body: { amount: '60400001' } });
    assertError(over, 422, 'over_payment', 'amount');
    assert.deepEqual([over.body.error.details.principal, over.body.error.details.interest, over.body.error.details.outstanding], ['60000000', '400000', '60400000']);
    const refused = await assertRevertsOnChain(t, 'OverPayment', { signer: C.address, contract: 'Receivables', functionName: 'pay', args: [BigInt(A), 60_400_001n] });
    assert.deepEqual([refused.args.principal, refused.args.interest, refused.args.offered], ['60000000', '400000', '60400001']);

    const paid = await postConfirmed(t, `/v1/claims/${A}/payments`, { key: C.apiKey, body: { amount: '60400000' } });
    assert.deepEqual([paid.body.interest, paid.body.principal, paid.body.outstanding], ['400000', '60000000', '0']);
    assert.deepEqual(events(paid.commands[0], 'LateInterestAccrued').map((e) => [e.daysLate, e.principal, e.accrued, e.carry]), [[30, '60000000', '400000', 1_200_000]]);
    const s = await t.client.readContract({ ...receivables(), functionName: 'settlement', args: [BigInt(A)] });
    assert.deepEqual([s.paid, s.interestPaid, s.interestDue, s.accruedDays, s.interestCarry], [100_733_333n, 733_333n, 0n, 30, 1_200_000]);
    assert.deepEqual(await t.client.readContract({ ...receivables(), functionName: 'owed', args: [BigInt(A)] }), [0n, 0n]);
    const line = await t.client.readContract({ ...receivables(), functionName: 'creditLine', args: [C.address as Address] });
    assert.equal(line.used, 0n);
    // Fully settled: nothing more accrues, and nothing more may be paid.
    await setChainTime(t, day(DUE_A, 40));
    assert.deepEqual(await t.client.readContract({ ...receivables(), functionName: 'owed', args: [BigInt(A)] }), [0n, 0n]);
    assertError(await post(t, `/v1/claims/${A}/payments`, { key: C.apiKey, body: { amount: '1' } }), 422, 'over_payment', 'amount');
  });

  test('every holder gets exactly its pro-rata share of principal and interest; the residue of the floors stays visible', async () => {
    const pulled = await postConfirmed(t, `/v1/claims/${A}/redemptions`, { key: S1.apiKey });
    assert.equal(pulled.body.payout, '42280000');
    const pushed = await postConfirmed(t, `/v1/settlements/${A}/distribute`, {});
    assert.equal(pushed.body.total, '30219999');
    assert.equal(await xtBalance(t, S1), 70_513_333n);
    assert.equal(await xtBalance(t, S2), 30_219_999n);
    assert.equal(await xtBalance(t, C), 200_000_000n - 100_733_333n);
    const s = await t.client.readContract({ ...receivables(), functionName: 'settlement', args: [BigInt(A)] });
    assert.deepEqual([s.paid, s.distributed], [100_733_333n, 100_733_332n]);
    assert.equal(await xtBalance(t, at(t.deployment, 'Receivables')), 1n, 'the residue of the floors: paid − distributed');
    assert.equal(await claimBalance(t, S1, A), 0n);
    assert.equal(await claimBalance(t, S2, A), 0n);

    const trace = await t.api('GET', `/v1/claims/${A}/trace`, { key: C.apiKey });
    assert.equal(trace.status, 200);
    assert.deepEqual(trace.body.payments.map((p: any) => [p.payerRole, p.amount, p.interest, p.principal]), [
      ['obligor', '40333333', '333333', '40000000'],
      ['obligor', '60400000', '400000', '60000000'],
    ]);
    assert.deepEqual(trace.body.accruals.map((a: any) => [a.daysLate, a.accrued, a.carry]), [[10, '333333', '1200000'], [30, '400000', '1200000']]);
    assert.deepEqual(
      [trace.body.settlement.status, trace.body.settlement.interestPaid, trace.body.settlement.held, trace.body.settlement.owed],
      ['paid', '733333', '1', '0'],
    );
  });

  test('a guarantee: only the line’s manager proposes, only a certified guarantor, and it means nothing until accepted', async () => {
    assertError(await post(t, `/v1/credit-lines/${C.id}/guarantee`, { key: S1.apiKey, body: { guarantorMemberId: G.id } }), 403, 'forbidden');
    await assertRevertsOnChain(t, 'NotLineManager', { signer: S1.address, contract: 'Receivables', functionName: 'proposeGuarantee', args: [C.address, G.address] });
    assertError(await post(t, `/v1/credit-lines/${C.id}/guarantee`, { key: F.apiKey, body: { guarantorMemberId: G2.id } }), 422, 'guarantor_role_required', 'guarantorMemberId');
    await assertRevertsOnChain(t, 'MemberLacksRole', { signer: F.address, contract: 'Receivables', functionName: 'proposeGuarantee', args: [C.address, G2.address] });
    assertError(await post(t, `/v1/credit-lines/${C.id}/guarantee`, { key: F.apiKey, body: { guarantorMemberId: C.id } }), 422, 'guarantor_is_obligor', 'guarantorMemberId');
    assertError(await post(t, `/v1/credit-lines/${C.id}/guarantee`, { key: F.apiKey, body: {} }), 400, 'validation_failed', 'body.guarantorMemberId');
    assertError(await post(t, `/v1/credit-lines/${C.id}/guarantee/accept`, { key: G.apiKey }), 403, 'forbidden');

    const proposed = await postConfirmed(t, `/v1/credit-lines/${C.id}/guarantee`, { key: F.apiKey, body: { guarantorMemberId: G.id } });
    assert.deepEqual({ ...proposed.body, commands: undefined }, { obligorMemberId: C.id, guarantorMemberId: G.id, status: 'proposed', commands: undefined });
    assert.deepEqual(events(proposed.commands[0], 'GuaranteeProposed').map((e) => String(e.guarantor).toLowerCase()), [G.address]);
    const line = await t.api('GET', `/v1/credit-lines/${C.id}`, { key: O.apiKey });
    assert.deepEqual([line.body.guarantee.status, line.body.guarantee.guarantor.memberId, line.body.guarantee.proposedBy.memberId], ['proposed', G.id, F.id]);
    // The list of every line shows the same, so a guarantor finds the proposals to it in one request.
    const all = await t.api('GET', '/v1/credit-lines', { key: G.apiKey });
    assert.equal(all.status, 200);
    assert.deepEqual(all.body.items.find((l: any) => l.obligor.memberId === C.id), line.body);

    // Issued while the guarantee is only proposed: not guaranteed.
    const unguaranteed = await postConfirmed(t, '/v1/payables', {
      key: C.apiKey,
      body: { supplierMemberId: S1.id, consortiumId, invoiceNumber: 'LI-B0', amount: '1000', dueDate: DUE_B },
    });
    assert.deepEqual(events(unguaranteed.commands[0], 'ClaimGuaranteed'), []);

    // Someone else cannot accept it; the proposed guarantor does.
    assertError(await post(t, `/v1/credit-lines/${C.id}/guarantee/accept`, { key: O.apiKey }), 403, 'forbidden');
    await assertRevertsOnChain(t, 'GuaranteeNotProposed', { signer: O.address, contract: 'Receivables', functionName: 'acceptGuarantee', args: [C.address] });
    const accepted = await postConfirmed(t, `/v1/credit-lines/${C.id}/guarantee/accept`, { key: G.apiKey });
    assert.equal(accepted.body.status, 'active');
    const active = await t.client.readContract({ ...receivables(), functionName: 'guarantee', args: [C.address as Address] });
    assert.deepEqual([active.guarantor.toLowerCase(), active.status], [G.address, 2]);
    assertError(await post(t, `/v1/credit-lines/${C.id}/guarantee`, { key: F.apiKey, body: { guarantorMemberId: G.id } }), 409, 'guarantee_already_active');
    await assertRevertsOnChain(t, 'GuaranteeAlreadyActive', { signer: F.address, contract: 'Receivables', functionName: 'proposeGuarantee', args: [C.address, G.address] });
  });

  test('a claim issued under the active guarantee records its guarantor', async () => {
    const issued = await postConfirmed(t, '/v1/payables', {
      key: C.apiKey,
      body: { supplierMemberId: S2.id, consortiumId, invoiceNumber: 'LI-B', amount: FACE_B.toString(), dueDate: DUE_B, lateRateBps: 1000, dayCount: 'ACT/365F' },
    });
    claimB = issued.body.claimId;
    assert.deepEqual(events(issued.commands[0], 'ClaimGuaranteed').map((e) => [e.id, String(e.guarantor).toLowerCase()]), [[BigInt(claimB).toString(), G.address]]);
    const s = await t.client.readContract({ ...receivables(), functionName: 'settlement', args: [BigInt(claimB)] });
    assert.equal(s.guarantor.toLowerCase(), G.address);
    const trace = await t.api('GET', `/v1/claims/${claimB}/trace`, { key: G.apiKey });
    assert.equal(trace.status, 200, JSON.stringify(trace.body));
    assert.equal(trace.body.guarantee.guarantor.memberId, G.id);
    assert.equal(trace.body.partiesHidden, false, 'the guarantor sees every party, like the obligor');
  });

  test('overdue: the guarantor, the holders and the regulator see the overdue days and late interest; an unrelated member does not', async () => {
    await setChainTime(t, day(DUE_B, 5));
    // 10 000 000 × 1000 × 5 / (10 000 × 365) = 13 698.6 → 13 698.
    const { chain } = await owedBoth(claimB, G.apiKey);
    assert.deepEqual(chain, { principal: FACE_B, interest: 13_698n });
    for (const who of [G, S2, R, C]) {
      const r = await t.api('GET', `/v1/claims/${claimB}`, { key: who.apiKey });
      assert.equal(r.status, 200);
      assert.deepEqual(
        [r.body.settlement.overdueDays, r.body.settlement.lateInterest, r.body.maturity.overdueDays, r.body.maturity.lateInterest, r.body.settlement.guarantor.memberId],
        [5, '13698', 5, '13698', G.id],
        `as ${who.id}`,
      );
    }
    const guarantorList = await t.api('GET', '/v1/claims', { key: G.apiKey });
    assert.deepEqual(guarantorList.body.items.map((c: { id: string }) => c.id), [claimB]);
    assert.deepEqual((await t.api('GET', `/v1/claims?guarantor=${G.id}`, { key: R.apiKey })).body.items.map((c: { id: string }) => c.id), [claimB]);
    const position = await t.api('GET', `/v1/members/${G.id}/position`, { key: G.apiKey });
    assert.deepEqual(
      position.body.guarantees.items.map((g: any) => [g.rootId, g.obligor.memberId, g.outstanding, g.lateInterest, g.overdueDays]),
      [[claimB, C.id, '10000000', '13698', 5]],
    );
    assert.deepEqual([position.body.guarantees.total, position.body.guarantees.overdue, position.body.guarantees.lateInterest], ['10000000', '10000000', '13698']);

    // The unrelated member: no payment state, no trace, not in its list.
    const outsider = await t.api('GET', `/v1/claims/${claimB}`, { key: O.apiKey });
    assert.equal(outsider.status, 200);
    assert.deepEqual([outsider.body.settlement, outsider.body.maturity], [null, null]);
    assertError(await t.api('GET', `/v1/claims/${claimB}/trace`, { key: O.apiKey }), 403, 'forbidden');
    assert.deepEqual((await t.api('GET', '/v1/claims', { key: O.apiKey })).body.items, []);
  });

  test('the guarantor pays on the obligor’s behalf (interest first); the obligor’s line is restored; others may not pay', async () => {
    assertError(await post(t, `/v1/claims/${claimB}/payments`, { key: O.apiKey, body: { amount: '1' } }), 403, 'forbidden');
    await assertRevertsOnChain(t, 'NotObligor', { signer: O.address, contract: 'Receivables', functionName: 'pay', args: [BigInt(claimB), 1n] });
    const usedBefore = (await t.client.readContract({ ...receivables(), functionName: 'creditLine', args: [C.address as Address] })).used;

    const paid = await postConfirmed(t, `/v1/claims/${claimB}/payments`, { key: G.apiKey, body: { amount: '10013698' } });
    assert.deepEqual([paid.body.payer, paid.body.interest, paid.body.principal, paid.body.outstanding], ['guarantor', '13698', '10000000', '0']);
    assert.deepEqual(events(paid.commands[0], 'SettlementPaid').map((e) => [String(e.payer).toLowerCase(), e.interest, e.principal]), [[G.address, '13698', '10000000']]);
    assert.equal(await xtBalance(t, G), 20_000_000n - 10_013_698n);
    const usedAfter = (await t.client.readContract({ ...receivables(), functionName: 'creditLine', args: [C.address as Address] })).used;
    assert.equal(usedBefore - usedAfter, FACE_B, "the obligor's line is restored by the principal part");

    const redeemed = await postConfirmed(t, `/v1/claims/${claimB}/redemptions`, { key: S2.apiKey });
    assert.equal(redeemed.body.payout, '10013698');
    const trace = await t.api('GET', `/v1/claims/${claimB}/trace`, { key: R.apiKey });
    assert.deepEqual(trace.body.payments.map((p: any) => [p.payer.memberId, p.payerRole, p.interest, p.principal]), [[G.id, 'guarantor', '13698', '10000000']]);
    const line = await t.api('GET', `/v1/credit-lines/${C.id}`, { key: C.apiKey });
    assert.equal(line.body.used, usedAfter.toString());
  });

  test('withdrawn, the guarantee no longer covers new claims (issued ones keep it); a lapsed guarantor stops issuance', async () => {
    assertError(await post(t, `/v1/credit-lines/${C.id}/guarantee/withdraw`, { key: O.apiKey }), 403, 'forbidden');
    await assertRevertsOnChain(t, 'NotGuaranteeParty', { signer: O.address, contract: 'Receivables', functionName: 'withdrawGuarantee', args: [C.address] });
    const withdrawn = await postConfirmed(t, `/v1/credit-lines/${C.id}/guarantee/withdraw`, { key: G.apiKey });
    assert.deepEqual([withdrawn.body.status, withdrawn.body.wasActive], ['withdrawn', true]);
    assert.equal((await t.api('GET', `/v1/credit-lines/${C.id}`, { key: C.apiKey })).body.guarantee, null);
    assertError(await post(t, `/v1/credit-lines/${C.id}/guarantee/withdraw`, { key: F.apiKey }), 409, 'no_guarantee');
    await assertRevertsOnChain(t, 'NoGuarantee', { signer: F.address, contract: 'Receivables', functionName: 'withdrawGuarantee', args: [C.address] });
    const later = await postConfirmed(t, '/v1/payables', {
      key: C.apiKey,
      body: { supplierMemberId: S1.id, consortiumId, invoiceNumber: 'LI-C', amount: '1000', dueDate: '2030-06-01' },
    });
    assert.deepEqual(events(later.commands[0], 'ClaimGuaranteed'), []);
    assert.equal((await t.api('GET', `/v1/claims/${claimB}`, { key: G.apiKey })).body.settlement.guarantor.memberId, G.id, 'B keeps its guarantor');

    // The operator (who manages every line) names G again; G accepts; then G is suspended: issuance stops until the
    // line's manager withdraws the lapsed guarantee.
    await postConfirmed(t, `/v1/credit-lines/${C.id}/guarantee`, { body: { guarantorMemberId: G.id } });
    await postConfirmed(t, `/v1/credit-lines/${C.id}/guarantee/accept`, { key: G.apiKey });
    await postConfirmed(t, `/v1/members/${G.id}/suspend`, { body: { reason: 'licence under review' } });
    const payable = { supplierMemberId: S1.id, consortiumId, invoiceNumber: 'LI-D', amount: '1000', dueDate: '2030-06-01' };
    assertError(await post(t, '/v1/payables', { key: C.apiKey, body: payable }), 422, 'guarantor_not_active');
    const trade = { supplier: S1.address, obligor: C.address, amount: 1000n, status: 0, dueDate: midnight('2030-06-01'), lateRateBps: 0, maxHops: 5, dayCount: 0, consortiumId, invoiceKey: `0x${'5a'.repeat(32)}`, documentsHash: `0x${'0'.repeat(64)}` };
    await assertRevertsOnChain(t, 'GuarantorNotActive', { signer: C.address, contract: 'Receivables', functionName: 'issuePayable', args: [`0x${'77'.repeat(32)}`, trade] });
    await postConfirmed(t, `/v1/credit-lines/${C.id}/guarantee/withdraw`, { key: F.apiKey });
    await postConfirmed(t, '/v1/payables', { key: C.apiKey, body: payable });
  });

  test('the due date is not late: paid at 00:00 and 23:59 on the due date, the day after and 30 days after (hand-worked)', async () => {
    // Claim E: 36 000 000 due 2030-07-01 at 1000 bps ACT/360 — one day on 36 000 000 is 10 000 of interest.
    const issued = await postConfirmed(t, '/v1/payables', {
      key: C.apiKey,
      body: { supplierMemberId: S1.id, consortiumId, invoiceNumber: 'LI-E', amount: '36000000', dueDate: '2030-07-01', lateRateBps: 1000, dayCount: 'ACT/360' },
    });
    const E = issued.body.claimId as Hex;
    const due = midnight('2030-07-01');
    const pay = async (amount: string) => {
      const paid = await postConfirmed(t, `/v1/claims/${E}/payments`, { key: C.apiKey, body: { amount } });
      const [e] = events(paid.commands[0], 'SettlementPaid');
      return { interest: e!.interest, principal: e!.principal, accrued: events(paid.commands[0], 'LateInterestAccrued').map((a) => [a.daysLate, a.accrued]) };
    };
    const owedNow = async () => {
      const { chain, api } = await owedBoth(E, C.apiKey);
      assert.deepEqual([api.settlement.outstanding, api.settlement.lateInterest], [chain.principal.toString(), chain.interest.toString()], 'API = chain');
      return [chain.principal, chain.interest, api.settlement.overdueDays];
    };

    // The due date, 00:00: nothing owed but principal; 6 000 000 paid is all principal, no accrual.
    await setChainTime(t, due);
    assert.deepEqual(await owedNow(), [36_000_000n, 0n, 0]);
    assert.deepEqual(await pay('6000000'), { interest: '0', principal: '6000000', accrued: [] });
    // The due date, 23:59 (the case of the report: a payment on its due date was charged a day): still on time.
    await setChainTime(t, due + 86_340);
    assert.deepEqual(await owedNow(), [30_000_000n, 0n, 0]);
    assert.deepEqual(await pay('12000000'), { interest: '0', principal: '12000000', accrued: [] });
    // The day after, 00:00: one day on 18 000 000 = 18 000 000 × 1000 × 1 / 3 600 000 = 5 000; 6 005 000 pays it
    // first, then 6 000 000 of principal.
    await setChainTime(t, due + 86_400);
    assert.deepEqual(await owedNow(), [18_000_000n, 5_000n, 1]);
    assert.deepEqual(await pay('6005000'), { interest: '5000', principal: '6000000', accrued: [[1, '5000']] });
    // The day after, 23:59: still day 1, nothing more accrues.
    await setChainTime(t, due + 86_400 + 86_340);
    assert.deepEqual(await owedNow(), [12_000_000n, 0n, 1]);
    // 30 days after (2030-07-31), 00:00 and 23:59: 29 more days on 12 000 000 = 96 666.67 → 96 666.
    await setChainTime(t, midnight('2030-07-31'));
    assert.deepEqual(await owedNow(), [12_000_000n, 96_666n, 30]);
    await setChainTime(t, midnight('2030-07-31') + 86_340);
    assert.deepEqual(await owedNow(), [12_000_000n, 96_666n, 30]);
    assertError(await post(t, `/v1/claims/${E}/payments`, { key: C.apiKey, body: { amount: '12096667' } }), 422, 'over_payment');
    assert.deepEqual(await pay('12096666'), { interest: '96666', principal: '12000000', accrued: [[30, '96666']] });
    const settled = (await t.api('GET', `/v1/claims/${E}`, { key: C.apiKey })).body.settlement;
    assert.deepEqual([settled.paid, settled.interestPaid, settled.outstanding, settled.status], ['36101666', '101666', '0', 'paid']);
  });

  test('XT is conserved: what was paid in equals what holders received plus the residue', async () => {
    const supply = await t.client.readContract({ address: at(t.deployment, 'SettlementToken'), abi: suite.SettlementToken.abi, functionName: 'totalSupply' });
    const holders = [C, S1, S2, F, G, G2, O, R, B];
    let total = await xtBalance(t, at(t.deployment, 'Receivables'));
    for (const m of holders) total += await xtBalance(t, m);
    assert.equal(total, supply);
    assert.equal(supply, 220_000_000n);
  });
});
