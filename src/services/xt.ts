import { randomUUID } from 'node:crypto';
import { keccak256, toHex, type Address, type Hex } from 'viem';
import type { Queryable } from '../db/database.ts';
import { contractCall, enqueueCommands } from '../ledger/commands.ts';
import { ConflictError, ForbiddenError, RuleViolationError } from '../common/errors.ts';
import type { Principal } from './apiKeys.ts';
import type { ServiceContext } from './context.ts';
import { getMember } from './members.ts';
import { requireActingUser, requireActiveMember } from './guards.ts';

/** On-chain form of a bank reference: its hash (the reference itself stays off-chain, in xt_references). */
export const referenceHash = (kind: 'deposit' | 'withdrawal', reference: string): Hex => keccak256(toHex(`${kind}:${reference.trim()}`));

/**
 * Reserves a bank reference for a command. A reference is used once: a second claim is a 409, unless the
 * command that claimed it failed (it never reached the chain, so the bank may retry with the same reference;
 * the contract still refuses a reference it has credited).
 */
async function claimReference(tx: Queryable, kind: 'deposit' | 'withdrawal', reference: string, commandId: string): Promise<Hex> {
  const hash = referenceHash(kind, reference);
  // ON CONFLICT: two requests racing for one reference give one 409, not a unique-violation 500.
  const { rows: claimed } = await tx.query<{ hash: string }>(
    'INSERT INTO xt_references (hash, kind, reference, command_id) VALUES ($1, $2, $3, $4) ON CONFLICT (hash) DO NOTHING RETURNING hash',
    [hash, kind, reference.trim(), commandId],
  );
  if (claimed[0]) return hash;
  const { rows } = await tx.query<{ command_id: string; status: string | null }>(
    `SELECT r.command_id, c.status FROM xt_references r LEFT JOIN commands c ON c.id = r.command_id
      WHERE r.hash = $1 FOR UPDATE OF r`,
    [hash],
  );
  const previous = rows[0];
  if (previous?.status === 'failed') {
    const { rowCount } = await tx.query('UPDATE xt_references SET command_id = $2, created_at = now() WHERE hash = $1 AND command_id = $3', [
      hash,
      commandId,
      previous.command_id,
    ]);
    if (rowCount === 1) return hash;
  }
  throw new ConflictError(`${kind}_reference_used`, `${kind} reference "${reference}" has already been used`, {
    field: 'reference',
    commandId: previous?.command_id,
  });
}

async function balanceOf(db: Queryable, address: string): Promise<bigint> {
  const { rows } = await db.query<{ balance: string }>('SELECT balance::text AS balance FROM xt_balances WHERE address = $1', [address]);
  return BigInt(rows[0]?.balance ?? '0');
}

/** A bank gateway credits XT to a member against a fiat deposit reference (once per reference). */
export async function deposit(ctx: ServiceContext, tx: Queryable, by: Principal, p: { memberId: string; amount: bigint; reference: string }) {
  if (!by.memberRoles.includes('bank_gateway')) throw new ForbiddenError('only a certified bank gateway can credit XT deposits');
  requireActingUser(by);
  const member = await getMember(tx, p.memberId);
  if (member.status !== 'certified') {
    throw new RuleViolationError('recipient_not_member', `member ${member.name} is ${member.status} and cannot hold XT`, { field: 'memberId' });
  }
  const id = randomUUID();
  const ref = await claimReference(tx, 'deposit', p.reference, id);
  const commandIds = await enqueueCommands(tx, [
    contractCall({
      id,
      kind: 'xt.deposit',
      signer: by.memberAddress as Address,
      contract: 'SettlementToken',
      address: ctx.deployment.contracts.SettlementToken,
      functionName: 'deposit',
      args: [member.address, p.amount, ref],
      requestedBy: by.userId,
    }),
  ]);
  return { commandIds, referenceHash: ref };
}

/** A member burns XT for a fiat payout under its withdrawal reference. */
export async function withdraw(ctx: ServiceContext, tx: Queryable, by: Principal, p: { amount: bigint; reference: string }) {
  requireActingUser(by);
  // A suspended or revoked member's XT is frozen (the token refuses to burn it).
  await requireActiveMember(tx, by);
  const balance = await balanceOf(tx, by.memberAddress);
  if (balance < p.amount) {
    throw new RuleViolationError('insufficient_balance', `balance ${balance} is less than the ${p.amount} requested`, { field: 'amount', balance: balance.toString() });
  }
  const id = randomUUID();
  const ref = await claimReference(tx, 'withdrawal', p.reference, id);
  const commandIds = await enqueueCommands(tx, [
    contractCall({
      id,
      kind: 'xt.withdraw',
      signer: by.memberAddress as Address,
      contract: 'SettlementToken',
      address: ctx.deployment.contracts.SettlementToken,
      functionName: 'withdraw',
      args: [p.amount, ref],
      requestedBy: by.userId,
    }),
  ]);
  return { commandIds, referenceHash: ref };
}

