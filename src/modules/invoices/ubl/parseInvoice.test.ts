/** The UBL reader and the BIS 3 rules, against the sample invoices in test/fixtures/ubl (valid and invalid). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { TierchainError } from '../../../common/errors.ts';
import { parseCsv } from '../../../common/csv.ts';
import { parseInvoice } from './parseInvoice.ts';

const fixture = (name: string) => readFileSync(new URL(`../../../../test/fixtures/ubl/${name}`, import.meta.url), 'utf8');
const ruleBroken = (name: string): string => {
  try {
    parseInvoice(fixture(name), 'CNY');
  } catch (e) {
    assert.ok(e instanceof TierchainError, String(e));
    assert.equal(e.code, 'invoice_rule_violated', e.message);
    assert.ok(e.message.startsWith(`${e.details.rule}: `), e.message);
    return e.details.rule as string;
  }
  assert.fail(`${name} was accepted`);
};

test('a BIS 3 invoice with charges, allowances, VAT and an advance reads to exact minor units', () => {
  const inv = parseInvoice(fixture('invoice-bis3-cny.xml'), 'CNY');
  assert.equal(inv.number, 'TOP-2026-001187');
  assert.equal(inv.issueDate, '2026-11-28');
  assert.equal(inv.dueDate, '2027-02-26');
  assert.deepEqual(inv.seller, { name: 'Tier One Parts (Shanghai) Co., Ltd.', registrationId: '9131000066778899AB', vatId: 'CN9131000066778899AB', country: 'CN' });
  assert.equal(inv.buyer.registrationId, '91110000100012345X');
  assert.deepEqual(
    [inv.lineNet, inv.allowances, inv.charges, inv.taxExclusive, inv.tax, inv.taxInclusive, inv.prepaid, inv.payable],
    [1479500n, 9500n, 20000n, 1490000n, 193700n, 1683700n, 100000n, 1583700n],
  );
  assert.deepEqual(inv.lines.map((l) => [l.id, l.net]), [['1', 855000n], ['2', 624500n]]);
});

test('each invalid sample is refused naming the rule it breaks', () => {
  const expected: Record<string, string> = {
    'invalid-BR-CO-15-total-with-vat.xml': 'BR-CO-15',
    'invalid-BR-CO-10-line-sum.xml': 'BR-CO-10',
    'invalid-BR-CO-13-without-vat.xml': 'BR-CO-13',
    'invalid-BR-CO-16-amount-due.xml': 'BR-CO-16',
    'invalid-BR-02-no-number.xml': 'BR-02',
    'invalid-BR-06-no-seller-name.xml': 'BR-06',
    'invalid-BR-DEC-three-decimals.xml': 'BR-DEC',
    'invalid-R051-currency-mismatch.xml': 'PEPPOL-EN16931-R051',
    'invalid-R004-not-bis3.xml': 'PEPPOL-EN16931-R004',
    'invalid-TC-F01-no-due-date.xml': 'TC-F01',
    'invalid-TC-F03-credit-note.xml': 'TC-F03',
    'invalid-TC-F04-euro.xml': 'TC-F04',
  };
  for (const [file, rule] of Object.entries(expected)) assert.equal(ruleBroken(file), rule, file);
  // The EUR invoice is itself valid: in a EUR deployment it reads.
  assert.equal(parseInvoice(fixture('invalid-TC-F04-euro.xml'), 'EUR').payable, 1583700n);
});

test('not a UBL invoice, or not XML, is a 400 on body.xml', () => {
  for (const xml of ['<Invoice>', '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.08"/>', fixture('invoice-bis3-cny.xml').replace('Invoice-2"', 'CreditNote-2"')]) {
    assert.throws(() => parseInvoice(xml, 'CNY'), (e: unknown) => e instanceof TierchainError && e.status === 400 && e.details.field === 'body.xml');
  }
});

test('CSV (RFC 4180): quotes, doubled quotes, CRLF, a BOM, line breaks inside quotes', () => {
  assert.deepEqual(parseCsv('\uFEFFa,b\r\n"x, y","say ""hi"""\r\n"multi\nline",2\n'), [['a', 'b'], ['x, y', 'say "hi"'], ['multi\nline', '2']]);
  assert.throws(() => parseCsv('a,b\n"open,1\n'), /not closed/);
  assert.deepEqual(parseCsv(fixture('invoices-batch.csv'))[2]![5], '2500.00');
});
