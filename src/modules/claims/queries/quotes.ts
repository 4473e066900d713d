/**
 * Quote requests and the funders' answers: off-chain records of the market's command side (not read models), with
 * the state of each answer's offer from the read model.
 */
import type { Hex } from 'viem';
import type { Queryable } from '../../../db/database.ts';
import { NotFoundError } from '../../../common/errors.ts';
import { membersById } from '../../identity/index.ts';
import { NO_CREDIT_SUMMARY, creditSummaries, type CreditContext } from '../../credit/index.ts';
import type { CreditSummary } from '../../credit/schemas.ts';

export interface QuoteAnswerView {
  offerId: Hex;
  funder: { memberId: string; name: string };
  rateBps: number;
  /** From the offer's read model; null until the offer is indexed. */
  expiresAt: string | null;
  /** `pending` until the offer is on-chain and indexed; then open, cancelled or exhausted. */
  status: 'pending' | 'open' | 'cancelled' | 'exhausted';
  createdAt: string;
}

export interface QuoteRequestView {
  quoteId: Hex;
  claimId: Hex;
  amount: string;
  requester: { memberId: string; name: string };
  /** `filled` once the requester sold against one of the answers. */
  status: 'open' | 'filled';
  answers: QuoteAnswerView[];
  createdAt: string;
  /** The claim's obligor's credit score, shown to funders beside the quote. */
  obligorCredit: CreditSummary;
}

export async function recordQuoteRequest(tx: Queryable, p: { quoteId: Hex; claimId: Hex; amount: bigint; requesterMemberId: string }): Promise<void> {
  await tx.query('INSERT INTO quote_requests (id, claim_id, amount, requested_by) VALUES ($1, $2, $3, $4)', [
    p.quoteId.toLowerCase(),
    p.claimId.toLowerCase(),
    p.amount.toString(),
    p.requesterMemberId,
  ]);
}

export async function recordQuoteAnswer(tx: Queryable, p: { quoteId: Hex; offerId: Hex; funderMemberId: string; rateBps: number }): Promise<void> {
  await tx.query('INSERT INTO quote_answers (quote_id, offer_id, funder, rate_bps) VALUES ($1, $2, $3, $4)', [
    p.quoteId.toLowerCase(),
    p.offerId.toLowerCase(),
    p.funderMemberId,
    p.rateBps,
  ]);
}

interface RequestRow {
  id: string;
  claim_id: string;
  amount: string;
  requested_by: string;
  created_at: Date;
  filled: boolean;
  obligor: string | null;
}

const SELECT_REQUESTS = `SELECT q.id, q.claim_id, q.amount::text AS amount, q.requested_by, q.created_at,
    EXISTS (SELECT 1 FROM quote_answers a JOIN financings f ON f.offer_id = a.offer_id WHERE a.quote_id = q.id) AS filled,
    (SELECT c.obligor FROM claims c WHERE c.id = q.claim_id) AS obligor
  FROM quote_requests q`;

async function withAnswers(ctx: CreditContext, rows: RequestRow[]): Promise<QuoteRequestView[]> {
  if (rows.length === 0) return [];
  const db = ctx.db;
  const credit = await creditSummaries(ctx, rows.flatMap((r) => (r.obligor ? [r.obligor] : [])));
  const { rows: answers } = await db.query<{
    quote_id: string; offer_id: string; funder: string; rate_bps: number; created_at: Date; expires_at: Date | null; status: string | null;
  }>(
    `SELECT a.quote_id, a.offer_id, a.funder, a.rate_bps, a.created_at, o.expires_at, o.status
       FROM quote_answers a LEFT JOIN offers o ON o.offer_id = a.offer_id
      WHERE a.quote_id = ANY($1::text[]) ORDER BY a.created_at, a.offer_id`,
    [rows.map((r) => r.id)],
  );
  const names = await membersById(db, [...rows.map((r) => r.requested_by), ...answers.map((a) => a.funder)]);
  const nameOf = (memberId: string) => names.get(memberId)?.name ?? '';
  return rows.map((r) => ({
    quoteId: r.id as Hex,
    claimId: r.claim_id as Hex,
    amount: r.amount,
    requester: { memberId: r.requested_by, name: nameOf(r.requested_by) },
    status: r.filled ? 'filled' : 'open',
    answers: answers
      .filter((a) => a.quote_id === r.id)
      .map((a) => ({
        offerId: a.offer_id as Hex,
        funder: { memberId: a.funder, name: nameOf(a.funder) },
        rateBps: a.rate_bps,
        expiresAt: a.expires_at?.toISOString() ?? null,
        status: (a.status ?? 'pending') as QuoteAnswerView['status'],
        createdAt: a.created_at.toISOString(),
      })),
    createdAt: r.created_at.toISOString(),
    obligorCredit: (r.obligor && credit.get(r.obligor)) || NO_CREDIT_SUMMARY,
  }));
}

export async function getQuoteRequest(ctx: CreditContext, quoteId: string): Promise<QuoteRequestView> {
  const { rows } = await ctx.db.query<RequestRow>(`${SELECT_REQUESTS} WHERE q.id = $1`, [quoteId.toLowerCase()]);
  if (!rows[0]) throw new NotFoundError('quote', quoteId);
  return (await withAnswers(ctx, rows))[0]!;
}

/**
 * Quote requests, newest first: all of them, a requester's own, or what a funder may see (the open requests
 * and every request it answered).
 */
export async function listQuoteRequests(ctx: CreditContext, p: { requesterMemberId?: string; visibleToFunder?: string; limit?: number }): Promise<QuoteRequestView[]> {
  const params: unknown[] = [];
  let where = '';
  if (p.requesterMemberId) where = `WHERE q.requested_by = $${params.push(p.requesterMemberId)}`;
  else if (p.visibleToFunder) {
    const funder = `$${params.push(p.visibleToFunder)}`;
    where = `WHERE q.requested_by <> ${funder} AND (NOT EXISTS (SELECT 1 FROM quote_answers a JOIN financings f ON f.offer_id = a.offer_id WHERE a.quote_id = q.id)
               OR EXISTS (SELECT 1 FROM quote_answers a WHERE a.quote_id = q.id AND a.funder = ${funder}))`;
  }
  const { rows } = await ctx.db.query<RequestRow>(`${SELECT_REQUESTS} ${where} ORDER BY q.created_at DESC, q.id LIMIT $${params.push(p.limit ?? 200)}`, params);
  return withAnswers(ctx, rows);
}
