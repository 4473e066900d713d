/**
 * The bank gateway's messages: camt.054 notifications booked (credits become XT deposits, debits mark payouts
 * paid), pain.001 payouts of confirmed withdrawals, and the members' bank accounts both are matched against.
 * A message is booked whole or not at all: every check runs before anything is written, and the request's
 * transaction (acceptCommand / acceptRecord) holds every write.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Queryable } from '../../db/database.ts';
import { ForbiddenError, ValidationError } from '../../common/errors.ts';
import type { ModuleContext } from '../../platform/context.ts';
import { getMember, getMemberByAddress, requireActingUser, type Principal } from '../identity/index.ts';
import { confirmedWithdrawals, deposit } from '../currency/index.ts';
import { settlementCurrency as xtCurrency } from '../../common/decimalAmounts.ts';
import { isIban, normaliseAccount } from './iso20022/accounts.ts';
import { parseCamt054, type NotifiedEntry } from './iso20022/camt054.ts';
import { duplicateMessage, refuseMessage } from './iso20022/errors.ts';
import { buildPain001 } from './iso20022/pain001.ts';
import type { BankAccount, NotificationImport, PaymentInitiation } from './schemas.ts';

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

function requireGateway(by: Principal) {
  if (!by.memberRoles.includes('bank_gateway')) throw new ForbiddenError('only a certified bank gateway exchanges bank messages');
  requireActingUser(by);
}

// ------------------------------------------------------------------------------------------ accounts

/** A member's bank account (payouts go there; transfers from it credit the member). The member itself or the operator. */
export async function registerAccount(tx: Queryable, by: Principal, p: { memberId: string; account: string; bic?: string; holderName: string }): Promise<BankAccount> {
  const member = await getMember(tx, p.memberId);
  if (!by.isOperator && by.memberId !== member.id) throw new ForbiddenError("only the member itself or the operator can set a member's bank account");
  requireActingUser(by);
  const account = normaliseAccount(p.account);
  if (/^[A-Z]{2}[0-9]{2}/.test(account) && !isIban(account)) throw new ValidationError('body.account', 'looks like an IBAN but its check digits do not hold');
  const { rows } = await tx.query<{ member_id: string }>('SELECT member_id FROM bank_accounts WHERE account = $1 AND member_id <> $2', [account, member.id]);
  if (rows[0]) throw duplicateMessage('BankAccountTaken', `account ${account} is already another member's`, { field: 'account' });
  await tx.query(
    `INSERT INTO bank_accounts (member_id, account, bic, holder_name) VALUES ($1, $2, $3, $4)
     ON CONFLICT (member_id) DO UPDATE SET account = EXCLUDED.account, bic = EXCLUDED.bic, holder_name = EXCLUDED.holder_name, updated_at = now()`,
    [member.id, account, p.bic ?? null, p.holderName.trim()],
  );
  return { memberId: member.id, account, bic: p.bic ?? null, holderName: p.holderName.trim() };
}

async function accountOf(tx: Queryable, memberId: string) {
  const { rows } = await tx.query<{ account: string; bic: string | null; holder_name: string }>('SELECT account, bic, holder_name FROM bank_accounts WHERE member_id = $1', [memberId]);
  return rows[0];
}

async function memberByAccount(tx: Queryable, account: string) {
  const { rows } = await tx.query<{ member_id: string }>('SELECT member_id FROM bank_accounts WHERE account = $1', [normaliseAccount(account)]);
  return rows[0]?.member_id;
}

// ----------------------------------------------------------------------------------------- camt.054

interface Booking {
  entry: NotifiedEntry;
  index: number;
  memberId: string | null;
  endToEndId?: string;
  amount: bigint;
  depositReference?: string;
  payoutHash?: string;
}

/**
 * Books a camt.054: refuses a malformed, foreign-currency or duplicated message, an entry booked before, a credit
 * from an account no member has, a debit that pays no exported payout; then deposits each credit (reference
 * `camt054/<entry ref>`) and marks each debited payout paid.
 */
