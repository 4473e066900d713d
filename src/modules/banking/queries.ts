/** What the bank gateway exchanged: messages, payouts, accounts. Gateways, the operator and the regulator see all; a member its own. */
import type { Queryable } from '../../db/database.ts';
import { ForbiddenError, NotFoundError } from '../../common/errors.ts';
import type { Principal } from '../identity/index.ts';
import type { BankAccount, BankMessage, BankMessageDetail, BankPayout } from './schemas.ts';

const seesAll = (by: Principal) => by.isOperator || by.memberRoles.includes('regulator') || by.memberRoles.includes('bank_gateway');

export async function listAccounts(db: Queryable, by: Principal): Promise<BankAccount[]> {
  const { rows } = await db.query<{ member_id: string; account: string; bic: string | null; holder_name: string }>(
    `SELECT member_id, account, bic, holder_name FROM bank_accounts ${seesAll(by) ? '' : 'WHERE member_id = $1'} ORDER BY holder_name`,
    seesAll(by) ? [] : [by.memberId],
  );
  return rows.map((r) => ({ memberId: r.member_id, account: r.account, bic: r.bic, holderName: r.holder_name }));
}

type MessageRow = { id: string; kind: BankMessage['kind']; message_id: string; gateway_member_id: string; sha256: string; entries: number; credited: string; debited: string; created_at: Date; document: string | null };
const message = (r: MessageRow): BankMessage => ({
  id: r.id,
  kind: r.kind,
  messageId: r.message_id,
  gatewayMemberId: r.gateway_member_id,
  sha256: r.sha256,
  entries: r.entries,
  credited: r.credited,
  debited: r.debited,
  at: r.created_at.toISOString(),
});
const COLUMNS = 'id, kind, message_id, gateway_member_id, sha256, entries, credited::text AS credited, debited::text AS debited, created_at, document';

export async function listMessages(db: Queryable, by: Principal, p: { limit: number }): Promise<BankMessage[]> {
  if (!seesAll(by)) throw new ForbiddenError('only bank gateways, the operator and the regulator see bank messages');
  const { rows } = await db.query<MessageRow>(`SELECT ${COLUMNS} FROM bank_messages ORDER BY created_at DESC, id LIMIT $1`, [p.limit]);
  return rows.map(message);
}

export async function getMessage(db: Queryable, by: Principal, id: string): Promise<BankMessageDetail> {
  if (!seesAll(by)) throw new ForbiddenError('only bank gateways, the operator and the regulator see bank messages');
  const { rows } = await db.query<MessageRow>(`SELECT ${COLUMNS} FROM bank_messages WHERE id = $1`, [id]);
  if (!rows[0]) throw new NotFoundError('bank_message', id);
  return { ...message(rows[0]), document: rows[0].document };
}

export async function listPayouts(db: Queryable, by: Principal, p: { limit: number }): Promise<BankPayout[]> {
  const all = seesAll(by);
  const { rows } = await db.query<{ reference_hash: string; end_to_end_id: string; member_id: string; amount: string; account: string; status: BankPayout['status'] }>(
    `SELECT reference_hash, end_to_end_id, member_id, amount::text AS amount, account, status FROM bank_payouts
      ${all ? '' : 'WHERE member_id = $2'} ORDER BY created_at DESC, reference_hash LIMIT $1`,
    all ? [p.limit] : [p.limit, by.memberId],
  );
  return rows.map((r) => ({ referenceHash: r.reference_hash, endToEndId: r.end_to_end_id, memberId: r.member_id, amount: r.amount, account: r.account, status: r.status }));
}
