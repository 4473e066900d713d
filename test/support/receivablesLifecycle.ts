/**
 * The receivables life cycle end-to-end: a receivable's whole life across four tiers, through the HTTP API, against a real chain.
 *
 * Core enterprise C owes tier-1 supplier S1 1,000,000.00 XT (100 000 000 minor units) for invoice
 * INV-2030-0001, due 2030-04-01, ACT/365F. S1 narrows 400,000.00 of it to a later due date (2030-05-01) for its
 * own supplier S2 and passes it on; S2 passes 100,000.00 on to tier-3 S3. S3 asks for a quote and sells its
 * 100,000.00 to funder F at F's answered rate; S1 sells 200,000.00 of its own part to F against F's standing
 * offer. C pays the face into settlement an hour before the due date (on time: no late interest; late payments
 * are test/receivables-late-interest.test.ts), and after maturity S1 pulls its share and the operator pushes the rest.
 *
 * The chain's clock is pinned at 2030-01-01T12:00:00Z before anything happens, so every sale lands on
 * 2030-01-01 (the test takes minutes) and the days to maturity are known: a started day counts, so
 * 2030-01-01T12:xx → 2030-04-01T00:00 is 90 days and → 2030-05-01T00:00 is 120 days.
 *
 * Discounts, floor(face × rate × days / (10 000 × 365)) under ACT/365F:
 *   S3 → F, 10 000 000 of the child at 1 000 bps, 120 days: 10 000 000 × 1 000 × 120 / 3 650 000 = 328 767.12
 *       → discount 328 767, price 9 671 233
 *   S1 → F, 20 000 000 of the root at 600 bps, 90 days:     20 000 000 × 600 × 90 / 3 650 000   = 295 890.41
 *       → discount 295 890, price 19 704 110
 * Holdings at maturity: root S1 40 000 000, F 20 000 000; child S2 30 000 000, F 10 000 000 (Σ 100 000 000).
 * XT in: bank deposits C 100 000 000 and F 50 000 000. XT at the end:
 *   C  100 000 000 − 100 000 000 paid                                   = 0
 *   F  50 000 000 − 9 671 233 − 19 704 110 + 20 000 000 + 10 000 000    = 50 624 657
 *   S1 19 704 110 + 40 000 000                                          = 59 704 110
 *   S2 30 000 000,  S3 9 671 233,  Receivables 0 (paid 100 000 000 = distributed 100 000 000)
 *   Σ = 150 000 000 = XT supply.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeAbiParameters, encodePacked, keccak256, toHex, type Address, type Hex } from 'viem';
import { at, suite } from './contracts.ts';
import { onboard, type TestPlatform } from './platform.ts';
import { assertError, post, postConfirmed } from './e2e.ts';
import type { Queryable } from '../../src/db/database.ts';
import { storedEvents } from '../../src/indexer/projections.ts';
import { readModels } from '../../src/platform/modules.ts';
import { dumpReadModels, indexFromScratch } from './readModels.ts';
import { availableTestDatabases } from './databases.ts';
import { assertPositionAsReference } from './positionReference.ts';
import type { Principal } from '../../src/modules/identity/index.ts';
import { chainTime, claimBalance, depositXt, formConsortium, midnight, xtBalance, type Member } from './receivables.ts';

const FACE = 100_000_000n;
const T0 = Date.UTC(2030, 0, 1, 12) / 1000;
const ROOT_DUE = '2030-04-01';
const CHILD_DUE = '2030-05-01';

/** Where the life cycle runs: the platform, and how the test moves the chain's clock. */
export interface LifecycleChain {
  start(): Promise<TestPlatform>;
  /** Moves the chain's clock to `seconds` and mines a block there; the platform's indexer has seen it when this resolves. */
  setChainTime(t: TestPlatform, seconds: number): Promise<void>;
  /** Stops what `start` started beside the platform (a chain, a proxy). */
  close?(): Promise<void>;
}

