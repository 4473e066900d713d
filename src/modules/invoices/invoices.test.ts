/**
 * End-to-end through the HTTP API: a supplier uploads a Peppol BIS 3 invoice (test/fixtures/ubl) and the trade is
 * submitted from it without retyping — the buyer found by its registration id, the invoice's number, due date and
 * amount due, the file's SHA-256 as the documents hash on-chain; the buyer confirms it into a claim. Invalid invoices
 * are refused naming the rule; a CSV batch goes in whole or not at all.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Database } from '../../db/database.ts';
import { availableTestDatabases } from '../../../test/support/databases.ts';
import { onboard, startTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { assertError, post, postConfirmed } from '../../../test/support/e2e.ts';
import { formConsortium, type Member } from '../../../test/support/receivables.ts';

const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/ubl/${name}`, import.meta.url), 'utf8');
/** The samples' due dates are real dates; the chain's clock is today's, so move them a year ahead of it. */
const due = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const withDueDate = (xml: string, date: string) => xml.replace(/<cbc:DueDate>[^<]*<\/cbc:DueDate>/, `<cbc:DueDate>${date}</cbc:DueDate>`);
const csvWithDueDates = (csv: string) => csv.replace(/,20\d\d-\d\d-\d\d,CNY/g, `,${due(200)},CNY`);
const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