/** Moves XT between certified members. The contract enforces the same rule; this check explains it early. */
export async function transfer(ctx: ServiceContext, tx: Queryable, by: Principal, p: { toMemberId: string; amount: bigint }) {
  requireActingUser(by);
  await requireActiveMember(tx, by);
  const to = await getMember(tx, p.toMemberId);
  if (to.status !== 'certified') {
    throw new RuleViolationError('recipient_not_member', `${to.name} is ${to.status}, not a certified member, and cannot receive XT`, {
      field: 'toMemberId',
    });
  }
  if (to.address === by.memberAddress) throw new RuleViolationError('self_transfer', 'cannot transfer to your own enterprise', { field: 'toMemberId' });
  const balance = await balanceOf(tx, by.memberAddress);
  if (balance < p.amount) {
    throw new RuleViolationError('insufficient_balance', `balance ${balance} is less than the ${p.amount} requested`, { field: 'amount', balance: balance.toString() });
  }
  const commandIds = await enqueueCommands(tx, [
    contractCall({
      kind: 'xt.transfer',
      signer: by.memberAddress as Address,
      contract: 'SettlementToken',
      address: ctx.deployment.contracts.SettlementToken,
      functionName: 'transfer',
      args: [to.address, p.amount],
      requestedBy: by.userId,
    }),
  ]);
  return { commandIds };
}

/** Operator pauses or resumes every XT movement. */
export async function setPaused(ctx: ServiceContext, tx: Queryable, by: Principal, paused: boolean) {
  if (!by.isOperator) throw new ForbiddenError('only the operator can pause or resume XT');
  requireActingUser(by);
  const commandIds = await enqueueCommands(tx, [
    contractCall({
      kind: paused ? 'xt.pause' : 'xt.unpause',
      signer: ctx.operator,
      contract: 'SettlementToken',
      address: ctx.deployment.contracts.SettlementToken,
      functionName: paused ? 'pause' : 'unpause',
      args: [],
      requestedBy: by.userId,
    }),
  ]);
  return { commandIds };
}

export interface BalanceView {
  memberId: string | null;
  name: string | null;
  address: Address;
  balance: string;
}

export async function listBalances(db: Queryable, by: Principal): Promise<{ items: BalanceView[]; totalSupply: string; paused: boolean }> {
  const seesAll = by.isOperator || by.memberRoles.includes('regulator') || by.memberRoles.includes('bank_gateway');
  const { rows } = await db.query<{ id: string | null; name: string | null; address: string; balance: string }>(
    `SELECT m.id, m.name, b.address, b.balance::text AS balance FROM xt_balances b LEFT JOIN members m ON m.address = b.address
      ${seesAll ? '' : 'WHERE b.address = $1'} ORDER BY b.address`,
    seesAll ? [] : [by.memberAddress],
  );
  const { rows: state } = await db.query<{ total_supply: string; paused: boolean }>('SELECT total_supply::text AS total_supply, paused FROM xt_state WHERE id = 1');
  return {
    items: rows.map((r) => ({ memberId: r.id, name: r.name, address: r.address as Address, balance: r.balance })),
    totalSupply: state[0]?.total_supply ?? '0',
    paused: state[0]?.paused ?? false,
  };
}

export async function memberBalance(db: Queryable, by: Principal, memberId: string): Promise<BalanceView> {
  const member = await getMember(db, memberId);
  const seesAll = by.isOperator || by.memberRoles.includes('regulator') || by.memberRoles.includes('bank_gateway');
  if (!seesAll && member.id !== by.memberId) throw new ForbiddenError("you can only see your own enterprise's balance");
  return { memberId: member.id, name: member.name, address: member.address, balance: (await balanceOf(db, member.address)).toString() };
}

export async function listMovements(db: Queryable, by: Principal, p: { memberId?: string; limit: number }) {
  const seesAll = by.isOperator || by.memberRoles.includes('regulator') || by.memberRoles.includes('bank_gateway');
  let address: string | null = by.memberAddress;
  if (p.memberId) {
    const member = await getMember(db, p.memberId);
    if (!seesAll && member.id !== by.memberId) throw new ForbiddenError("you can only see your own enterprise's movements");
    address = member.address;
  } else if (seesAll) address = null;
  const { rows } = await db.query<{
    block_number: string; log_index: number; tx_hash: string; kind: string; from_address: string | null; to_address: string | null;
    amount: string; reference: string | null; block_time: Date; ref_text: string | null;
  }>(
    `SELECT mv.block_number, mv.log_index, mv.tx_hash, mv.kind, mv.from_address, mv.to_address, mv.amount::text AS amount,
            mv.reference, mv.block_time, r.reference AS ref_text
       FROM xt_movements mv LEFT JOIN xt_references r ON r.hash = mv.reference
      ${address ? 'WHERE mv.from_address = $2 OR mv.to_address = $2' : ''}
      ORDER BY mv.block_number DESC, mv.log_index DESC LIMIT $1`,
    address ? [p.limit, address] : [p.limit],
  );
  return rows.map((r) => ({
    kind: r.kind,
    from: r.from_address,
    to: r.to_address,
    amount: r.amount,
    reference: r.ref_text,
    referenceHash: r.reference,
    txHash: r.tx_hash,
    blockNumber: r.block_number,
    at: r.block_time.toISOString(),
  }));
}
