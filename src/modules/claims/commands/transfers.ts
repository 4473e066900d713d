/**
 * What a holder does with its claims on the ledger: split-transfers to other members of the claim's consortium,
 * and modifications into a child id with narrower terms. Each checks what the ledger would refuse against chain
 * state first (one pinned block), then enqueues the call signed by the holder.
 */
import type { Address } from 'viem';
import type { Queryable } from '../../../db/database.ts';
import { contractCall, enqueueCommands } from '../../../ledger/commands.ts';
import { RuleViolationError } from '../../../common/errors.ts';
import { pinnedToLatestBlock } from '../../../chain/reads.ts';
import type { ModuleContext } from '../../../platform/context.ts';
import { getMemberIdentity, requireActingUser, requireCanHold, type Principal } from '../../identity/index.ts';
import {
  childIdOf,
  dayCountName,
  formatDate,
  idHex,
  parseDate,
  requireClaim,
  requireHolding,
  requireJoinableHolding,
  requireNotMatured,
  requireRecipientAllowed,
  requireTransferDepth,
} from '../chain.ts';
import { claimLedger } from '../contracts.ts';

export interface CheckedTransfer {
  to: { id: string; address: string };
}

/**
 * Checks a split-transfer against chain state before anything is stored: the claim, the holder's standing,
 * maturity, the holding and its transfer depth, the recipient's membership and whether the units may join
 * its holding. Reads only, concurrently, outside any database transaction.
 */
export async function checkClaimTransfer(
  ctx: ModuleContext,
  db: Queryable,
  by: Principal,
  p: { claimId: bigint; toMemberId: string; amount: bigint },
): Promise<CheckedTransfer> {
  requireActingUser(by);
  const [at, to] = await Promise.all([pinnedToLatestBlock(ctx), getMemberIdentity(db, p.toMemberId)]);
  ctx = at; // every read below sees the same block
  const terms = await requireClaim(ctx, p.claimId);
  if (to.address === by.memberAddress) throw new RuleViolationError('self_transfer', 'cannot transfer a claim to your own enterprise', { field: 'toMemberId' });
  await Promise.all([
    requireCanHold(ctx, by),
    requireNotMatured(ctx, p.claimId, terms),
    requireHolding(ctx, by.memberAddress, p.claimId, p.amount),
    requireTransferDepth(ctx, by.memberAddress, p.claimId, terms),
    requireRecipientAllowed(ctx, terms.consortiumId, to.address, 'toMemberId', to.name),
    requireJoinableHolding(ctx, by.memberAddress, to.address, p.claimId),
  ]);
  return { to: { id: to.id, address: to.address } };
}

/** A holder passes `amount` of a claim on to another member of the claim's consortium (a split-transfer). */
export async function transferClaim(
  ctx: ModuleContext,
  tx: Queryable,
  by: Principal,
  p: { claimId: bigint; toMemberId: string; amount: bigint },
  checked?: CheckedTransfer,
) {
  const { to } = checked ?? (await checkClaimTransfer(ctx, tx, by, p));
  const commandIds = await enqueueCommands(tx, [
    contractCall({
      kind: 'claim.transfer',
      signer: by.memberAddress as Address,
      target: claimLedger(ctx),
      functionName: 'transfer',
      args: [to.address, p.claimId, p.amount],
      requestedBy: by.userId,
    }),
  ]);
  return { claimId: idHex(p.claimId), toMemberId: to.id, amount: p.amount.toString(), commandIds };
}

/**
 * A holder turns `amount` of a claim into a child id with narrower terms (later or equal due date, lower or
 * equal late rate, fewer or equal transfer hops); omitted fields keep the parent's value.
 */
export async function modifyClaim(
  ctx: ModuleContext,
  tx: Queryable,
  by: Principal,
  p: { claimId: bigint; amount: bigint; dueDate?: string; lateRateBps?: number; maxHops?: number },
) {
  requireActingUser(by);
  ctx = await pinnedToLatestBlock(ctx); // every check below reads the same block
  const parent = await requireClaim(ctx, p.claimId);
  const narrower = {
    dueDate: p.dueDate === undefined ? parent.dueDate : parseDate(p.dueDate, 'body.dueDate'),
    lateRateBps: p.lateRateBps ?? parent.lateRateBps,
    maxHops: p.maxHops ?? parent.maxHops,
  };
  const widens = (field: string, was: string | number, now: string | number, rule: string) =>
    new RuleViolationError('modify_widens_terms', `${field} ${now} would widen the claim's terms (it is ${was}; ${rule})`, { field, parent: was, requested: now });
  if (narrower.dueDate < parent.dueDate) throw widens('dueDate', formatDate(parent.dueDate), formatDate(narrower.dueDate), 'the due date may only move later');
  if (narrower.lateRateBps > parent.lateRateBps) throw widens('lateRateBps', parent.lateRateBps, narrower.lateRateBps, 'the late rate may only go down');
  if (narrower.maxHops > parent.maxHops) throw widens('maxHops', parent.maxHops, narrower.maxHops, 'the transfer depth may only shrink');
  await requireCanHold(ctx, by);
  await requireNotMatured(ctx, p.claimId, parent);
  await requireHolding(ctx, by.memberAddress, p.claimId, p.amount);
  const childId = childIdOf(p.claimId, narrower);
  const commandIds = await enqueueCommands(tx, [
    contractCall({
      kind: 'claim.modify',
      signer: by.memberAddress as Address,
      target: claimLedger(ctx),
      functionName: 'modify',
      args: [p.claimId, p.amount, { ...parent, ...narrower, parent: p.claimId }],
      requestedBy: by.userId,
    }),
  ]);
  return {
    claimId: idHex(p.claimId),
    childId: idHex(childId),
    amount: p.amount.toString(),
    terms: { dueDate: formatDate(narrower.dueDate), lateRateBps: narrower.lateRateBps, maxHops: narrower.maxHops, dayCount: dayCountName(parent.dayCount) },
    commandIds,
  };
}
