/**
 * E-invoices in: a UBL 2.1 / Peppol BIS 3 invoice, or a CSV batch, checked (./ubl/invoiceRules.ts), mapped to the
 * trade background receivables submits — seller = the uploading member, buyer = the member with the buyer's
 * registration id, invoice number, due date and the amount due from the invoice itself, the file's SHA-256 as the
 * documents hash on-chain — and recorded with its SHA-256 and SM3 digests. A batch is submitted whole or not at all.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Hex } from 'viem';
import type { Queryable } from '../../db/database.ts';
import { AmountError, settlementCurrency, toMinorUnits } from '../../common/decimalAmounts.ts';
import { CsvMalformedError, csvRecords } from '../../common/csv.ts';
import { ValidationError } from '../../common/errors.ts';
import type { ModuleContext } from '../../platform/context.ts';
import { getMember, membersByRegistrationNumber, requireActingUser, requireRole, type Principal } from '../identity/index.ts';
import type { DayCountName } from '../claims/index.ts';
import { submitTrade } from '../receivables/index.ts';
import { invoiceRefused, type InvoiceRule } from './ubl/invoiceRules.ts';
import { parseInvoice, type InvoiceParty } from './ubl/parseInvoice.ts';
import { CSV_COLUMNS, type Invoice } from './schemas.ts';
import { invoiceOf } from './queries.ts';

export interface FinancingTerms {
  consortiumId: Hex;
  lateRateBps?: number;
  maxHops?: number;
  dayCount?: DayCountName;
}

const digest = (algorithm: 'sha256' | 'sm3', data: string) => createHash(algorithm).update(data, 'utf8').digest('hex');
const normalise = (id: string) => id.replace(/\s+/g, '').toUpperCase();

/** The uploading member must be the seller: its registration number is the invoice's legal or VAT id (TC-F06). */
function requireSeller(by: Principal & { registrationNumber: string }, seller: Pick<InvoiceParty, 'registrationId' | 'vatId'>, where: { path?: string; row?: number; column?: string }) {
  const mine = normalise(by.registrationNumber);
  if (![seller.registrationId, seller.vatId].some((id) => id !== undefined && normalise(id) === mine)) {
    throw invoiceRefused('TC-F06', `the seller's ids (${[seller.registrationId, seller.vatId].filter(Boolean).join(', ') || 'none'}) are not your registration number ${by.registrationNumber}`, where);
  }
}

/** The buyer as a member, found by its legal or VAT id (TC-F07): exactly one member, certified or not (receivables checks its role). */
async function buyerMember(tx: Queryable, buyer: Pick<InvoiceParty, 'registrationId' | 'vatId'>, where: { path?: string; row?: number; column?: string }) {
  for (const id of [buyer.registrationId, buyer.vatId]) {
    if (!id) continue;
    const found = await membersByRegistrationNumber(tx, id);
    if (found.length === 1) return found[0]!;
    if (found.length > 1) throw invoiceRefused('TC-F07', `registration id ${id} names ${found.length} members; the operator must resolve it`, where);
  }
  throw invoiceRefused('TC-F07', `no member is registered under the buyer's ids (${[buyer.registrationId, buyer.vatId].filter(Boolean).join(', ') || 'none'})`, where);
}

interface Mapped {
  source: 'ubl' | 'csv';
  batch?: { id: string; row: number };
  number: string;
  issueDate: string;
  dueDate: string;
  currency: string;
  taxExclusive: bigint;
  tax: bigint;
  payable: bigint;
  buyerMemberId: string;
  document: string;
}

async function submitMapped(ctx: ModuleContext, tx: Queryable, by: Principal, m: Mapped, terms: FinancingTerms) {
  const sha256 = digest('sha256', m.document);
  const trade = await submitTrade(ctx, tx, by, {
    consortiumId: terms.consortiumId,
    obligorMemberId: m.buyerMemberId,
    invoiceNumber: m.number,
    amount: m.payable,
    dueDate: m.dueDate,
    lateRateBps: terms.lateRateBps,
    maxHops: terms.maxHops,
    dayCount: terms.dayCount,
    documentsHash: `0x${sha256}`,
  });
  const id = randomUUID();
  await tx.query(
    `INSERT INTO invoices (id, source, batch, batch_row, seller_member_id, buyer_member_id, invoice_number, issue_date, due_date, currency, tax_exclusive, tax, payable,
                           sha256, sm3, trade_id, command_id, document, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)`,
    [
      id, m.source, m.batch?.id ?? null, m.batch?.row ?? null, by.memberId, m.buyerMemberId, m.number, m.issueDate, m.dueDate, m.currency,
      m.taxExclusive.toString(), m.tax.toString(), m.payable.toString(), sha256, digest('sm3', m.document), trade.tradeId, trade.commandIds[0], m.document, by.userId ?? null,
    ],
  );
  return { invoice: (await invoiceOf(tx, id))!, trade };
}

/** A supplier (or distributor) submits the trade behind a UBL invoice it issued. */
export async function submitInvoice(ctx: ModuleContext, tx: Queryable, by: Principal, p: FinancingTerms & { xml: string }) {
  requireRole(by, ['supplier', 'distributor'], 'submit invoices');
  requireActingUser(by);
  const inv = parseInvoice(p.xml, settlementCurrency());
  const me = await sellerOf(tx, by);
  requireSeller(me, inv.seller, { path: 'AccountingSupplierParty/Party/PartyLegalEntity/CompanyID' });
  const buyer = await buyerMember(tx, inv.buyer, { path: 'AccountingCustomerParty/Party/PartyLegalEntity/CompanyID' });
  const { invoice, trade } = await submitMapped(
    ctx,
    tx,
    by,
    { source: 'ubl', number: inv.number, issueDate: inv.issueDate, dueDate: inv.dueDate, currency: inv.currency, taxExclusive: inv.taxExclusive, tax: inv.tax, payable: inv.payable, buyerMemberId: buyer.id, document: p.xml },
    p,
  );
  return { commandIds: trade.commandIds, body: { invoice, claimId: trade.claimId, invoiceKey: trade.invoiceKey } };
}

