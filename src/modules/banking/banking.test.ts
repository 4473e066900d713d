/**
 * End-to-end through the HTTP API: a bank gateway imports real camt.054 files (test/fixtures/iso20022) — credits
 * become XT deposits to the members whose accounts sent them, exactly; duplicated and invalid messages are refused
 * with their named error and change nothing — then pays confirmed withdrawals out with a pain.001, and books the
 * bank's debit of that payout.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Database } from '../../db/database.ts';
import { availableTestDatabases } from '../../../test/support/databases.ts';
import { onboard, startTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { assertError, newKey, post, postConfirmed } from '../../../test/support/e2e.ts';
import { parseXml } from '../../common/xml.ts';

const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/iso20022/${name}`, import.meta.url), 'utf8');

interface Onboarded {
  id: string;
  address: string;
  apiKey: string;
}

for (const backend of await availableTestDatabases()) {
  describe(`bank messages, ISO 20022 (${backend.name})`, () => {
    let db: Database;
    let t: TestPlatform;
    let bank: Onboarded;
    let core: Onboarded;
    let supplier: Onboarded;
    let distributor: Onboarded;

    const balance = async (m: Onboarded) => BigInt((await t.api('GET', `/v1/xt/balances/${m.id}`, { key: bank.apiKey })).body.balance);
    const supply = async () => BigInt((await t.api('GET', '/v1/xt/balances', { key: bank.apiKey })).body.totalSupply);
    const messages = async () => (await t.api('GET', '/v1/bank/messages', { key: bank.apiKey })).body.items as Array<{ kind: string; messageId: string }>;
    const record = (path: string, key: string, body: unknown) => t.api('POST', path, { key, body, idempotencyKey: newKey('bank') });
    const importFile = (name: string, key = bank.apiKey) => post(t, '/v1/bank/notifications', { key, body: { xml: fixture(name) } });

    before(async () => {
      db = await backend.open();
      t = await startTestPlatform({ db });
      [bank, core, supplier, distributor] = await Promise.all([
        onboard(t, { name: 'Gateway Bank', registrationNumber: 'BANK-ISO', roles: ['bank_gateway'] }),
        onboard(t, { name: 'Core Motors', registrationNumber: 'CORE-ISO', roles: ['core_enterprise'] }),
        onboard(t, { name: 'Tier One Parts', registrationNumber: 'SUP-ISO', roles: ['supplier'] }),
        onboard(t, { name: 'Channel Distribution', registrationNumber: 'DIS-ISO', roles: ['distributor'] }),
      ]);
    });

    after(async () => {
      await t?.close();
      await db?.close();
    });

    test("the gateway must register the platform's account first; members register their own", async () => {
      assertError(await importFile('camt054-v08-credits.xml'), 422, 'BankAccountUnknown');
      const own = await record('/v1/bank/accounts', bank.apiKey, { memberId: bank.id, account: '110060149018800012345', bic: 'GWBKCNBJXXX', holderName: 'Tierchain Settlement Account' });
      assert.equal(own.status, 201, JSON.stringify(own.body));
      assert.equal((await record('/v1/bank/accounts', core.apiKey, { memberId: core.id, account: '6222020200112233445', holderName: 'Core Motors Co., Ltd.' })).status, 201);
      const sup = await record('/v1/bank/accounts', supplier.apiKey, { memberId: supplier.id, account: 'DE89 3704 0044 0532 0130 00', holderName: 'Tier One Parts GmbH' });
      assert.equal(sup.status, 201);
      assert.equal(sup.body.account, 'DE89370400440532013000');
      // Not someone else's account, not another member's number, not a broken IBAN.
      assertError(await record('/v1/bank/accounts', supplier.apiKey, { memberId: core.id, account: '6222020200112233446', holderName: 'x' }), 403, 'forbidden');
      assertError(await record('/v1/bank/accounts', distributor.apiKey, { memberId: distributor.id, account: '6222020200112233445', holderName: 'x' }), 409, 'BankAccountTaken');
      assertError(await record('/v1/bank/accounts', distributor.apiKey, { memberId: distributor.id, account: 'DE88370400440532013000', holderName: 'x' }), 400, 'validation_failed', 'body.account');
      const mine = await t.api('GET', '/v1/bank/accounts', { key: core.apiKey });
      assert.deepEqual(mine.body.items.map((a: { memberId: string }) => a.memberId), [core.id]);
    });

    test('a camt.054 credit notification becomes XT deposits to the members whose accounts paid, to the cent', async () => {
      const r = await postConfirmed(t, '/v1/bank/notifications', { key: bank.apiKey, body: { xml: fixture('camt054-v08-credits.xml') } });
      assert.equal(r.body.messageId, 'GWB-CAMT054-20261202-0001');
      assert.equal(r.body.credited, '12800050');
      assert.deepEqual(
        r.body.bookings.map((b: { entryRef: string; memberId: string; amount: string; depositReference: string }) => [b.entryRef, b.memberId, b.amount, b.depositReference]),
        [
          ['GWB20261202C000001', core.id, '12500050', 'camt054/GWB20261202C000001'],
          ['GWB20261202C000002', core.id, '100000', 'camt054/GWB20261202C000002/1'],
          ['GWB20261202C000002', supplier.id, '200000', 'camt054/GWB20261202C000002/2'],
        ],
      );
      assert.deepEqual(r.body.notBooked, [{ entryRef: 'GWB20261202P000003', status: 'PDNG' }]);
      assert.deepEqual(r.commands.map((c) => c.kind), ['xt.deposit', 'xt.deposit', 'xt.deposit']);
      assert.equal(await balance(core), 12600050n);
      assert.equal(await balance(supplier), 200000n);
      const movements = await t.api('GET', '/v1/xt/movements', { key: supplier.apiKey });
      assert.equal(movements.body.items[0].reference, 'camt054/GWB20261202C000002/2');

      const v2 = await postConfirmed(t, '/v1/bank/notifications', { key: bank.apiKey, body: { xml: fixture('camt054-v02-credit.xml') } });
      assert.equal(v2.body.credited, '1');
      assert.equal(await balance(supplier), 200001n);
    });

    test('a duplicated message, a replayed entry and every invalid sample are refused by name and change nothing', async () => {
      const before = { supply: await supply(), messages: (await messages()).length };
      const cases: Array<[string, number, string]> = [
        ['camt054-v08-credits.xml', 409, 'BankMessageDuplicate'],
        ['invalid-camt054-replayed-entry.xml', 409, 'BankEntryDuplicate'],
        ['invalid-camt054-truncated.xml', 422, 'BankMessageMalformed'],
        ['invalid-camt054-no-message-id.xml', 422, 'BankMessageMalformed'],
        ['invalid-camt054-three-decimals.xml', 422, 'BankAmountInvalid'],
        ['invalid-camt054-not-a-number.xml', 422, 'BankAmountInvalid'],
        ['invalid-camt054-foreign-currency.xml', 422, 'BankCurrencyMismatch'],
        ['invalid-camt054-unknown-debtor.xml', 422, 'BankAccountUnknown'],
        ['invalid-camt054-sum-mismatch.xml', 422, 'BankAmountMismatch'],
        ['invalid-camt054-unmatched-debit.xml', 422, 'BankEntryUnmatched'],
        ['invalid-camt053-statement.xml', 422, 'BankMessageUnsupported'],
      ];
      for (const [file, status, code] of cases) assertError(await importFile(file), status, code);
      assertError(await post(t, '/v1/bank/notifications', { key: bank.apiKey, body: { xml: 'not xml at all' } }), 422, 'BankMessageMalformed');
      // Only a bank gateway imports.
      assertError(await importFile('camt054-v02-credit.xml', core.apiKey), 403, 'forbidden');
      assert.equal(await supply(), before.supply);
      assert.equal((await messages()).length, before.messages);
      const { rows } = await t.db.query<{ n: string }>('SELECT count(*)::text AS n FROM bank_entries');
      assert.equal(rows[0]!.n, '4');
    });

    test('confirmed withdrawals are paid out in one pain.001; the bank’s camt.054 debit books the payout once', async () => {
      await postConfirmed(t, '/v1/xt/withdrawals', { key: supplier.apiKey, body: { amount: '70025', reference: 'WD-TIER1-0001' } });
      await postConfirmed(t, '/v1/xt/withdrawals', { key: core.apiKey, body: { amount: '12600050', reference: 'WD-CORE-0001' } });
      // A member without a bank account waits in `skipped`.
      await postConfirmed(t, '/v1/xt/deposits', { key: bank.apiKey, body: { memberId: distributor.id, amount: '500', reference: 'MANUAL-DIS-1' } });
      await postConfirmed(t, '/v1/xt/withdrawals', { key: distributor.apiKey, body: { amount: '500', reference: 'WD-DIS-0001' } });

      assertError(await record('/v1/bank/payment-initiations', supplier.apiKey, {}), 403, 'forbidden');
      const out = await record('/v1/bank/payment-initiations', bank.apiKey, { executionDate: '2026-12-03' });
      assert.equal(out.status, 201, JSON.stringify(out.body));
      assert.equal(out.body.total, '12670075');
      assert.deepEqual(
        out.body.payouts.map((p: { endToEndId: string; memberId: string; amount: string; account: string }) => [p.memberId, p.amount, p.account]),
        [
          [supplier.id, '70025', 'DE89370400440532013000'],
          [core.id, '12600050', '6222020200112233445'],
        ],
      );
      assert.equal(out.body.payouts[0].endToEndId, 'TC68767D6484DA4BF76DE6DAD796E0F69B');
      assert.deepEqual(out.body.skipped.map((s: { memberId: string; reason: string }) => [s.memberId, s.reason]), [[distributor.id, 'no_bank_account']]);
      const doc = parseXml(out.body.xml);
      assert.equal(doc.namespace, 'urn:iso:std:iso:20022:tech:xsd:pain.001.001.09');
      const init = doc.root.CstmrCdtTrfInitn as Record<string, any>;
      assert.equal(init.GrpHdr.CtrlSum, '126700.75');
      assert.equal(init.PmtInf.ReqdExctnDt.Dt, '2026-12-03');
      assert.equal(init.PmtInf.DbtrAcct.Id.Othr.Id, '110060149018800012345');
      assert.deepEqual(init.PmtInf.CdtTrfTxInf.map((x: any) => x.Amt.InstdAmt['#text']), ['700.25', '126000.50']);
      const stored = await t.api('GET', `/v1/bank/messages/${out.body.exportId}`, { key: bank.apiKey });
      assert.equal(stored.body.document, out.body.xml);

      // Exported once: a second export has nothing but the one still waiting for an account.
      const again = await record('/v1/bank/payment-initiations', bank.apiKey, {});
      assert.equal(again.body.messageId, null);
      assert.equal(again.body.skipped.length, 1);

      const debit = await post(t, '/v1/bank/notifications', { key: bank.apiKey, body: { xml: fixture('camt054-v08-debit.xml') } });
      assert.equal(debit.status, 202, JSON.stringify(debit.body));
      assert.equal(debit.body.debited, '70025');
      assert.deepEqual(debit.commands, []);
      const payouts = await t.api('GET', '/v1/bank/payouts', { key: supplier.apiKey });
      assert.deepEqual(payouts.body.items.map((p: { status: string; amount: string }) => [p.amount, p.status]), [['70025', 'paid']]);
      // The same debit under a new message id pays nothing twice.
      const replay = fixture('camt054-v08-debit.xml').replace('GWB-CAMT054-20261203-0001', 'GWB-CAMT054-20261203-0002').replace('GWB20261203D000001', 'GWB20261203D000002');
      assertError(await post(t, '/v1/bank/notifications', { key: bank.apiKey, body: { xml: replay } }), 409, 'BankEntryDuplicate');
      // A debit of another amount than the payout is refused.
      const wrong = fixture('camt054-v08-debit.xml')
        .replace('GWB-CAMT054-20261203-0001', 'GWB-CAMT054-20261203-0003')
        .replace('GWB20261203D000001', 'GWB20261203D000003')
        .replace('TC68767D6484DA4BF76DE6DAD796E0F69B', out.body.payouts[1].endToEndId)
        .replace('TC68767D6484DA4BF76DE6DAD796E0F69B', out.body.payouts[1].endToEndId);
      assertError(await post(t, '/v1/bank/notifications', { key: bank.apiKey, body: { xml: wrong } }), 422, 'BankAmountMismatch');

      // XT supply = deposits − withdrawals, to the minor unit.
      assert.equal(await supply(), 12800050n + 1n + 500n - 70025n - 12600050n - 500n);
    });
  });
}
