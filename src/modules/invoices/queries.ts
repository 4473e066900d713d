/** Invoices as recorded: the seller, the buyer, the operator and the regulator see one; others do not. */
import type { Queryable } from '../../db/database.ts';
import { ForbiddenError, NotFoundError } from '../../common/errors.ts';
import { seesEverything, type Principal } from '../identity/index.ts';
import type { Invoice, InvoiceDetail } from './schemas.ts';

type Row = {
  id: string; source: Invoice['source']; batch: string | null; seller_member_id: string; buyer_member_id: string; invoice_number: string;
  issue_date: string; due_date: string; currency: string; tax_exclusive: string; tax: string; payable: string; sha256: string; sm3: string;
  trade_id: string; command_id: string; created_at: Date; document: string;
};
const COLUMNS = `id, source, batch, seller_member_id, buyer_member_id, invoice_number, to_char(issue_date, 'YYYY-MM-DD') AS issue_date,
  to_char(due_date, 'YYYY-MM-DD') AS due_date, currency, tax_exclusive::text AS tax_exclusive, tax::text AS tax, payable::text AS payable,
  sha256, sm3, trade_id, command_id, created_at, document`;

const view = (r: Row): Invoice => ({
  id: r.id,
  source: r.source,
  batchId: r.batch,
  sellerMemberId: r.seller_member_id,
  buyerMemberId: r.buyer_member_id,
  invoiceNumber: r.invoice_number,
  issueDate: r.issue_date,
  dueDate: r.due_date,
  currency: r.currency,
  taxExclusive: r.tax_exclusive,
  tax: r.tax,
  payable: r.payable,
  sha256: r.sha256,
  sm3: r.sm3,
  tradeId: r.trade_id,
  commandId: r.command_id,
  at: r.created_at.toISOString(),
});

/** One invoice, unchecked (for the command side). */
export async function invoiceOf(db: Queryable, id: string): Promise<Invoice | null> {
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM invoices WHERE id = $1`, [id]);
  return rows[0] ? view(rows[0]) : null;
}

export async function listInvoices(db: Queryable, by: Principal, p: { limit: number }): Promise<Invoice[]> {
  const all = seesEverything(by);
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM invoices ${all ? '' : 'WHERE seller_member_id = $2 OR buyer_member_id = $2'} ORDER BY created_at DESC, id LIMIT $1`,
    all ? [p.limit] : [p.limit, by.memberId],
  );
  return rows.map(view);
}

export async function getInvoice(db: Queryable, by: Principal, id: string): Promise<InvoiceDetail> {
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM invoices WHERE id = $1`, [id]);
  const r = rows[0];
  if (!r) throw new NotFoundError('invoice', id);
  if (!seesEverything(by) && by.memberId !== r.seller_member_id && by.memberId !== r.buyer_member_id) throw new ForbiddenError('only the seller, the buyer, the operator and the regulator see an invoice');
  return { ...view(r), document: r.document };
}
