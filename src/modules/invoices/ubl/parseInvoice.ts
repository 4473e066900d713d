/**
 * A UBL 2.1 Invoice (Peppol BIS Billing 3.0) read with the XML parser and checked against the rules that matter for
 * financing it (./invoiceRules.ts): who sells to whom, its number, issue and due dates, its currency, and totals
 * that add up to the minor unit. The first rule broken is thrown (invoiceRefused), naming the rule.
 */
import { AmountError, currencyMinorUnits, toMinorUnits } from '../../../common/decimalAmounts.ts';
import { XmlMalformedError, at, attribute, children, parseXml, text, textAt, type XmlNode } from '../../../common/xml.ts';
import { ValidationError } from '../../../common/errors.ts';
import { invoiceRefused, type InvoiceRule } from './invoiceRules.ts';

export const UBL_INVOICE_NAMESPACE = 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2';
export const BIS3_CUSTOMIZATION = 'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0';

export interface InvoiceParty {
  name: string;
  /** Legal registration identifier (BT-30 / BT-47): PartyLegalEntity/CompanyID. */
  registrationId?: string;
  /** VAT identifier (BT-31 / BT-48): PartyTaxScheme/CompanyID. */
  vatId?: string;
  country: string;
}

export interface CheckedInvoice {
  number: string;
  issueDate: string;
  dueDate: string;
  typeCode: string;
  currency: string;
  seller: InvoiceParty;
  buyer: InvoiceParty;
  lineNet: bigint;
  allowances: bigint;
  charges: bigint;
  taxExclusive: bigint;
  tax: bigint;
  taxInclusive: bigint;
  prepaid: bigint;
  rounding: bigint;
  payable: bigint;
  lines: Array<{ id: string; net: bigint; name: string }>;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function date(node: XmlNode, name: string, rule: InvoiceRule, required: boolean): string | undefined {
  const v = textAt(node, name);
  if (!v) {
    if (required) throw invoiceRefused(rule, `${name} is missing`, { path: name });
    return undefined;
  }
  const d = new Date(`${v}T00:00:00Z`);
  if (!DATE.test(v) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== v) throw invoiceRefused('PEPPOL-EN16931-F001', `${name} is "${v}"`, { path: name });
  return v;
}

function party(root: XmlNode, role: 'AccountingSupplierParty' | 'AccountingCustomerParty'): InvoiceParty {
  const seller = role === 'AccountingSupplierParty';
  const p = at(root, role, 'Party');
  const name = textAt(p, 'PartyLegalEntity', 'RegistrationName');
  if (!name) throw invoiceRefused(seller ? 'BR-06' : 'BR-07', `${role}/Party/PartyLegalEntity/RegistrationName is missing`, { path: `${role}/Party/PartyLegalEntity/RegistrationName` });
  const address = at(p, 'PostalAddress');
  if (!address) throw invoiceRefused(seller ? 'BR-08' : 'BR-10', `${role}/Party/PostalAddress is missing`, { path: `${role}/Party/PostalAddress` });
  const country = textAt(address, 'Country', 'IdentificationCode');
  if (!country) throw invoiceRefused(seller ? 'BR-09' : 'BR-11', `${role}/Party/PostalAddress/Country/IdentificationCode is missing`, { path: `${role}/Party/PostalAddress/Country` });
  const vat = children(p, 'PartyTaxScheme').find((s) => textAt(s, 'TaxScheme', 'ID') === 'VAT');
  return { name, registrationId: textAt(p, 'PartyLegalEntity', 'CompanyID'), vatId: textAt(vat, 'CompanyID'), country };
}

/** Parses and checks a UBL Invoice; `settlementCurrency` is XT's (TC-F04). */
export function parseInvoice(xml: string, settlementCurrency: string): CheckedInvoice {
  let doc;
  try {
    doc = parseXml(xml);
  } catch (e) {
    if (e instanceof XmlMalformedError) throw new ValidationError('body.xml', `not well-formed XML: ${e.message}`, { line: e.line, column: e.column });
    throw e;
  }
  if (doc.rootName !== 'Invoice' || doc.namespace !== UBL_INVOICE_NAMESPACE) {
    throw new ValidationError('body.xml', `expected a UBL Invoice (${UBL_INVOICE_NAMESPACE}), got <${doc.rootName}> in "${doc.namespace}"`);
  }
  const root = doc.root;
  const customization = textAt(root, 'CustomizationID');
  if (!customization) throw invoiceRefused('BR-01', 'CustomizationID is missing', { path: 'CustomizationID' });
  if (customization !== BIS3_CUSTOMIZATION) throw invoiceRefused('PEPPOL-EN16931-R004', `CustomizationID is "${customization}"`, { path: 'CustomizationID' });
  if (!textAt(root, 'ProfileID')) throw invoiceRefused('PEPPOL-EN16931-R001', 'ProfileID is missing', { path: 'ProfileID' });
  const number = textAt(root, 'ID');
  if (!number) throw invoiceRefused('BR-02', 'ID is missing', { path: 'ID' });
  const issueDate = date(root, 'IssueDate', 'BR-03', true)!;
  const typeCode = textAt(root, 'InvoiceTypeCode');
  if (!typeCode) throw invoiceRefused('BR-04', 'InvoiceTypeCode is missing', { path: 'InvoiceTypeCode' });
  const currency = textAt(root, 'DocumentCurrencyCode');
  if (!currency) throw invoiceRefused('BR-05', 'DocumentCurrencyCode is missing', { path: 'DocumentCurrencyCode' });
  if (currencyMinorUnits[currency] === undefined) throw invoiceRefused('BR-05', `DocumentCurrencyCode ${currency} is not an ISO 4217 code the platform knows`, { path: 'DocumentCurrencyCode' });
  const seller = party(root, 'AccountingSupplierParty');
  const buyer = party(root, 'AccountingCustomerParty');

  /** An amount in the invoice currency (R051), exact (BR-DEC), signed where EN 16931 allows it. */
  const amount = (node: XmlNode | undefined, path: string, missing?: InvoiceRule, o: { signed?: boolean } = {}): bigint => {
    const v = text(node);
    if (v === undefined) {
      if (missing) throw invoiceRefused(missing, `${path} is missing`, { path });
      return 0n;
    }
    const ccy = attribute(node, 'currencyID');
    if (ccy !== currency) throw invoiceRefused('PEPPOL-EN16931-R051', `${path} is in ${ccy ?? 'no currency'}, the invoice in ${currency}`, { path });
    try {
      return toMinorUnits(v, currency, { allowZero: true, signed: o.signed });
    } catch (e) {
      if (e instanceof AmountError) throw invoiceRefused('BR-DEC', `${path}: ${e.message}`, { path });
      throw e;
    }
  };

  const lines = children(root, 'InvoiceLine');
  if (lines.length === 0) throw invoiceRefused('BR-16', 'no InvoiceLine', { path: 'InvoiceLine' });
  const checkedLines = lines.map((l, i) => {
    const path = `InvoiceLine[${i + 1}]`;
    const id = textAt(l, 'ID');
    if (!id) throw invoiceRefused('BR-21', `${path}/ID is missing`, { path: `${path}/ID` });
    const net = amount(at(l, 'LineExtensionAmount'), `${path}/LineExtensionAmount`, 'BR-24', { signed: true });
    const name = textAt(l, 'Item', 'Name');
    if (!name) throw invoiceRefused('BR-25', `${path}/Item/Name is missing`, { path: `${path}/Item/Name` });
    return { id, net, name };
  });

  const docLevel = children(root, 'AllowanceCharge');
  const sumOf = (charge: boolean) =>
    docLevel.filter((a) => textAt(a, 'ChargeIndicator') === String(charge)).reduce((s, a, i) => s + amount(at(a, 'Amount'), `AllowanceCharge[${i + 1}]/Amount`, charge ? 'BR-CO-12' : 'BR-CO-11'), 0n);
  const totals = at(root, 'LegalMonetaryTotal');
  const t = (name: string, rule?: InvoiceRule, o: { signed?: boolean } = {}) => amount(at(totals, name), `LegalMonetaryTotal/${name}`, rule, o);
  const lineNet = t('LineExtensionAmount', 'BR-12', { signed: true });
  const taxExclusive = t('TaxExclusiveAmount', 'BR-13', { signed: true });
  const taxInclusive = t('TaxInclusiveAmount', 'BR-14', { signed: true });
  const payable = t('PayableAmount', 'BR-15', { signed: true });
  const allowances = t('AllowanceTotalAmount');
  const charges = t('ChargeTotalAmount');
  const prepaid = t('PrepaidAmount', undefined, { signed: true });
  const rounding = t('PayableRoundingAmount', undefined, { signed: true });
  // The VAT total in the invoice currency is the TaxTotal with subtotals; another (BT-111, in the tax currency) has none.
  const vatTotals = children(root, 'TaxTotal').filter((x) => children(x, 'TaxSubtotal').length > 0);
  let tax = 0n;
  let subtotals = 0n;
  vatTotals.forEach((x, i) => {
    tax += amount(at(x, 'TaxAmount'), `TaxTotal[${i + 1}]/TaxAmount`, 'BR-CO-14', { signed: true });
    children(x, 'TaxSubtotal').forEach((s, j) => (subtotals += amount(at(s, 'TaxAmount'), `TaxTotal[${i + 1}]/TaxSubtotal[${j + 1}]/TaxAmount`, 'BR-CO-14', { signed: true })));
  });

  const sumLines = checkedLines.reduce((s, l) => s + l.net, 0n);
  const check = (ok: boolean, rule: InvoiceRule, detail: string, path: string) => {
    if (!ok) throw invoiceRefused(rule, detail, { path });
  };
  const m = (v: bigint) => `${v} (minor units)`;
  check(lineNet === sumLines, 'BR-CO-10', `LineExtensionAmount ${m(lineNet)} but the lines add up to ${m(sumLines)}`, 'LegalMonetaryTotal/LineExtensionAmount');
  check(allowances === sumOf(false), 'BR-CO-11', `AllowanceTotalAmount ${m(allowances)} but the allowances add up to ${m(sumOf(false))}`, 'LegalMonetaryTotal/AllowanceTotalAmount');
  check(charges === sumOf(true), 'BR-CO-12', `ChargeTotalAmount ${m(charges)} but the charges add up to ${m(sumOf(true))}`, 'LegalMonetaryTotal/ChargeTotalAmount');
  check(taxExclusive === sumLines - allowances + charges, 'BR-CO-13', `TaxExclusiveAmount ${m(taxExclusive)}, lines − allowances + charges = ${m(sumLines - allowances + charges)}`, 'LegalMonetaryTotal/TaxExclusiveAmount');
  check(tax === subtotals, 'BR-CO-14', `TaxTotal/TaxAmount ${m(tax)} but the VAT subtotals add up to ${m(subtotals)}`, 'TaxTotal/TaxAmount');
  check(taxInclusive === taxExclusive + tax, 'BR-CO-15', `TaxInclusiveAmount ${m(taxInclusive)}, without VAT + VAT = ${m(taxExclusive + tax)}`, 'LegalMonetaryTotal/TaxInclusiveAmount');
  check(payable === taxInclusive - prepaid + rounding, 'BR-CO-16', `PayableAmount ${m(payable)}, with VAT − paid + rounding = ${m(taxInclusive - prepaid + rounding)}`, 'LegalMonetaryTotal/PayableAmount');

  // What financing needs beyond a valid invoice.
  const dueDate = date(root, 'DueDate', 'TC-F01', true)!;
  check(dueDate >= issueDate, 'TC-F02', `DueDate ${dueDate} is before IssueDate ${issueDate}`, 'DueDate');
  check(typeCode === '380', 'TC-F03', `InvoiceTypeCode is ${typeCode}`, 'InvoiceTypeCode');
  check(currency === settlementCurrency, 'TC-F04', `the invoice is in ${currency}, XT in ${settlementCurrency}`, 'DocumentCurrencyCode');
  check(payable > 0n, 'TC-F05', `PayableAmount is ${m(payable)}`, 'LegalMonetaryTotal/PayableAmount');
  return { number, issueDate, dueDate, typeCode, currency, seller, buyer, lineNet, allowances, charges, taxExclusive, tax, taxInclusive, prepaid, rounding, payable, lines: checkedLines };
}
