/**
 * End-to-end: a core enterprise's credit score from its receivables' on-chain history, through the API.
 *
 * Hand-worked. C issues three payables (no late rate): P1 1 000 000 and P2 2 000 000 due 2030-02-01, P3 500 000 due
 * 2030-06-01. It pays P1 on 2030-01-20 (on time) and P2 on 2030-02-06 at noon (5 days late: DayCount.daysLate).
 *   as of 2030-02-06: P1 and P2 count (P3 is neither due nor paid): obligations 2, on time 1, days overdue 5,
 *     volume 3 000 000. punctuality floor(300 × 1 / 2) − 150 = 0; overdue −10; volume 1 + floor(3 000 000 / 100 000)
 *     = 31, floor(log2 31) = 4 → 40. Score 500 + 0 − 10 + 40 = 530: band C.
 *   as of 2030-06-11T12:00Z, P3 unpaid 10 days after its due date: obligations 3, on time 1, days 15:
 *     punctuality floor(300 / 3) − 150 = −50; overdue −30; volume 40. Score 460: band C.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Hex } from 'viem';
import { onboard, startTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { assertError, postConfirmed } from '../../../test/support/e2e.ts';
import { depositXt, formConsortium, midnight, setChainTime, type Member } from '../../../test/support/receivables.ts';

const T0 = Date.UTC(2030, 0, 1, 12) / 1000;
const noon = (date: string) => midnight(date) + 12 * 3600;

describe('credit scores from on-chain history', () => {
  let t: TestPlatform;
  let C: Member, S: Member, F: Member, B: Member;
  let consortiumId: Hex;
  const claims: Hex[] = [];

  before(async () => {
    t = await startTestPlatform();
    [C, S, F, B] = await Promise.all([
      onboard(t, { name: 'Core Appliances', roles: ['core_enterprise'] }),
      onboard(t, { name: 'Tier1 Motors', roles: ['supplier'] }),
      onboard(t, { name: 'Line Funder', roles: ['funder'] }),
      onboard(t, { name: 'Gateway Bank', roles: ['bank_gateway'] }),
    ]);
    await setChainTime(t, T0);
    consortiumId = await formConsortium(t, C, [S, F]);
    await depositXt(t, B, C, 10_000_000n);
    await postConfirmed(t, '/v1/credit-lines', { key: F.apiKey, body: { obligorMemberId: C.id, limit: '10000000' } });
    for (const [n, amount, dueDate] of [[1, '1000000', '2030-02-01'], [2, '2000000', '2030-02-01'], [3, '500000', '2030-06-01']] as const) {
      const r = await postConfirmed(t, '/v1/payables', { key: C.apiKey, body: { supplierMemberId: S.id, consortiumId, invoiceNumber: `CR-${n}`, amount, dueDate } });
      claims.push(r.body.claimId);
    }
  });

  after(async () => {
    await t?.close();
  });

  test('a member with no history has no score; one whose claims are not yet due neither', async () => {
    for (const m of [S, C]) {
      const r = await t.api('GET', `/v1/credit/scores/${m.id}`, { key: F.apiKey });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.deepEqual([r.body.score, r.body.band, r.body.facts.obligations], [null, 'none', 0]);
      assert.equal(r.body.formula, 'tierchain.credit/1');
    }
  });

  test('hand-worked: one payable on time, one five days late → 530 (C)', async () => {
    await setChainTime(t, noon('2030-01-20'));
    await postConfirmed(t, `/v1/claims/${claims[0]}/payments`, { key: C.apiKey, body: { amount: '1000000' } });
    await setChainTime(t, noon('2030-02-06'));
    await postConfirmed(t, `/v1/claims/${claims[1]}/payments`, { key: C.apiKey, body: { amount: '2000000' } });
    const r = await t.api('GET', `/v1/credit/scores/${C.id}`, { key: F.apiKey });
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.facts, { obligations: 2, paidOnTime: 1, daysOverdue: 5, defaults: 0, liquidations: 0, volume: '3000000', ratings: 0, ratingPoints: 0 });
    assert.deepEqual(r.body.components, { base: 500, punctuality: 0, overdue: -10, defaults: 0, liquidations: 0, volume: 40, ratings: 0 });
    assert.deepEqual([r.body.score, r.body.band], [530, 'C']);
    assert.deepEqual(r.body.sources.map((s: { module: string }) => s.module), ['receivables']);
    assert.equal(r.body.member.memberId, C.id);
  });

  test('hand-worked: an unpaid payable overdue ten days counts up to asOf → 460 (C)', async () => {
    const r = await t.api('GET', `/v1/credit/scores/${C.id}?asOf=2030-06-11T12:00:00Z`, { key: S.apiKey });
    assert.deepEqual([r.body.facts.obligations, r.body.facts.paidOnTime, r.body.facts.daysOverdue], [3, 1, 15]);
    assert.deepEqual([r.body.score, r.body.band], [460, 'C']);
  });

  test("funders see the obligor's score beside every offer and quote", async () => {
    const offer = await postConfirmed(t, '/v1/offers', { key: F.apiKey, body: { obligorMemberId: C.id, rateBps: 600, limit: '500000', expiresAt: '2030-05-01T00:00:00Z' } });
    const offers = await t.api('GET', '/v1/offers', { key: S.apiKey });
    const listed = offers.body.items.find((o: { offerId: string }) => o.offerId === offer.body.offerId);
    assert.deepEqual([listed.obligorCredit.score, listed.obligorCredit.band, listed.obligorCredit.facts.daysOverdue], [530, 'C', 5]);
    assert.equal((await t.api('GET', `/v1/offers/${offer.body.offerId}`, { key: F.apiKey })).body.obligorCredit.score, 530);
    const quote = await t.api('POST', '/v1/quotes', { key: S.apiKey, body: { claimId: claims[2], amount: '500000' }, idempotencyKey: 'credit-quote-1' });
    assert.equal(quote.status, 201, JSON.stringify(quote.body));
    assert.deepEqual([quote.body.obligorCredit.score, quote.body.obligorCredit.band], [530, 'C']);
    const seen = (await t.api('GET', '/v1/quotes', { key: F.apiKey })).body.items.find((q: { quoteId: string }) => q.quoteId === quote.body.quoteId);
    assert.equal(seen.obligorCredit.score, 530);
    assert.equal(seen.obligorCredit.formula, 'tierchain.credit/1');
  });

  test('the list ranks members with a score first', async () => {
    const r = await t.api('GET', '/v1/credit/scores', { key: F.apiKey });
    assert.equal(r.status, 200);
    assert.equal(r.body.items[0].member.memberId, C.id);
    assert.ok(r.body.items.slice(1).every((s: { score: number | null }) => s.score === null));
  });

  test('refuses an unknown member (404), a malformed id and asOf (400 naming the field), no key (401)', async () => {
    assertError(await t.api('GET', '/v1/credit/scores/00000000-0000-4000-8000-000000000000', { key: F.apiKey }), 404, 'member_not_found');
    assertError(await t.api('GET', '/v1/credit/scores/nope', { key: F.apiKey }), 400, 'validation_failed', 'params.memberId');
    assertError(await t.api('GET', `/v1/credit/scores/${C.id}?asOf=yesterday`, { key: F.apiKey }), 400, 'validation_failed', 'query.asOf');
    assert.equal((await t.api('GET', `/v1/credit/scores/${C.id}`, { key: '' })).status, 401);
  });
});