/** Declares the life cycle's tests (in order, on one platform) under `title`. */
export function describeReceivablesLifecycle(title: string, chain: LifecycleChain): void {
  describe(title, () => {
    let t: TestPlatform;
    let C: Member, S1: Member, S2: Member, S3: Member, F: Member, B: Member;
    let consortiumId: Hex;
    let rootId: Hex;
    let childId: Hex;

    const events = (command: { result: { events: Array<{ event: string; args: Record<string, unknown> }> } }, name: string) =>
      command.result.events.filter((e) => e.event === name).map((e) => e.args);
    const receivables = () => ({ address: at(t.deployment, 'Receivables'), abi: suite.Receivables.abi }) as const;

    before(async () => {
      t = await chain.start();
      [C, S1, S2, S3, F, B] = await Promise.all([
        onboard(t, { name: 'Core Motors', roles: ['core_enterprise'] }),
        onboard(t, { name: 'Tier1 Gearboxes', roles: ['supplier'] }),
        onboard(t, { name: 'Tier2 Castings', roles: ['supplier'] }),
        onboard(t, { name: 'Tier3 Foundry Sand', roles: ['supplier'] }),
        onboard(t, { name: 'Factoring Fund', roles: ['funder'] }),
        onboard(t, { name: 'Gateway Bank', roles: ['bank_gateway'] }),
      ]);
      await chain.setChainTime(t, T0);
      consortiumId = await formConsortium(t, C, [S1, S2, S3, F], 'Core Motors supply chain');
      await depositXt(t, B, C, FACE);
      await depositXt(t, B, F, 50_000_000n);
    });

    after(async () => {
      await t?.close();
      await chain.close?.();
    });

    test('the command endpoints are in the OpenAPI document', async () => {
      const doc = await t.api('GET', '/openapi.json');
      assert.equal(doc.status, 200);
      for (const path of ['/v1/credit-lines', '/v1/trades', '/v1/trades/{tradeId}/confirm', '/v1/payables', '/v1/claims/{id}/transfers', '/v1/claims/{id}/sales', '/v1/offers/{offerId}/price', '/v1/quotes', '/v1/quotes/{quoteId}/answers', '/v1/settlements/{rootId}/distribute']) {
        assert.ok(doc.body.paths[path], `${path} is documented`);
      }
    });

    test('the operator sets the core enterprise’s credit line', async () => {
      const r = await postConfirmed(t, '/v1/credit-lines', { body: { obligorMemberId: C.id, limit: '150000000' } });
      assert.equal(r.commands[0].kind, 'credit_line.set');
      assert.deepEqual({ limit: r.body.limit, used: r.body.used }, { limit: '150000000', used: '0' });
      const line = await t.client.readContract({ ...receivables(), functionName: 'creditLine', args: [C.address as Address] });
      assert.deepEqual(line, { limit: 150_000_000n, used: 0n });
    });

    test('S1 submits the trade, C confirms it: the claim is minted to S1 under the id computed at once', async () => {
      const documentsHash = keccak256(toHex('INV-2030-0001.pdf + framework contract FC-7'));
      const submitted = await postConfirmed(t, '/v1/trades', {
        key: S1.apiKey,
        body: { obligorMemberId: C.id, consortiumId, invoiceNumber: 'INV-2030-0001', amount: FACE.toString(), dueDate: ROOT_DUE, lateRateBps: 1200, dayCount: 'ACT/365F', documentsHash },
      });
      const invoiceKey = keccak256(encodePacked(['address', 'string'], [S1.address as Address, 'INV-2030-0001']));
      assert.equal(submitted.body.invoiceKey, invoiceKey);
      // Defaults are explicit in the answer: maxHops 5 was not sent.
      assert.deepEqual(submitted.body.terms, { dueDate: ROOT_DUE, lateRateBps: 1200, maxHops: 5, dayCount: 'ACT/365F' });
      const tradeId: Hex = submitted.body.tradeId;
      assert.match(tradeId, /^0x[0-9a-f]{64}$/);
      assert.deepEqual(events(submitted.commands[0], 'TradeSubmitted').map((e) => e.tradeId), [tradeId]);

      const confirmed = await postConfirmed(t, `/v1/trades/${tradeId}/confirm`, { key: C.apiKey });
      rootId = confirmed.body.claimId;
      assert.equal(rootId, submitted.body.claimId);
      assert.equal(BigInt(rootId), BigInt(keccak256(encodeAbiParameters([{ type: 'address' }, { type: 'bytes32' }], [C.address as Address, invoiceKey]))));
      assert.equal(await t.client.readContract({ ...receivables(), functionName: 'claimIdFor', args: [C.address as Address, invoiceKey] }), BigInt(rootId));
      assert.deepEqual(events(confirmed.commands[0], 'ClaimIssued').map((e) => [e.id, e.amount]), [[BigInt(rootId).toString(), FACE.toString()]]);
      assert.equal(await claimBalance(t, S1, rootId), FACE);
      const terms = await t.client.readContract({ address: at(t.deployment, 'ClaimLedger'), abi: suite.ClaimLedger.abi, functionName: 'terms', args: [BigInt(rootId)] });
      assert.deepEqual(
        { dueDate: terms.dueDate, lateRateBps: terms.lateRateBps, maxHops: terms.maxHops, dayCount: terms.dayCount, consortiumId: terms.consortiumId, documentsHash: terms.documentsHash },
        { dueDate: midnight(ROOT_DUE), lateRateBps: 1200, maxHops: 5, dayCount: 1, consortiumId, documentsHash },
      );
      const line = await t.client.readContract({ ...receivables(), functionName: 'creditLine', args: [C.address as Address] });
      assert.equal(line.used, FACE);
    });

    test('S1 narrows 400,000.00 to a later due date and passes it to S2; S2 splits 100,000.00 on to S3', async () => {
      const modified = await postConfirmed(t, `/v1/claims/${rootId}/modifications`, { key: S1.apiKey, body: { amount: '40000000', dueDate: CHILD_DUE } });
      childId = modified.body.childId;
      // Omitted fields keep the parent's value, and the answer says which they are.
      assert.deepEqual(modified.body.terms, { dueDate: CHILD_DUE, lateRateBps: 1200, maxHops: 5, dayCount: 'ACT/365F' });
      const parentTerms = await t.client.readContract({ address: at(t.deployment, 'ClaimLedger'), abi: suite.ClaimLedger.abi, functionName: 'terms', args: [BigInt(rootId)] });
      const onChainChild = await t.client.readContract({
        address: at(t.deployment, 'ClaimLedger'),
        abi: suite.ClaimLedger.abi,
        functionName: 'childId',
        args: [BigInt(rootId), { ...parentTerms, dueDate: midnight(CHILD_DUE) }],
      });
      assert.equal(BigInt(childId), onChainChild);
      assert.deepEqual(events(modified.commands[0], 'ClaimModified').map((e) => e.child), [onChainChild.toString()]);
      assert.equal(await claimBalance(t, S1, rootId), 60_000_000n);
      assert.equal(await claimBalance(t, S1, childId), 40_000_000n);

      await postConfirmed(t, `/v1/claims/${childId}/transfers`, { key: S1.apiKey, body: { toMemberId: S2.id, amount: '40000000' } });
      const split = await postConfirmed(t, `/v1/claims/${childId}/transfers`, { key: S2.apiKey, body: { toMemberId: S3.id, amount: '10000000' } });
      assert.deepEqual(split.body, { claimId: childId, toMemberId: S3.id, amount: '10000000', commands: split.body.commands });
      assert.equal(await claimBalance(t, S1, childId), 0n);
      assert.equal(await claimBalance(t, S2, childId), 30_000_000n);
      assert.equal(await claimBalance(t, S3, childId), 10_000_000n);
    });

    test('S3 asks for a quote, F answers with an offer only S3 may take, S3 sells at the answered rate', async () => {
      const asked = await t.api('POST', '/v1/quotes', { key: S3.apiKey, body: { claimId: childId, amount: '10000000' }, idempotencyKey: 'quote-s3-1' });
      assert.equal(asked.status, 201, JSON.stringify(asked.body));
      const quoteId: Hex = asked.body.quoteId;
      assert.deepEqual({ claimId: asked.body.claimId, amount: asked.body.amount, status: asked.body.status, answers: asked.body.answers }, { claimId: childId, amount: '10000000', status: 'open', answers: [] });

      const seen = await t.api('GET', '/v1/quotes', { key: F.apiKey });
      assert.deepEqual(seen.body.items.map((q: { quoteId: string }) => q.quoteId), [quoteId]);
      const notMine = await t.api('GET', '/v1/quotes', { key: S2.apiKey });
      assert.deepEqual(notMine.body.items, []);
      // The claim is now offered to funders: F sees its whole provenance, every party named, before buying any.
      const provenance = await t.api('GET', `/v1/claims/${childId}/trace`, { key: F.apiKey });
      assert.equal(provenance.status, 200, JSON.stringify(provenance.body));
      assert.equal(provenance.body.partiesHidden, false);
      const named = new Set(provenance.body.edges.flatMap((e: { from: { memberId: string | null } | null; to: { memberId: string | null } | null }) => [e.from?.memberId, e.to?.memberId]));
      for (const m of [S1, S2, S3]) assert.ok(named.has(m.id), `the trace names ${m.id}`);

      const answered = await postConfirmed(t, `/v1/quotes/${quoteId}/answers`, { key: F.apiKey, body: { rateBps: 1000, expiresAt: '2030-01-08T00:00:00Z' } });
      const offerId: Hex = answered.body.offerId;
      const offer = await t.client.readContract({ address: at(t.deployment, 'ClaimMarket'), abi: suite.ClaimMarket.abi, functionName: 'offer', args: [offerId] });
      assert.equal(offer.onlyHolder.toLowerCase(), S3.address);
      assert.equal(offer.remaining, 10_000_000n);
      const withAnswer = await t.api('GET', '/v1/quotes', { key: S3.apiKey });
      assert.deepEqual(
        withAnswer.body.items[0].answers.map((a: { offerId: string; rateBps: number; funder: { memberId: string } }) => [a.offerId, a.rateBps, a.funder.memberId]),
        [[offerId, 1000, F.id]],
      );

      const price = await t.api('GET', `/v1/offers/${offerId}/price?claimId=${childId}&amount=10000000`, { key: S3.apiKey });
      assert.equal(price.status, 200, JSON.stringify(price.body));
      assert.deepEqual(
        { price: price.body.price, discount: price.body.discount, days: price.body.days, dayCount: price.body.dayCount, expired: price.body.expired },
        { price: '9671233', discount: '328767', days: 120, dayCount: 'ACT/365F', expired: false },
      );

      // The answer is S3's alone: S2 holds the same claim but may not sell against it.
      const r = await post(t, `/v1/claims/${childId}/sales`, { key: S2.apiKey, body: { offerId, amount: '10000000' } });
      assertError(r, 403, 'forbidden');
      assert.equal(r.body.error.details.reason, 'offer_not_for_you');

      const sold = await postConfirmed(t, `/v1/claims/${childId}/sales`, { key: S3.apiKey, body: { offerId, amount: '10000000' } });
      assert.deepEqual({ price: sold.body.price, days: sold.body.days, minPrice: sold.body.minPrice }, { price: '9671233', days: 120, minPrice: '9671233' });
      assert.deepEqual(events(sold.commands[0], 'ClaimFinanced').map((e) => [e.amount, e.price, e.numDays]), [['10000000', '9671233', 120]]);
      assert.equal(await claimBalance(t, S3, childId), 0n);
      assert.equal(await claimBalance(t, F, childId), 10_000_000n);
      assert.equal(await xtBalance(t, S3), 9_671_233n);
      assert.equal((await t.api('GET', '/v1/quotes', { key: S3.apiKey })).body.items[0].status, 'filled');
    });

    test('S1 sells 200,000.00 of its own part to F against a standing offer', async () => {
      const posted = await postConfirmed(t, '/v1/offers', { key: F.apiKey, body: { obligorMemberId: C.id, rateBps: 600, limit: '50000000', expiresAt: '2030-02-01T00:00:00Z' } });
      const offerId: Hex = posted.body.offerId;
      const sold = await postConfirmed(t, `/v1/claims/${rootId}/sales`, { key: S1.apiKey, body: { offerId, amount: '20000000', minPrice: '19700000' } });
      assert.deepEqual({ price: sold.body.price, discount: sold.body.discount, days: sold.body.days }, { price: '19704110', discount: '295890', days: 90 });
      const block = await t.client.getBlock({ blockNumber: BigInt(sold.commands[0].blockNumber) });
      assert.equal(new Date(Number(block.timestamp) * 1000).toISOString().slice(0, 10), '2030-01-01', 'the sale must land on the pinned day');
      assert.equal(await claimBalance(t, S1, rootId), 40_000_000n);
      assert.equal(await claimBalance(t, F, rootId), 20_000_000n);
      assert.equal(await xtBalance(t, S1), 19_704_110n);
      assert.equal(await xtBalance(t, F), 50_000_000n - 9_671_233n - 19_704_110n);
    });

    test('at maturity C pays the face; S1 pulls its share, the operator pushes the rest in bounded batches', async () => {
      // C pays on time, an hour before the root's due date: no late interest, all of it principal.
      await chain.setChainTime(t, midnight(ROOT_DUE) - 3600);
      const paid = await postConfirmed(t, `/v1/claims/${rootId}/payments`, { key: C.apiKey, body: { amount: FACE.toString() } });
      assert.deepEqual(
        { rootId: paid.body.rootId, payer: paid.body.payer, interest: paid.body.interest, principal: paid.body.principal, outstanding: paid.body.outstanding },
        { rootId, payer: 'obligor', interest: '0', principal: FACE.toString(), outstanding: '0' },
      );
      assert.deepEqual(events(paid.commands[0], 'SettlementPaid').map((e) => [e.amount, e.principal, e.interest]), [[FACE.toString(), FACE.toString(), '0']]);
      assert.deepEqual(events(paid.commands[0], 'LateInterestAccrued'), []);
      assert.equal(await xtBalance(t, C), 0n);
      // Paid before its due date: every position (the one paid early, the narrowed child due later) equals the
      // unbounded reference, now and on the days after each due date.
      const operator = { userId: '00000000-0000-4000-8000-000000000000', memberId: null, memberAddress: null, memberRoles: [], userRole: 'admin', isOperator: true } as unknown as Principal;
      for (const asOf of [new Date((await chainTime(t)) * 1000), new Date((midnight(ROOT_DUE) + 86_400 + 60) * 1000), new Date((midnight(CHILD_DUE) + 86_400 + 60) * 1000)]) {
        for (const m of [C, S1, S2, S3, F]) await assertPositionAsReference(t.db, operator, m.id, asOf);
      }
      await chain.setChainTime(t, Date.UTC(2030, 4, 2, 12) / 1000);
      assert.ok((await chainTime(t)) > midnight(CHILD_DUE));

      const pulled = await postConfirmed(t, `/v1/claims/${rootId}/redemptions`, { key: S1.apiKey });
      assert.equal(pulled.body.payout, '40000000');
      assertError(await post(t, `/v1/claims/${rootId}/redemptions`, { key: S1.apiKey }), 422, 'nothing_to_redeem');

      const pushed = await postConfirmed(t, `/v1/settlements/${rootId}/distribute`, { body: { batchSize: 2 } });
      assert.deepEqual(
        { holdings: pushed.body.holdings, batches: pushed.body.batches, total: pushed.body.total, notYetDue: pushed.body.notYetDue, skipped: pushed.body.skipped },
        { holdings: 3, batches: 2, total: '60000000', notYetDue: [], skipped: [] },
      );
      assert.equal(pushed.commands.length, 2);
      const redeemed = pushed.commands.flatMap((c) => events(c, 'ClaimRedeemed')).map((e) => [String(e.holder).toLowerCase(), e.id, e.payout]);
      assert.deepEqual(
        redeemed.sort(),
        [
          [F.address, BigInt(rootId).toString(), '20000000'],
          [F.address, BigInt(childId).toString(), '10000000'],
          [S2.address, BigInt(childId).toString(), '30000000'],
        ].sort(),
      );
      assertError(await post(t, `/v1/settlements/${rootId}/distribute`, {}), 422, 'nothing_to_distribute');
    });

    test('every XT balance is exact; XT paid out equals XT paid in; the claims are burned', async () => {
      const expected: Array<[string, Member | string, bigint]> = [
        ['C', C, 0n],
        ['F', F, 50_624_657n],
        ['S1', S1, 59_704_110n],
        ['S2', S2, 30_000_000n],
        ['S3', S3, 9_671_233n],
        ['B', B, 0n],
        ['Receivables', at(t.deployment, 'Receivables'), 0n],
        ['ClaimMarket', at(t.deployment, 'ClaimMarket'), 0n],
      ];
      for (const [name, who, amount] of expected) assert.equal(await xtBalance(t, who), amount, name);
      const supply = await t.client.readContract({ address: at(t.deployment, 'SettlementToken'), abi: suite.SettlementToken.abi, functionName: 'totalSupply' });
      assert.equal(supply, 150_000_000n);
      assert.equal(expected.reduce((sum, [, , amount]) => sum + amount, 0n), supply);

      const settlement = await t.client.readContract({ ...receivables(), functionName: 'settlement', args: [BigInt(rootId)] });
      assert.deepEqual(settlement, {
        face: FACE, paid: FACE, distributed: FACE, interestPaid: 0n, interestDue: 0n, accruedDays: 0, interestCarry: 0, guarantor: '0x0000000000000000000000000000000000000000',
      });
      for (const id of [rootId, childId]) {
        const supplyOfId = await t.client.readContract({ address: at(t.deployment, 'ClaimLedger'), abi: suite.ClaimLedger.abi, functionName: 'totalSupply', args: [BigInt(id)] });
        assert.equal(supplyOfId, 0n, `claim ${id} fully redeemed and burned`);
      }
      const line = await t.client.readContract({ ...receivables(), functionName: 'creditLine', args: [C.address as Address] });
      assert.equal(line.used, 0n, 'the payment freed the credit line');
    });

    test('the read models equal the stored events applied one at a time, and all in one batch', async () => {
      await t.indexer.sync();
      const live = await dumpReadModels(t.db);
      const events = await storedEvents(t.db);
      const replay = (apply: (tx: Queryable) => Promise<void>) =>
        t.db.transaction(async (tx) => {
          await tx.query(`TRUNCATE ${readModels.tables.join(', ')}`);
          await apply(tx);
          const dump = await dumpReadModels(tx);
          // Leave the database as it was.
          throw Object.assign(new Error('rollback'), { dump });
        }).catch((e: { dump?: Record<string, string[]> }) => {
          if (!e.dump) throw e;
          return e.dump;
        });
      const oneByOne = await replay(async (tx) => {
        for (const e of events) await readModels.applyEvent(tx, e);
      });
      assert.deepEqual(oneByOne, live);
      assert.deepEqual(await replay((tx) => readModels.applyEvents(tx, events)), live);
      assert.ok(live.claim_movements!.some((m) => m.includes('"kind":"modify"')) && live.claim_movements!.some((m) => m.includes('"kind":"sale"')));
    });

    test('indexed from scratch three blocks at a time, each transaction failing once before COMMIT and retried, the read models are the same', async () => {
      await t.indexer.sync();
      const [backend] = await availableTestDatabases();
      const scratch = await indexFromScratch(backend!, t.client, t.deployment, { batchSize: 3, failing: (n) => n % 2 === 1 });
      assert.ok(scratch.failed >= 10, `${scratch.failed} transactions failed`);
      assert.deepEqual(scratch.readModels, await dumpReadModels(t.db));
    });
  });
}
