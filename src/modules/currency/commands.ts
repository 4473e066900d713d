/** XT commands: deposits by a bank gateway, withdrawals, transfers between members, and the operator's pause. */
import { formatXt } from '../../domain/money.ts';
import { randomUUID } from 'node:crypto';
import { keccak256, toHex, type Address, type Hex } from 'viem';
import type { Queryable } from '../../db/database.ts';
import { contractCall, enqueueCommands, getCommands } from '../../ledger/commands.ts';
import { ConflictError, ForbiddenError, RuleViolationError } from '../../common/errors.ts';
import type { ModuleContext } from '../../platform/context.ts';
import { getMember, requireActingUser, requireActiveMember, type Principal } from '../identity/index.ts';
import { settlementToken } from './contracts.ts';
import { balanceOf } from './queries.ts';

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
  const { rows } = await tx.query<{ command_id: string }>('SELECT command_id FROM xt_references WHERE hash = $1 FOR UPDATE', [hash]);
  const previous = rows[0];
  const [command] = previous ? await getCommands(tx, [previous.command_id]) : [];
  if (previous && command?.status === 'failed') {
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

/** A bank gateway credits XT to a member against a fiat deposit reference (once per reference). */
export async function deposit(ctx: ModuleContext, tx: Queryable, by: Principal, p: { memberId: string; amount: bigint; reference: string }) {
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
      target: settlementToken(ctx),
      functionName: 'deposit',
      args: [member.address, p.amount, ref],
      requestedBy: by.userId,
    }),
  ]);
  return { commandIds, referenceHash: ref };
}

/** A member burns XT for a fiat payout under its withdrawal reference. */
export async function withdraw(ctx: ModuleContext, tx: Queryable, by: Principal, p: { amount: bigint; reference: string }) {
  requireActingUser(by);
  // A suspended or revoked member's XT is frozen (the token refuses to burn it).
  await requireActiveMember(tx, by);
  const balance = await balanceOf(tx, by.memberAddress);
  if (balance < p.amount) {
    throw new RuleViolationError('insufficient_balance', `your XT balance ${formatXt(balance)} is less than the ${formatXt(p.amount)} requested`, { field: 'amount', balance: balance.toString(), requested: p.amount.toString() });
  }
  const id = randomUUID();
  const ref = await claimReference(tx, 'withdrawal', p.reference, id);
  const commandIds = await enqueueCommands(tx, [
    contractCall({
      id,
      kind: 'xt.withdraw',
      signer: by.memberAddress as Address,
      target: settlementToken(ctx),
      functionName: 'withdraw',
      args: [p.amount, ref],
      requestedBy: by.userId,
    }),
  ]);
  return { commandIds, referenceHash: ref };
}

/** Moves XT between certified members. The contract enforces the same rule; this check explains it early. */
export async function transfer(ctx: ModuleContext, tx: Queryable, by: Principal, p: { toMemberId: string; amount: bigint }) {
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
    throw new RuleViolationError('insufficient_balance', `your XT balance ${formatXt(balance)} is less than the ${formatXt(p.amount)} requested`, { field: 'amount', balance: balance.toString(), requested: p.amount.toString() });
  }
  const commandIds = await enqueueCommands(tx, [
    contractCall({
      kind: 'xt.transfer',
      signer: by.memberAddress as Address,
      target: settlementToken(ctx),
      functionName: 'transfer',
      args: [to.address, p.amount],
      requestedBy: by.userId,
    }),
  ]);
  return { commandIds };
}

/** Operator pauses or resumes every XT movement. */
export async function setPaused(ctx: ModuleContext, tx: Queryable, by: Principal, paused: boolean) {
  if (!by.isOperator) throw new ForbiddenError('only the operator can pause or resume XT');
  requireActingUser(by);
  const commandIds = await enqueueCommands(tx, [
    contractCall({
      kind: paused ? 'xt.pause' : 'xt.unpause',
      signer: ctx.operator,
      target: settlementToken(ctx),
      functionName: paused ? 'pause' : 'unpause',
      args: [],
      requestedBy: by.userId,
    }),
  ]);
  return { commandIds };
}