export async function importNotification(ctx: ModuleContext, tx: Queryable, by: Principal, p: { xml: string }) {
  requireGateway(by);
  const n = parseCamt054(p.xml);
  const currency = xtCurrency();
  for (const e of n.entries) {
    if (e.currency !== currency) throw refuseMessage('BankCurrencyMismatch', `entry ${e.entryRef} is in ${e.currency}; XT is ${currency}`, { entryRef: e.entryRef, currency: e.currency });
  }
  const own = await accountOf(tx, by.memberId);
  if (!own) throw refuseMessage('BankAccountUnknown', "register the platform's account at your bank first (POST /v1/bank/accounts for your own member)", { field: 'memberId' });
  for (const a of n.accounts) {
    if (normaliseAccount(a) !== own.account) throw refuseMessage('BankAccountMismatch', `the notification is about account ${a}, not the platform's account ${own.account}`, { account: a });
  }
  const { rows: seen } = await tx.query<{ id: string }>(`SELECT id FROM bank_messages WHERE gateway_member_id = $1 AND kind = 'camt.054' AND message_id = $2`, [by.memberId, n.messageId]);
  if (seen[0]) throw duplicateMessage('BankMessageDuplicate', `message ${n.messageId} was imported before`, { messageId: n.messageId, importId: seen[0].id });
  if (n.entries.length) {
    const { rows: booked } = await tx.query<{ entry_ref: string }>('SELECT DISTINCT entry_ref FROM bank_entries WHERE gateway_member_id = $1 AND entry_ref = ANY($2::text[])', [
      by.memberId,
      n.entries.map((e) => e.entryRef),
    ]);
    if (booked[0]) throw duplicateMessage('BankEntryDuplicate', `entry ${booked[0].entry_ref} was booked by an earlier message`, { entryRef: booked[0].entry_ref });
  }

  const bookings: Booking[] = [];
  for (const entry of n.entries) {
    for (const [index, t] of entry.transactions.entries()) {
      const where = { entryRef: entry.entryRef, transaction: index + 1 };
      if (entry.direction === 'credit') {
        if (!t.counterpartyIban) throw refuseMessage('BankAccountUnknown', `credit ${entry.entryRef} does not name the debtor's account`, where);
        const memberId = await memberByAccount(tx, t.counterpartyIban);
        if (!memberId) throw refuseMessage('BankAccountUnknown', `credit ${entry.entryRef} comes from account ${t.counterpartyIban}, which no member has registered`, { ...where, account: t.counterpartyIban });
        const depositReference = entry.transactions.length === 1 ? `camt054/${entry.entryRef}` : `camt054/${entry.entryRef}/${index + 1}`;
        bookings.push({ entry, index, memberId, endToEndId: t.endToEndId, amount: t.amount, depositReference });
      } else {
        const { rows } = await tx.query<{ reference_hash: string; member_id: string; amount: string; status: string }>(
          'SELECT reference_hash, member_id, amount::text AS amount, status FROM bank_payouts WHERE end_to_end_id = $1 FOR UPDATE',
          [t.endToEndId ?? ''],
        );
        const payout = rows[0];
        if (!payout) throw refuseMessage('BankEntryUnmatched', `debit ${entry.entryRef} (end-to-end id ${t.endToEndId ?? 'none'}) pays no payout the platform exported`, { ...where, endToEndId: t.endToEndId });
        if (payout.status === 'paid') throw duplicateMessage('BankEntryDuplicate', `payout ${t.endToEndId} was already debited`, { ...where, endToEndId: t.endToEndId });
        if (BigInt(payout.amount) !== t.amount) {
          throw refuseMessage('BankAmountMismatch', `debit ${entry.entryRef} is ${t.amount}, payout ${t.endToEndId} was ${payout.amount} (minor units)`, { ...where, endToEndId: t.endToEndId });
        }
        bookings.push({ entry, index, memberId: payout.member_id, endToEndId: t.endToEndId, amount: t.amount, payoutHash: payout.reference_hash });
      }
    }
  }

  const importId = randomUUID();
  const credited = bookings.filter((b) => b.depositReference).reduce((s, b) => s + b.amount, 0n);
  const debited = bookings.filter((b) => b.payoutHash).reduce((s, b) => s + b.amount, 0n);
  // ON CONFLICT: a concurrent import of the same message id loses here with the same 409, not a 500.
  const { rowCount } = await tx.query(
    `INSERT INTO bank_messages (id, gateway_member_id, kind, message_id, sha256, created_by, entries, credited, debited)
     VALUES ($1, $2, 'camt.054', $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
    [importId, by.memberId, n.messageId, sha256(p.xml), by.userId ?? null, n.entries.length, credited.toString(), debited.toString()],
  );
  if (rowCount !== 1) throw duplicateMessage('BankMessageDuplicate', `message ${n.messageId} was imported before`, { messageId: n.messageId });
  const commandIds: string[] = [];
  const lines: NotificationImport['bookings'] = [];
  for (const b of bookings) {
    let commandId: string | null = null;
    if (b.depositReference) {
      const r = await deposit(ctx, tx, by, { memberId: b.memberId!, amount: b.amount, reference: b.depositReference });
      commandId = r.commandIds[0]!;
      commandIds.push(commandId);
    } else {
      await tx.query(`UPDATE bank_payouts SET status = 'paid', paid_entry_ref = $2 WHERE reference_hash = $1`, [b.payoutHash, b.entry.entryRef]);
    }
    await tx.query(
      `INSERT INTO bank_entries (gateway_member_id, entry_ref, tx_index, message, direction, amount, currency, member_id, end_to_end_id, deposit_reference, command_id, booked_on)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [by.memberId, b.entry.entryRef, b.index, importId, b.entry.direction, b.amount.toString(), b.entry.currency, b.memberId, b.endToEndId ?? null, b.depositReference ?? null, commandId, b.entry.bookingDate ?? null],
    );
    lines.push({
      entryRef: b.entry.entryRef,
      direction: b.entry.direction,
      memberId: b.memberId,
      amount: b.amount.toString(),
      endToEndId: b.endToEndId ?? null,
      depositReference: b.depositReference ?? null,
      commandId,
    });
  }
  const body: Omit<NotificationImport, 'commands'> = {
    importId,
    messageId: n.messageId,
    sha256: sha256(p.xml),
    currency,
    credited: credited.toString(),
    debited: debited.toString(),
    bookings: lines,
    notBooked: n.notBooked.map((x) => ({ entryRef: x.entryRef ?? null, status: x.status })),
  };
  return { commandIds, body };
}