async function sellerOf(tx: Queryable, by: Principal): Promise<Principal & { registrationNumber: string }> {
  return { ...by, registrationNumber: (await getMember(tx, by.memberId)).registrationNumber };
}

const MAX_ROWS = 500;

/** A batch of invoices as CSV (for ERPs that export nothing better): every row checked, then all submitted, or none. */
export async function importBatch(ctx: ModuleContext, tx: Queryable, by: Principal, p: FinancingTerms & { csv: string }) {
  requireRole(by, ['supplier', 'distributor'], 'submit invoices');
  requireActingUser(by);
  let records;
  try {
    records = csvRecords(p.csv, CSV_COLUMNS);
  } catch (e) {
    if (e instanceof CsvMalformedError) throw new ValidationError('body.csv', `row ${e.row}: ${e.message}`, { row: e.row });
    throw e;
  }
  if (records.length === 0) throw new ValidationError('body.csv', 'no invoice row after the header');
  if (records.length > MAX_ROWS) throw new ValidationError('body.csv', `${records.length} rows; a batch has at most ${MAX_ROWS}`);
  const currency = settlementCurrency();
  const header = csvLine([...CSV_COLUMNS]);
  const mapped: Mapped[] = [];
  const seen = new Set<string>();
  for (const [i, r] of records.entries()) {
    const row = i + 2;
    const refuse = (rule: InvoiceRule, detail: string, column: string) => invoiceRefused(rule, `row ${row}: ${detail}`, { row, column });
    const number = r.invoice_number!;
    if (!number) throw refuse('BR-02', 'invoice_number is empty', 'invoice_number');
    if (seen.has(number)) throw refuse('BR-02', `invoice ${number} appears twice in the batch`, 'invoice_number');
    seen.add(number);
    const date = (column: 'issue_date' | 'due_date', missing: InvoiceRule) => {
      const v = r[column]!;
      if (!v) throw refuse(missing, `${column} is empty`, column);
      const d = new Date(`${v}T00:00:00Z`);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== v) throw refuse('PEPPOL-EN16931-F001', `${column} is "${v}"`, column);
      return v;
    };
    const issueDate = date('issue_date', 'BR-03');
    const dueDate = date('due_date', 'TC-F01');
    if (dueDate < issueDate) throw refuse('TC-F02', `due_date ${dueDate} is before issue_date ${issueDate}`, 'due_date');
    const ccy = r.currency!.toUpperCase();
    if (!ccy) throw refuse('BR-05', 'currency is empty', 'currency');
    if (ccy !== currency) throw refuse('TC-F04', `the invoice is in ${ccy}, XT in ${currency}`, 'currency');
    const amount = (column: 'net_amount' | 'vat_amount' | 'total_amount' | 'prepaid_amount' | 'payable_amount') => {
      const v = r[column]!;
      if (!v && column === 'prepaid_amount') return 0n;
      if (!v) throw refuse(column === 'payable_amount' ? 'BR-15' : column === 'total_amount' ? 'BR-14' : 'BR-13', `${column} is empty`, column);
      try {
        return toMinorUnits(v, ccy, { allowZero: true });
      } catch (e) {
        if (e instanceof AmountError) throw refuse('BR-DEC', `${column}: ${e.message}`, column);
        throw e;
      }
    };
    const net = amount('net_amount');
    const tax = amount('vat_amount');
    const total = amount('total_amount');
    const prepaid = amount('prepaid_amount');
    const payable = amount('payable_amount');
    if (total !== net + tax) throw refuse('BR-CO-15', `total_amount ${total} ≠ net_amount ${net} + vat_amount ${tax} (minor units)`, 'total_amount');
    if (payable !== total - prepaid) throw refuse('BR-CO-16', `payable_amount ${payable} ≠ total_amount ${total} − prepaid_amount ${prepaid} (minor units)`, 'payable_amount');
    if (payable <= 0n) throw refuse('TC-F05', `payable_amount is ${payable}`, 'payable_amount');
    const buyer = await buyerMember(tx, { registrationId: r.buyer_registration_id || undefined }, { row, column: 'buyer_registration_id' });
    mapped.push({ source: 'csv', number, issueDate, dueDate, currency: ccy, taxExclusive: net, tax, payable, buyerMemberId: buyer.id, document: `${header}\n${csvLine(CSV_COLUMNS.map((c) => r[c]!))}` });
  }
  const batchId = randomUUID();
  const sha256 = digest('sha256', p.csv);
  const sm3 = digest('sm3', p.csv);
  await tx.query('INSERT INTO invoice_batches (id, member_id, sha256, sm3, rows, created_by) VALUES ($1, $2, $3, $4, $5, $6)', [batchId, by.memberId, sha256, sm3, mapped.length, by.userId ?? null]);
  const invoices: Invoice[] = [];
  const commandIds: string[] = [];
  for (const [i, m] of mapped.entries()) {
    const r = await submitMapped(ctx, tx, by, { ...m, batch: { id: batchId, row: i + 2 } }, p);
    invoices.push(r.invoice);
    commandIds.push(...r.trade.commandIds);
  }
  return { commandIds, body: { batchId, sha256, sm3, invoices } };
}

/** A CSV row written back canonically (RFC 4180, the header's column order): what the row's digests are taken of. */
const csvLine = (fields: string[]) => fields.map((f) => (/[",\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(',');