for (const backend of await availableTestDatabases()) {
  describe(`e-invoices, UBL 2.1 / Peppol BIS 3 (${backend.name})`, () => {
    let db: Database;
    let t: TestPlatform;
    let core: Member;
    let supplier: Member;
    let other: Member;
    let funder: Member;
    let consortiumId: string;

    before(async () => {
      db = await backend.open();
      t = await startTestPlatform({ db });
      [core, supplier, other, funder] = await Promise.all([
        onboard(t, { name: 'Core Motors Co., Ltd.', registrationNumber: '91110000100012345X', roles: ['core_enterprise'] }),
        onboard(t, { name: 'Tier One Parts (Shanghai) Co., Ltd.', registrationNumber: '9131 0000 6677 8899 AB', roles: ['supplier'] }),
        onboard(t, { name: 'Other Parts', registrationNumber: '91440300MA5XXXXXX1', roles: ['supplier'] }),
        onboard(t, { name: 'Funder Bank', registrationNumber: 'FUND-UBL', roles: ['funder'] }),
      ]);
      consortiumId = await formConsortium(t, core, [supplier, other], 'Invoice chain');
      await postConfirmed(t, '/v1/credit-lines', { key: funder.apiKey, body: { obligorMemberId: core.id, limit: '100000000' } });
    });

    after(async () => {
      await t?.close();
      await db?.close();
    });

    test('a BIS 3 invoice becomes the trade, field for field, with its SHA-256 on-chain; the buyer confirms it into a claim', async () => {
      const xml = withDueDate(fixture('invoice-bis3-cny.xml'), due(365));
      const r = await postConfirmed(t, '/v1/invoices', { key: supplier.apiKey, body: { xml, consortiumId, lateRateBps: 500 } });
      const inv = r.body.invoice;
      assert.deepEqual(
        [inv.invoiceNumber, inv.buyerMemberId, inv.sellerMemberId, inv.payable, inv.taxExclusive, inv.tax, inv.dueDate, inv.issueDate, inv.source],
        ['TOP-2026-001187', core.id, supplier.id, '1583700', '1490000', '193700', due(365), '2026-11-28', 'ubl'],
      );
      assert.equal(inv.sha256, sha256(xml));
      assert.equal(inv.sm3, createHash('sm3').update(xml, 'utf8').digest('hex'));
      assert.deepEqual(r.commands.map((c) => c.kind), ['trade.submit']);

      const trade = await t.api('GET', `/v1/trades/${inv.tradeId}`, { key: core.apiKey });
      assert.equal(trade.status, 200, JSON.stringify(trade.body));
      assert.equal(trade.body.amount, '1583700');
      assert.equal(trade.body.invoiceNumber, 'TOP-2026-001187');
      assert.equal(trade.body.documentsHash, `0x${inv.sha256}`);
      assert.equal(trade.body.dueDate, due(365));

      const confirmed = await postConfirmed(t, `/v1/trades/${inv.tradeId}/confirm`, { key: core.apiKey });
      assert.equal(confirmed.body.claimId, r.body.claimId);
      const claim = await t.api('GET', `/v1/claims/${r.body.claimId}`, { key: supplier.apiKey });
      assert.equal(claim.status, 200, JSON.stringify(claim.body));

      // The buyer sees it with the document; a third member does not.
      const seen = await t.api('GET', `/v1/invoices/${inv.id}`, { key: core.apiKey });
      assert.equal(seen.body.document, xml);
      assertError(await t.api('GET', `/v1/invoices/${inv.id}`, { key: other.apiKey }), 403, 'forbidden');
      assert.deepEqual((await t.api('GET', '/v1/invoices', { key: other.apiKey })).body.items, []);

      // One invoice backs one trade.
      assertError(await post(t, '/v1/invoices', { key: supplier.apiKey, body: { xml, consortiumId } }), 409, 'invoice_used');
    });

    test('an invalid invoice is refused naming the rule it breaks, and nothing is submitted', async () => {
      const before = (await t.db.query<{ n: string }>('SELECT count(*)::text AS n FROM commands')).rows[0]!.n;
      for (const [file, rule] of [
        ['invalid-BR-CO-15-total-with-vat.xml', 'BR-CO-15'],
        ['invalid-BR-CO-10-line-sum.xml', 'BR-CO-10'],
        ['invalid-BR-02-no-number.xml', 'BR-02'],
        ['invalid-BR-DEC-three-decimals.xml', 'BR-DEC'],
        ['invalid-TC-F01-no-due-date.xml', 'TC-F01'],
        ['invalid-TC-F03-credit-note.xml', 'TC-F03'],
        ['invalid-TC-F04-euro.xml', 'TC-F04'],
      ] as const) {
        const r = await post(t, '/v1/invoices', { key: supplier.apiKey, body: { xml: withDueDate(fixture(file), due(300)), consortiumId } });
        assertError(r, 422, 'invoice_rule_violated');
        assert.equal(r.body.error.details.rule, rule, file);
        assert.match(r.body.error.message, new RegExp(`^${rule}: `));
      }
      // Someone else's invoice (TC-F06), a buyer who is no member (TC-F07), a core enterprise uploading (403).
      const valid = withDueDate(fixture('invoice-bis3-cny.xml'), due(300)).replace('TOP-2026-001187', 'TOP-2026-009999');
      assert.equal((await post(t, '/v1/invoices', { key: other.apiKey, body: { xml: valid, consortiumId } })).body.error.details.rule, 'TC-F06');
      const unknownBuyer = valid.replaceAll('91110000100012345X', '91110000999999999Y');
      assert.equal((await post(t, '/v1/invoices', { key: supplier.apiKey, body: { xml: unknownBuyer, consortiumId } })).body.error.details.rule, 'TC-F07');
      assertError(await post(t, '/v1/invoices', { key: core.apiKey, body: { xml: valid, consortiumId } }), 403, 'forbidden');
      assertError(await post(t, '/v1/invoices', { key: supplier.apiKey, body: { xml: '<Invoice', consortiumId } }), 400, 'validation_failed', 'body.xml');
      assert.equal((await t.db.query<{ n: string }>('SELECT count(*)::text AS n FROM commands')).rows[0]!.n, before);
    });

    test('a CSV batch is checked row by row and submitted whole, or refused whole naming the row and the rule', async () => {
      const bad = await post(t, '/v1/invoices/batches', { key: supplier.apiKey, body: { csv: csvWithDueDates(fixture('invalid-batch-row-3-BR-CO-15.csv')), consortiumId } });
      assertError(bad, 422, 'invoice_rule_violated');
      assert.deepEqual([bad.body.error.details.rule, bad.body.error.details.row, bad.body.error.details.column], ['BR-CO-15', 3, 'total_amount']);
      const { rows } = await t.db.query<{ n: string }>("SELECT count(*)::text AS n FROM invoices WHERE invoice_number LIKE 'TOP-2026-0012%'");
      assert.equal(rows[0]!.n, '0');

      const csv = csvWithDueDates(fixture('invoices-batch.csv'));
      const r = await postConfirmed(t, '/v1/invoices/batches', { key: supplier.apiKey, body: { csv, consortiumId } });
      assert.equal(r.body.sha256, sha256(csv));
      assert.deepEqual(
        r.body.invoices.map((i: { invoiceNumber: string; payable: string; buyerMemberId: string; source: string }) => [i.invoiceNumber, i.payable, i.buyerMemberId, i.source]),
        [
          ['TOP-2026-001190', '1130000', core.id, 'csv'],
          ['TOP-2026-001191', '282500', core.id, 'csv'],
          ['TOP-2026-001192', '11', core.id, 'csv'],
        ],
      );
      assert.equal(r.commands.length, 3);
      // Each row's documents hash is its own: the header and the row, written back canonically.
      const [first] = r.body.invoices;
      const trade = await t.api('GET', `/v1/trades/${first.tradeId}`, { key: supplier.apiKey });
      assert.equal(trade.body.documentsHash, `0x${first.sha256}`);
      assert.notEqual(first.sha256, r.body.invoices[1].sha256);
    });
  });
}