// ----------------------------------------------------------------------------------------- pain.001

const endToEndIdOf = (referenceHash: string) => `TC${referenceHash.slice(2, 34).toUpperCase()}`;

/**
 * The payouts of every confirmed withdrawal not yet exported, as one pain.001 from the platform's account at this
 * gateway. A withdrawal whose member has no bank account is left out (listed in `skipped`) until it has one.
 */
export async function exportWithdrawals(tx: Queryable, by: Principal, p: { executionDate?: string; now?: Date }): Promise<Omit<PaymentInitiation, never>> {
  requireGateway(by);
  const own = await accountOf(tx, by.memberId);
  if (!own) throw refuseMessage('BankAccountUnknown', "register the platform's account at your bank first (POST /v1/bank/accounts for your own member)", { field: 'memberId' });
  const currency = xtCurrency();
  const now = p.now ?? new Date();
  const executionDate = p.executionDate ?? now.toISOString().slice(0, 10);
  const { rows: exported } = await tx.query<{ reference_hash: string }>('SELECT reference_hash FROM bank_payouts');
  const done = new Set(exported.map((r) => r.reference_hash));
  const transfers: Array<{ referenceHash: string; memberId: string; endToEndId: string; amount: bigint; account: string; bic: string | null; holderName: string; remittance: string }> = [];
  const skipped: PaymentInitiation['skipped'] = [];
  for (const w of await confirmedWithdrawals(tx)) {
    if (done.has(w.referenceHash)) continue;
    const member = await getMemberByAddress(tx, w.account);
    const account = member ? await accountOf(tx, member.id) : undefined;
    if (!member || !account) {
      skipped.push({ referenceHash: w.referenceHash, memberId: member?.id ?? null, amount: w.amount.toString(), reason: member ? 'no_bank_account' : 'not_a_member' });
      continue;
    }
    transfers.push({
      referenceHash: w.referenceHash,
      memberId: member.id,
      endToEndId: endToEndIdOf(w.referenceHash),
      amount: w.amount,
      account: account.account,
      bic: account.bic,
      holderName: account.holder_name,
      remittance: `XT withdrawal ${w.reference ?? w.referenceHash}`.slice(0, 140),
    });
  }
  if (transfers.length === 0) return { exportId: null, messageId: null, sha256: null, xml: null, currency, total: '0', payouts: [], skipped };
  const exportId = randomUUID();
  const messageId = `TCPAY${now.toISOString().replace(/[-:TZ.]/g, '').slice(0, 14)}${exportId.replace(/-/g, '').slice(0, 12).toUpperCase()}`;
  const xml = buildPain001({
    messageId,
    createdAt: now,
    executionDate,
    currency,
    initiatingParty: own.holder_name,
    debtorName: own.holder_name,
    debtorAccount: own.account,
    debtorBic: own.bic ?? undefined,
    transfers: transfers.map((t) => ({ endToEndId: t.endToEndId, amount: t.amount, creditorName: t.holderName, creditorAccount: t.account, creditorBic: t.bic ?? undefined, remittance: t.remittance })),
  });
  const total = transfers.reduce((s, t) => s + t.amount, 0n);
  await tx.query(
    `INSERT INTO bank_messages (id, gateway_member_id, kind, message_id, sha256, created_by, entries, debited, document) VALUES ($1, $2, 'pain.001', $3, $4, $5, $6, $7, $8)`,
    [exportId, by.memberId, messageId, sha256(xml), by.userId ?? null, transfers.length, total.toString(), xml],
  );
  for (const t of transfers) {
    await tx.query(
      `INSERT INTO bank_payouts (reference_hash, end_to_end_id, member_id, amount, currency, account, message, status) VALUES ($1, $2, $3, $4, $5, $6, $7, 'exported')`,
      [t.referenceHash, t.endToEndId, t.memberId, t.amount.toString(), currency, t.account, exportId],
    );
  }
  return {
    exportId,
    messageId,
    sha256: sha256(xml),
    xml,
    currency,
    total: total.toString(),
    payouts: transfers.map((t) => ({ referenceHash: t.referenceHash, endToEndId: t.endToEndId, memberId: t.memberId, amount: t.amount.toString(), account: t.account, status: 'exported' as const })),
    skipped,
  };
}
