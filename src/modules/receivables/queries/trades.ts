/**
 * Trades as the read model has them, joined with the invoice labels the command side recorded: for their supplier
 * and obligor (and the operator and the regulator); `pending` to its submitter until the submission is indexed.
 */
import type { Queryable } from '../../../db/database.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../../common/errors.ts';
import { getMemberIdentity, Parties, seesEverything, type Principal } from '../../identity/index.ts';
import { normalizeId } from '../../claims/index.ts';
import type { Trade } from '../schemas.ts';

const isoDate = (d: Date) => d.toISOString().slice(0, 10);

interface TradeRow {
  trade_id: string;
  supplier: string | null;
  obligor: string | null;
  amount: string | null;
  invoice_key: string | null;
  documents_hash: string | null;
  due_date: Date | null;
  status: string | null;
  claim_id: string | null;
  reason_hash: string | null;
  submitted_at: Date | null;
  decided_at: Date | null;
  invoice_number: string | null;
  issue_date: string | null;
  note: string | null;
  created_by: string | null;
  created_at: Date | null;
}

const TRADE_SELECT = `SELECT COALESCE(t.trade_id, d.trade_id) AS trade_id, t.supplier, t.obligor, t.amount::text AS amount, t.invoice_key,
    t.documents_hash, t.due_date, t.status, t.claim_id, t.reason_hash, t.submitted_at, t.decided_at,
    d.invoice_number, d.issue_date::text AS issue_date, d.note, d.created_by, d.created_at
  FROM trades t FULL OUTER JOIN trade_documents d ON d.trade_id = t.trade_id`;

function tradeView(r: TradeRow, parties: Parties): Trade {
  return {
    tradeId: r.trade_id,
    status: (r.status ?? 'pending') as Trade['status'],
    supplier: parties.orNull(r.supplier),
    obligor: parties.orNull(r.obligor),
    amount: r.amount,
    dueDate: r.due_date ? isoDate(r.due_date) : null,
    invoiceKey: r.invoice_key,
    invoiceNumber: r.invoice_number,
    issueDate: r.issue_date,
    note: r.note,
    documentsHash: r.documents_hash,
    claimId: r.claim_id,
    reasonHash: r.reason_hash,
    submittedAt: r.submitted_at?.toISOString() ?? r.created_at?.toISOString() ?? null,
    decidedAt: r.decided_at?.toISOString() ?? null,
  };
}

const canSeeTrade = (by: Principal, r: TradeRow) =>
  seesEverything(by) || r.supplier === by.memberAddress || r.obligor === by.memberAddress || (r.status === null && r.created_by === by.memberId);

/** The trade behind an issued claim; its invoice label only for those who see all parties. */
export async function tradeOfClaim(db: Queryable, by: Principal, root: string, filter: ((a: string) => boolean) | null): Promise<Trade | null> {
  const { rows } = await db.query<TradeRow>(`${TRADE_SELECT} WHERE t.claim_id = $1`, [root]);
  const r = rows[0];
  if (!r) return null;
  const parties = await Parties.load(db, [r.supplier, r.obligor], filter);
  const view = tradeView(r, parties);
  return canSeeTrade(by, r) ? view : { ...view, invoiceNumber: null, issueDate: null, note: null };
}

/** One trade, for its supplier and obligor (and operator, regulator); `pending` to its submitter until indexed. */
export async function getTrade(db: Queryable, by: Principal, tradeId: string): Promise<Trade> {
  const id = normalizeId(tradeId, 'params.tradeId');
  const { rows } = await db.query<TradeRow>(`${TRADE_SELECT} WHERE COALESCE(t.trade_id, d.trade_id) = $1`, [id]);
  const r = rows[0];
  if (!r) throw new NotFoundError('trade', id);
  if (!canSeeTrade(by, r)) {
    if (r.status === null) throw new NotFoundError('trade', id);
    throw new ForbiddenError('a trade is visible to its supplier and its obligor only', { tradeId: id });
  }
  const parties = await Parties.load(db, [r.supplier, r.obligor], null);
  if (r.status === null && r.created_by) {
    const creator = await getMemberIdentity(db, r.created_by);
    return { ...tradeView(r, parties), supplier: { memberId: creator.id, name: creator.name, address: creator.address } };
  }
  return tradeView(r, parties);
}

const tradeCursor = /^([0-9]{1,19}):(0x[0-9a-f]{64})$/;

/** Indexed trades the caller is a party to (all for operator and regulator), newest first. */
export async function listTrades(
  db: Queryable,
  by: Principal,
  p: { status?: 'submitted' | 'confirmed' | 'rejected'; limit: number; cursor?: string },
): Promise<{ items: Trade[]; nextCursor: string | null }> {
  const where: string[] = ['t.trade_id IS NOT NULL'];
  const params: unknown[] = [];
  if (!seesEverything(by)) {
    const me = params.push(by.memberAddress);
    where.push(`(t.supplier = $${me} OR t.obligor = $${me})`);
  }
  if (p.status) where.push(`t.status = $${params.push(p.status)}`);
  if (p.cursor !== undefined) {
    const m = tradeCursor.exec(p.cursor);
    if (!m) throw new ValidationError('query.cursor', 'is not a cursor returned by this endpoint');
    where.push(`(t.submitted_block, t.trade_id) < ($${params.push(m[1])}::bigint, $${params.push(m[2])})`);
  }
  const { rows } = await db.query<TradeRow & { submitted_block: string }>(
    `${TRADE_SELECT.replace('SELECT ', 'SELECT t.submitted_block, ')} WHERE ${where.join(' AND ')}
      ORDER BY t.submitted_block DESC, t.trade_id DESC LIMIT $${params.push(p.limit + 1)}`,
    params,
  );
  const page = rows.slice(0, p.limit);
  const parties = await Parties.load(db, page.flatMap((r) => [r.supplier, r.obligor]), null);
  return {
    items: page.map((r) => tradeView(r, parties)),
    nextCursor: rows.length > p.limit ? `${page.at(-1)!.submitted_block}:${page.at(-1)!.trade_id}` : null,
  };
}
