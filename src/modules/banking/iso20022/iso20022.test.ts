/** camt.054 read and pain.001 written against the fixture files (test/fixtures/iso20022), amounts exact. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { AmountError, fromMinorUnits, toMinorUnits } from '../../../common/decimalAmounts.ts';
import { parseXml } from '../../../common/xml.ts';
import { TierchainError } from '../../../common/errors.ts';
import { parseCamt054 } from './camt054.ts';
import { buildPain001, PAIN001_NAMESPACE } from './pain001.ts';
import { isIban } from './accounts.ts';

const fixture = (name: string) => readFileSync(new URL(`../../../../test/fixtures/iso20022/${name}`, import.meta.url), 'utf8');
const refusal = (name: string): string => {
  try {
    parseCamt054(fixture(name));
  } catch (e) {
    assert.ok(e instanceof TierchainError, String(e));
    return e.code;
  }
  assert.fail(`${name} was accepted`);
};

test('reads a camt.054.001.08 with batched and pending entries: exact minor units, debtor accounts, the pending entry set aside', () => {
  const n = parseCamt054(fixture('camt054-v08-credits.xml'));
  assert.equal(n.messageId, 'GWB-CAMT054-20261202-0001');
  assert.equal(n.version, '08');
  assert.deepEqual(n.accounts, ['110060149018800012345']);
  assert.deepEqual(
    n.entries.map((e) => [e.entryRef, e.direction, e.amount, e.currency, e.bookingDate]),
    [
      ['GWB20261202C000001', 'credit', 12500050n, 'CNY', '2026-12-02'],
      ['GWB20261202C000002', 'credit', 300000n, 'CNY', '2026-12-02'],
    ],
  );
  assert.deepEqual(
    n.entries[1]!.transactions.map((t) => [t.amount, t.counterpartyIban, t.endToEndId, t.remittance]),
    [
      [100000n, '6222020200112233445', 'CORE-PAY-7782', undefined],
      [200000n, 'DE89370400440532013000', undefined, 'XT top-up'],
    ],
  );
  assert.deepEqual(n.notBooked, [{ entryRef: 'GWB20261202P000003', status: 'PDNG' }]);
});

test('reads the older camt.054.001.02 (status as text, Dbtr/Nm) and a debit quoting a payout', () => {
  const v2 = parseCamt054(fixture('camt054-v02-credit.xml'));
  assert.equal(v2.version, '02');
  assert.deepEqual(v2.entries[0]!.transactions[0], { endToEndId: 'SUP-TEST-1', amount: 1n, counterpartyIban: 'DE89370400440532013000', counterpartyName: 'Tier One Parts GmbH', remittance: undefined });
  const debit = parseCamt054(fixture('camt054-v08-debit.xml'));
  assert.equal(debit.entries[0]!.direction, 'debit');
  assert.equal(debit.entries[0]!.transactions[0]!.endToEndId, 'TC68767D6484DA4BF76DE6DAD796E0F69B');
  assert.equal(debit.entries[0]!.amount, 70025n);
});

test('refuses each invalid sample with its named error', () => {
  assert.equal(refusal('invalid-camt054-truncated.xml'), 'BankMessageMalformed');
  assert.equal(refusal('invalid-camt054-no-message-id.xml'), 'BankMessageMalformed');
  assert.equal(refusal('invalid-camt054-three-decimals.xml'), 'BankAmountInvalid');
  assert.equal(refusal('invalid-camt054-not-a-number.xml'), 'BankAmountInvalid');
  assert.equal(refusal('invalid-camt054-sum-mismatch.xml'), 'BankAmountMismatch');
  assert.equal(refusal('invalid-camt053-statement.xml'), 'BankMessageUnsupported');
  assert.throws(() => parseCamt054('<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><Document>&x;</Document>'), /DOCTYPE/);
});

test('decimal strings to minor units are exact, and more decimals than the currency has are refused, never rounded', () => {
  assert.equal(toMinorUnits('0.10', 'CNY'), 10n);
  assert.equal(toMinorUnits('1.500', 'EUR'), 150n);
  assert.equal(toMinorUnits('12', 'JPY'), 12n);
  assert.equal(toMinorUnits('1.234', 'KWD'), 1234n);
  assert.equal(toMinorUnits('99999999999999999999999999.99', 'CNY'), 9999999999999999999999999999n);
  for (const [v, c, problem] of [['1.005', 'CNY', 'precision'], ['1.5', 'JPY', 'precision'], ['-1.00', 'CNY', 'sign'], ['0.00', 'CNY', 'zero'], ['1,00', 'CNY', 'format'], ['1e2', 'CNY', 'format'], ['1.00', 'XXX', 'currency']] as const) {
    assert.throws(() => toMinorUnits(v, c), (e: unknown) => e instanceof AmountError && e.problem === problem, `${v} ${c}`);
  }
  // Round trip over random amounts: what pain.001 writes, camt.054 reads back to the same minor units.
  fc.assert(
    fc.property(fc.bigInt({ min: 1n, max: 10n ** 30n }), fc.constantFrom('CNY', 'JPY', 'KWD'), (minor, ccy) => toMinorUnits(fromMinorUnits(minor, ccy), ccy) === minor),
    { numRuns: 500 },
  );
});

test('pain.001.001.09 carries every payout exactly, with the count and control sum, and parses back', () => {
  const xml = buildPain001({
    messageId: 'TCPAY-1',
    createdAt: new Date('2026-12-02T08:00:00.123Z'),
    executionDate: '2026-12-03',
    currency: 'CNY',
    initiatingParty: 'Tierchain & Co <Settlement>',
    debtorName: 'Tierchain Settlement Account',
    debtorAccount: '110060149018800012345',
    debtorBic: 'GWBKCNBJXXX',
    transfers: [
      { endToEndId: 'TCAAA', amount: 70025n, creditorName: 'Tier One Parts GmbH', creditorAccount: 'DE89370400440532013000', remittance: 'XT withdrawal WD-1' },
      { endToEndId: 'TCBBB', amount: 1n, creditorName: 'Core Motors', creditorAccount: '6222020200112233445', creditorBic: 'ICBKCNBJXXX', remittance: 'XT withdrawal WD-2' },
    ],
  });
  const doc = parseXml(xml);
  assert.equal(doc.namespace, PAIN001_NAMESPACE);
  const init = doc.root.CstmrCdtTrfInitn as Record<string, any>;
  assert.equal(init.GrpHdr.NbOfTxs, '2');
  assert.equal(init.GrpHdr.CtrlSum, '700.26');
  assert.equal(init.GrpHdr.CreDtTm, '2026-12-02T08:00:00Z');
  assert.equal(init.GrpHdr.InitgPty.Nm, 'Tierchain & Co <Settlement>');
  assert.equal(init.PmtInf.DbtrAcct.Id.Othr.Id, '110060149018800012345');
  const [a, b] = init.PmtInf.CdtTrfTxInf;
  assert.deepEqual(a.Amt.InstdAmt, { '#text': '700.25', '@_Ccy': 'CNY' });
  assert.equal(a.CdtrAcct.Id.IBAN, 'DE89370400440532013000');
  assert.equal(b.Amt.InstdAmt['#text'], '0.01');
  assert.equal(b.CdtrAcct.Id.Othr.Id, '6222020200112233445');
  assert.equal(b.PmtId.EndToEndId, 'TCBBB');
});

test('IBAN check digits (ISO 13616 mod 97)', () => {
  assert.equal(isIban('DE89370400440532013000'), true);
  assert.equal(isIban('GB29NWBK60161331926819'), true);
  assert.equal(isIban('DE88370400440532013000'), false);
  assert.equal(isIban('6222020200112233445'), false);
});
