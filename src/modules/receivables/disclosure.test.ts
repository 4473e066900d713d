/**
 * The disclosure rules (docs/adr/017-disclosure.md), role by role, on one shared tree:
 *
 *   Aurora (core, obligor; its line guaranteed by Surety) issues 1,000,000 to Borealis (tier 1);
 *   Borealis splits 500,000 to Delta and 300,000 to Estuary (tier 2); Delta splits 200,000 to Fjord (tier 3);
 *   Fjord sells 150,000 to Keystone (funder, with a standing offer for Aurora's claims).
 *
 * Each member sees itself, the obligor, the guarantor and its own direct counterparties named; the obligor, the
 * guarantor, a funder the claim is offered to, the regulator and the operator see every holder; everyone else is a
 * stable pseudonym — one per member, the same in every read.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Hex } from 'viem';
import { onboard, startTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { postConfirmed } from '../../../test/support/e2e.ts';
import { chainTime, depositXt, formConsortium, isoDate, midnight, setChainTime, type Member } from '../../../test/support/receivables.ts';

type Party = { memberId: string | null; name: string | null; address: string | null; pseudonym?: string };

describe('disclosure: who sees which names of one shared claim tree', () => {
  let t: TestPlatform;
  let C: Member, B: Member, D: Member, E: Member, Fj: Member, K: Member, G: Member, R: Member, O: Member, K2: Member, BG: Member;
  let root: Hex;
  let dueDate: string;
  let consortiumId: Hex;
  const name = new Map<string, string>();

  before(async () => {
    t = await startTestPlatform();
    const cast: Array<[string, string[]]> = [
      ['Aurora Motors', ['core_enterprise']], ['Borealis Drivetrain', ['supplier']], ['Delta Castings', ['supplier']], ['Estuary Electronics', ['supplier']],
      ['Fjord Steel', ['supplier']], ['Keystone Capital', ['funder']], ['Surety Guarantee', ['guarantor']], ['Credit Regulator', ['regulator']],
      ['Outside Works', ['supplier']], ['Other Funder', ['funder']], ['Gateway Bank', ['bank_gateway']],
    ];
    const members = await Promise.all(cast.map(([n, roles]) => onboard(t, { name: n, roles })));
    [C, B, D, E, Fj, K, G, R, O, K2, BG] = members as unknown as [Member, Member, Member, Member, Member, Member, Member, Member, Member, Member, Member];
    members.forEach((m, i) => name.set(m.id, cast[i]![0]));
    consortiumId = await formConsortium(t, C, [B, D, E, Fj, K, O, K2]);
    await depositXt(t, BG, K, 500_000n);
    await postConfirmed(t, '/v1/credit-lines', { body: { obligorMemberId: C.id, limit: '5000000' } });
    await postConfirmed(t, `/v1/credit-lines/${C.id}/guarantee`, { body: { guarantorMemberId: G.id } });
    await postConfirmed(t, `/v1/credit-lines/${C.id}/guarantee/accept`, { key: G.apiKey });
    dueDate = isoDate((await chainTime(t)) + 90 * 86_400);
    const issued = await postConfirmed(t, '/v1/payables', { key: C.apiKey, body: { supplierMemberId: B.id, consortiumId, invoiceNumber: 'DS-1', amount: '1000000', dueDate } });
    root = issued.body.claimId;
    await postConfirmed(t, `/v1/claims/${root}/transfers`, { key: B.apiKey, body: { toMemberId: D.id, amount: '500000' } });
    await postConfirmed(t, `/v1/claims/${root}/transfers`, { key: B.apiKey, body: { toMemberId: E.id, amount: '300000' } });
    await postConfirmed(t, `/v1/claims/${root}/transfers`, { key: D.apiKey, body: { toMemberId: Fj.id, amount: '200000' } });
    const offer = await postConfirmed(t, '/v1/offers', { key: K.apiKey, body: { obligorMemberId: C.id, rateBps: 500, limit: '1000000', expiresAt: '2099-01-01T00:00:00Z' } });
    await postConfirmed(t, `/v1/claims/${root}/sales`, { key: Fj.apiKey, body: { offerId: offer.body.offerId, amount: '150000' } });
  });

  after(async () => {
    await t?.close();
  });

  /** Every party a reader's trace shows (edges and holders): the names it sees and the pseudonyms of the others. */
  async function traceAs(who: Member | null) {
    const r = await t.api('GET', `/v1/claims/${root}/trace`, who ? { key: who.apiKey } : {});
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const parties: Party[] = [
      ...r.body.edges.flatMap((e: { from: Party | null; to: Party | null }) => [e.from, e.to]),
      ...r.body.nodes.flatMap((n: { holders: Array<{ party: Party }> }) => n.holders.map((h) => h.party)),
    ].filter((p): p is Party => p !== null);
    for (const p of parties) {
      if (p.memberId === null) {
        assert.deepEqual([p.name, p.address], [null, null], 'a hidden party shows nothing but its pseudonym');
        assert.match(p.pseudonym ?? '', /^P-[0-9a-f]{8}$/);
      } else {
        assert.equal(p.pseudonym, undefined);
        assert.equal(p.name, name.get(p.memberId));
      }
    }
    const named = [...new Set(parties.filter((p) => p.memberId !== null).map((p) => name.get(p.memberId!)!))].sort();
    const pseudonyms = [...new Set(parties.filter((p) => p.memberId === null).map((p) => p.pseudonym!))].sort();
    return { named, pseudonyms, body: r.body };
  }

  const everyone = ['Borealis Drivetrain', 'Delta Castings', 'Estuary Electronics', 'Fjord Steel', 'Keystone Capital'];

  test('the operator and the regulator see every party', async () => {
    for (const who of [null, R]) {
      const seen = await traceAs(who);
      assert.deepEqual(seen.named, everyone);
      assert.deepEqual(seen.pseudonyms, []);
      assert.equal(seen.body.partiesHidden, false);
    }
  });

  test('the obligor and the guarantor see every holder', async () => {
    for (const who of [C, G]) assert.deepEqual((await traceAs(who)).named, everyone, name.get(who.id));
  });

  test('a funder sees the provenance of a claim offered to it', async () => {
    const seen = await traceAs(K);
    assert.deepEqual(seen.named, everyone);
    assert.deepEqual(seen.pseudonyms, []);
  });

  test('tier 1 sees both members it split to, apart, and pseudonyms for the tiers below', async () => {
    const seen = await traceAs(B);
    assert.deepEqual(seen.named, ['Borealis Drivetrain', 'Delta Castings', 'Estuary Electronics']);
    assert.equal(seen.pseudonyms.length, 2, 'Fjord and Keystone: two distinct pseudonyms');
    assert.equal(seen.body.partiesHidden, true);
  });

  test('tier 2 sees who sent it units and whom it sent units to', async () => {
    assert.deepEqual((await traceAs(D)).named, ['Borealis Drivetrain', 'Delta Castings', 'Fjord Steel']);
    assert.deepEqual((await traceAs(E)).named, ['Borealis Drivetrain', 'Estuary Electronics']);
  });

  test('tier 3 sees who sent it the claim and which funder bought from it', async () => {
    const seen = await traceAs(Fj);
    assert.deepEqual(seen.named, ['Delta Castings', 'Fjord Steel', 'Keystone Capital']);
    assert.equal(seen.pseudonyms.length, 2, 'Borealis and Estuary: two distinct pseudonyms');
  });

  test('pseudonyms are stable across reads and readers, and tell members apart', async () => {
    const first = await traceAs(Fj);
    const again = await traceAs(Fj);
    assert.deepEqual(again.pseudonyms, first.pseudonyms);
    // Estuary is hidden from both Delta and Fjord: the same pseudonym for both readers.
    const estuaryFor = async (who: Member) => {
      const r = await t.api('GET', `/v1/claims/${root}/trace`, { key: who.apiKey });
      const edge = r.body.edges.find((e: { kind: string; to: Party | null; amount: string }) => e.kind === 'transfer' && e.amount === '300000');
      return edge.to as Party;
    };
    const [forDelta, forFjord] = [await estuaryFor(D), await estuaryFor(Fj)];
    assert.equal(forDelta.memberId, null);
    assert.equal(forDelta.pseudonym, forFjord.pseudonym);
  });

  test('anyone else: no trace, and the holders of the claim by pseudonym only', async () => {
    for (const who of [O, K2]) {
      assert.equal((await t.api('GET', `/v1/claims/${root}/trace`, { key: who.apiKey })).status, 403);
      const claim = await t.api('GET', `/v1/claims/${root}`, { key: who.apiKey });
      assert.equal(claim.status, 200);
      const holders = claim.body.holders as Array<{ party: Party; balance: string }>;
      assert.deepEqual(holders.map((h) => h.party.memberId), holders.map(() => null), 'no holder named');
      assert.equal(new Set(holders.map((h) => h.party.pseudonym)).size, holders.length, 'each holder its own pseudonym');
      assert.equal(claim.body.obligor.name, 'Aurora Motors', 'the obligor is part of the terms');
    }
  });

  test('the event stream shows a member only events naming it: its counterparties, never the others', async () => {
    const controller = new AbortController();
    const response = await fetch(`${t.url}/v1/events`, { headers: { authorization: `Bearer ${Fj.apiKey}`, 'last-event-id': '0:0' }, signal: controller.signal });
    assert.equal(response.status, 200);
    const reader = response.body!.getReader();
    let text = '';
    const deadline = Date.now() + 1500;
    while (Date.now() < deadline && !text.includes('ClaimFinanced')) {
      const chunk = await Promise.race([reader.read(), new Promise<null>((r) => setTimeout(() => r(null), 300))]);
      if (chunk && !chunk.done) text += new TextDecoder().decode(chunk.value);
    }
    controller.abort();
    assert.match(text, /ClaimFinanced/, 'the sale to Keystone is in Fjord\'s stream');
    for (const m of [Fj, D, K]) assert.ok(text.includes(m.address), `${name.get(m.id)} named in Fjord's stream`);
    for (const m of [B, E]) assert.ok(!text.includes(m.address), `${name.get(m.id)} is not Fjord's counterparty`);
  });

  test('XT movements: a bank gateway sees transfers between members by pseudonym; each end sees the other named', async () => {
    await depositXt(t, BG, K2, 1_000n);
    await postConfirmed(t, '/v1/xt/transfers', { key: K2.apiKey, body: { toMemberId: O.id, amount: '400' } });
    const transferOf = async (who: Member) => {
      const r = await t.api('GET', '/v1/xt/movements', { key: who.apiKey });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return r.body.items.find((m: { kind: string; amount: string }) => m.kind === 'transfer' && m.amount === '400');
    };
    const asGateway = await transferOf(BG);
    assert.deepEqual([asGateway.from, asGateway.to, asGateway.fromMember.name, asGateway.toMember.name], [null, null, null, null]);
    assert.match(asGateway.fromMember.pseudonym, /^P-[0-9a-f]{8}$/);
    assert.notEqual(asGateway.fromMember.pseudonym, asGateway.toMember.pseudonym);
    const deposit = (await t.api('GET', '/v1/xt/movements', { key: BG.apiKey })).body.items.find((m: { kind: string; amount: string }) => m.kind === 'deposit' && m.amount === '1000');
    assert.equal(deposit.toMember.name, 'Other Funder', 'the gateway is the counterparty of the deposits it makes');
    for (const [who, from, to] of [[O, 'Other Funder', 'Outside Works'], [K2, 'Other Funder', 'Outside Works'], [R, 'Other Funder', 'Outside Works']] as const) {
      const seen = await transferOf(who);
      assert.deepEqual([seen.fromMember.name, seen.toMember.name], [from, to], name.get(who.id));
    }
  });

  test('a credit line says who granted it, and only its manager may change it', async () => {
    const view = async (who: Member | null) => (await t.api('GET', `/v1/credit-lines/${C.id}`, who ? { key: who.apiKey } : {})).body;
    const asOperator = await view(null);
    assert.deepEqual([asOperator.grantedBy.name, asOperator.grantedByOperator, asOperator.youManage], ['Tierchain Platform Operator', true, true]);
    for (const who of [K, K2, R, C, B]) assert.equal((await view(who)).youManage, false, `${name.get(who.id)} may not change a line the operator granted`);
    // A line no one granted yet may be granted by any funder; once granted, only that funder (and the operator).
    const core2 = await onboard(t, { name: 'Second Core', roles: ['core_enterprise'] });
    assert.equal((await t.api('GET', `/v1/credit-lines/${core2.id}`, { key: K2.apiKey })).body.youManage, true);
    await postConfirmed(t, '/v1/credit-lines', { key: K2.apiKey, body: { obligorMemberId: core2.id, limit: '1000' } });
    const granted = await t.api('GET', `/v1/credit-lines/${core2.id}`, { key: K.apiKey });
    assert.deepEqual([granted.body.grantedBy.name, granted.body.grantedByOperator, granted.body.youManage], ['Other Funder', false, false]);
    assert.equal((await t.api('GET', `/v1/credit-lines/${core2.id}`, { key: K2.apiKey })).body.youManage, true);
    await postConfirmed(t, '/v1/credit-lines', { body: { obligorMemberId: core2.id, limit: '2000' } });
    assert.equal((await t.api('GET', `/v1/credit-lines/${core2.id}`, { key: K.apiKey })).body.grantedBy.name, 'Other Funder', 'the operator’s change keeps the grantor');
  });

  test('a member reading one claim sees the same names as in its trace', async () => {
    const claim = await t.api('GET', `/v1/claims/${root}`, { key: Fj.apiKey });
    const named = (claim.body.holders as Array<{ party: Party }>).filter((h) => h.party.memberId).map((h) => name.get(h.party.memberId!)).sort();
    // The root's holders now: Borealis 200 000, Delta 300 000, Estuary 300 000, Fjord 50 000, Keystone 150 000.
    assert.deepEqual(named, ['Delta Castings', 'Fjord Steel', 'Keystone Capital']);
  });

  test('claims lists carry business identifiers, named by the disclosure rules; search, filters, order and paging on the server', async () => {
    const list = async (who: Member | null, query = '') => {
      const r = await t.api('GET', `/v1/claims${query}`, who ? { key: who.apiKey } : {});
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return r.body as { items: Array<{ id: string; rootId: string; business: any; totalSupply: string }>; nextCursor: string | null };
    };
    const rootOf = (page: Awaited<ReturnType<typeof list>>) => page.items.find((c) => c.id === root)!;
    const mine = rootOf(await list(B));
    assert.deepEqual({ ...mine.business, supplier: mine.business.supplier.name, issuedOn: typeof mine.business.issuedOn }, {
      invoiceNumber: 'DS-1', invoiceDate: null, supplier: 'Borealis Drivetrain', originalAmount: '1000000', issuedOn: 'string', dueDate,
    });
    assert.equal(rootOf(await list(D)).business.invoiceNumber, 'DS-1', 'Borealis sent Delta units: its invoice is named to Delta');
    const far = rootOf(await list(Fj)).business;
    assert.deepEqual([far.invoiceNumber, far.supplier.name, far.originalAmount, far.dueDate], [null, null, '1000000', dueDate], 'Fjord never dealt with Borealis');
    assert.match(far.supplier.pseudonym, /^P-[0-9a-f]{8}$/);

    const ids = (page: Awaited<ReturnType<typeof list>>) => page.items.map((c) => c.id);
    assert.deepEqual(ids(await list(null, '?q=DS-1')), [root]);
    assert.deepEqual(ids(await list(null, `?q=${root.slice(0, 12)}`)), [root]);
    assert.deepEqual(ids(await list(null, '?q=aurora')), [root], 'by the obligor’s name, any case');
    assert.deepEqual(ids(await list(null, '?q=borealis')), [root], 'by the supplier’s name');
    assert.deepEqual(ids(await list(null, '?q=nothing-like-it')), []);
    assert.deepEqual(ids(await list(Fj, '?q=DS-1')), [], 'no search by an invoice number the reader may not see');
    assert.deepEqual(ids(await list(null, '?status=unpaid')), [root]);
    assert.deepEqual(ids(await list(null, '?status=paid')), []);
    assert.deepEqual(ids(await list(null, '?overdue=true')), []);
    assert.deepEqual(ids(await list(null, '?overdue=false')), [root]);
    assert.deepEqual(ids(await list(null, `?dueFrom=${dueDate}&dueTo=${dueDate}`)), [root]);
    assert.deepEqual(ids(await list(null, `?dueTo=${isoDate(midnight(dueDate) - 86_400)}`)), []);
    assert.deepEqual(ids(await list(null, `?obligor=${C.id}&sort=-due`)), [root]);
    // Paged on the server in any order: an offset cursor for the orders other than newest.
    await postConfirmed(t, '/v1/payables', { key: C.apiKey, body: { supplierMemberId: B.id, consortiumId, invoiceNumber: 'DS-2', amount: '5000', dueDate } });
    const first = await list(null, '?sort=amount&limit=1');
    assert.deepEqual([first.items[0]!.totalSupply, first.nextCursor], ['5000', 'o1']);
    const second = await list(null, `?sort=amount&limit=1&cursor=${first.nextCursor}`);
    assert.deepEqual([second.items[0]!.id, second.nextCursor], [root, null]);
    assert.equal((await t.api('GET', '/v1/claims?sort=amount&cursor=123:0x1')).status, 400);
    assert.equal((await t.api('GET', '/v1/claims?status=lost')).status, 400);
    assert.equal((await t.api('GET', '/v1/claims?dueFrom=2030-02-30')).status, 400);
  });

  test('CSV exports: claims, a book, XT movements and the regulator\'s report, with exact amounts and the same names', async () => {
    const csv = async (path: string, who: Member | null) => {
      const r = await t.api('GET', path, who ? { key: who.apiKey } : {});
      assert.equal(r.status, 200, String(r.body));
      assert.match(r.headers.get('content-type') ?? '', /^text\/csv/);
      return (r.body as string).trim().split('\r\n').map((line) => line.split(','));
    };
    const claims = await csv('/v1/exports/claims.csv?q=DS-1', null);
    assert.equal(claims[0]![2], 'invoice_number');
    assert.deepEqual(claims.slice(1).map((r) => [r[0], r[2], r[4], r[5], r[8], r[9]]), [[root, 'DS-1', 'Borealis Drivetrain', 'Aurora Motors', '1000000', '10000.00']]);
    const asFjord = await csv('/v1/exports/claims.csv', Fj);
    const row = asFjord.find((r) => r[0] === root)!;
    assert.equal(row[2], '', 'no invoice number Fjord may not see');
    assert.match(row[4]!, /^party P-[0-9a-f]{8}$/);
    assert.deepEqual([row[12], row[13]], ['50000', '500.00'], 'its own holding, exact');
    const book = await csv(`/v1/exports/members/${K.id}/book.csv`, K);
    const bought = book.find((r) => r[0] === 'bought')!;
    assert.deepEqual([bought[1], bought[2], bought[4], bought[5]], [root, 'Fjord Steel', '150000', '1500.00']);
    assert.equal(BigInt(bought[6]!) + BigInt(bought[8]!), 150_000n, 'price + discount = face, to the minor unit');
    assert.equal((await t.api('GET', `/v1/exports/members/${K.id}/book.csv`, { key: Fj.apiKey })).status, 403);
    const moves = await csv('/v1/exports/xt-movements.csv', BG);
    const transfer = moves.find((r) => r[1] === 'transfer' && r[2] === '400')!;
    assert.deepEqual([transfer[3], transfer[5], transfer[7]], ['4.00', '', ''], 'the gateway: amounts exact, parties by pseudonym, no addresses');
    assert.match(transfer[4]!, /^party P-/);
    const report = await csv('/v1/exports/overview.csv', R);
    assert.deepEqual(report.find((r) => r[0] === 'obligor')!.slice(1, 2), ['Aurora Motors']);
    assert.equal((await t.api('GET', '/v1/exports/overview.csv', { key: B.apiKey })).status, 403);
  });

  test('GET /v1/overview: outstanding by obligor and tier, overdue from the day after the due date, financed volume and discount', async () => {
    for (const who of [B, K, C, G]) assert.equal((await t.api('GET', '/v1/overview', { key: who.apiKey })).status, 403, name.get(who.id));
    const o = (await t.api('GET', '/v1/overview', { key: R.apiKey })).body;
    // The tree (1 000 000) and the payable DS-2 (5 000) issued to Borealis by the list test above.
    assert.deepEqual(o.outstanding.byObligor.map((x: any) => [x.obligor.name, x.issued, x.outstanding, x.claims, x.openClaims]), [['Aurora Motors', '1005000', '1005000', 2, 2]]);
    assert.deepEqual([o.outstanding.total, o.outstanding.claims], ['1005000', 2]);
    // Borealis 200 000 + 5 000 (tier 1); Delta 300 000 and Estuary 300 000 (tier 2); Fjord 50 000 (tier 3); Keystone 150 000 (tier 4).
    assert.deepEqual(o.outstanding.byTier.map((x: any) => [x.tier, x.units, x.holdings]), [[1, '205000', 2], [2, '600000', 2], [3, '50000', 1], [4, '150000', 1]]);
    const { rows } = await t.db.query<{ hops: number; units: string }>('SELECT hops, SUM(balance)::text AS units FROM claim_holdings WHERE balance > 0 GROUP BY hops ORDER BY hops');
    assert.deepEqual(o.outstanding.byTier.map((x: any) => [x.tier - 1, x.units]), rows.map((r) => [r.hops, r.units]), 'the totals equal a scan');
    const sale = (await t.db.query<{ amount: string; price: string }>('SELECT amount::text AS amount, price::text AS price FROM financings')).rows;
    assert.equal(sale.length, 1);
    const discount = BigInt(sale[0]!.amount) - BigInt(sale[0]!.price);
    assert.deepEqual([o.financed.sales, o.financed.volume, o.financed.price, o.financed.discount], [1, '150000', sale[0]!.price, discount.toString()]);
    assert.equal(o.financed.averageDiscountBps, Number((discount * 10_000n) / 150_000n));
    assert.deepEqual(o.overdue, { total: '0', claims: 0 });
    // On the due date itself nothing is overdue (docs/adr/007); from the next day the unpaid principal is.
    await setChainTime(t, midnight(dueDate) + 86_399);
    assert.deepEqual((await t.api('GET', '/v1/overview').then((r) => r.body)).overdue, { total: '0', claims: 0 });
    await setChainTime(t, midnight(dueDate) + 86_400);
    assert.deepEqual((await t.api('GET', '/v1/overview').then((r) => r.body)).overdue, { total: '1005000', claims: 2 });
  });
});
