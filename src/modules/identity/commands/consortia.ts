/** Consortia: a core enterprise creates one and invites its members, who accept, decline or leave. */
import { randomBytes } from 'node:crypto';
import { keccak256, toHex, type Address, type Hex } from 'viem';
import type { Queryable } from '../../../db/database.ts';
import { contractCall, enqueueCommands } from '../../../ledger/commands.ts';
import { ForbiddenError, RuleViolationError } from '../../../common/errors.ts';
import type { ModuleContext } from '../../../platform/context.ts';
import type { Principal } from '../apiKeys.ts';
import { consortiumRegistry } from '../contracts.ts';
import { requireActingUser, requireActiveMember } from '../guards.ts';
import { getConsortium } from '../queries/consortia.ts';
import { getMember } from '../queries/members.ts';

/** A certified core enterprise creates a consortium; its id is chosen here so the API can return it at once. */
export async function createConsortium(ctx: ModuleContext, tx: Queryable, by: Principal, p: { name: string }) {
  if (!by.memberRoles.includes('core_enterprise')) {
    throw new ForbiddenError('only a certified core enterprise can create a consortium');
  }
  requireActingUser(by);
  const id = `0x${randomBytes(32).toString('hex')}` as Hex;
  await tx.query('INSERT INTO consortium_profiles (id, name, created_by) VALUES ($1, $2, $3)', [id, p.name.trim(), by.memberId]);
  const commandIds = await enqueueCommands(tx, [
    contractCall({
      kind: 'consortium.create',
      signer: by.memberAddress as Address,
      target: consortiumRegistry(ctx),
      functionName: 'createConsortium',
      args: [id, keccak256(toHex(p.name.trim()))],
      requestedBy: by.userId,
    }),
  ]);
  return { consortiumId: id, commandIds };
}

async function membershipState(db: Queryable, consortiumId: string, address: string): Promise<string> {
  const { rows } = await db.query<{ state: string }>(
    'SELECT state FROM consortium_memberships WHERE consortium_id = $1 AND member = $2',
    [consortiumId.toLowerCase(), address.toLowerCase()],
  );
  return rows[0]?.state ?? 'none';
}

/** The consortium's core invites a certified member. */
export async function invite(ctx: ModuleContext, tx: Queryable, by: Principal, p: { consortiumId: string; memberId: string }) {
  const consortium = await getConsortium(tx, p.consortiumId);
  if (consortium.status === 'pending') throw new RuleViolationError('consortium_pending', 'the consortium is not on-chain yet; retry once its creation is confirmed');
  if (consortium.core?.address !== by.memberAddress) throw new ForbiddenError('only the core enterprise of this consortium can invite');
  requireActingUser(by);
  const invitee = await getMember(tx, p.memberId);
  if (invitee.status !== 'certified') {
    throw new RuleViolationError('member_not_certified', `member ${invitee.name} is ${invitee.status}; only certified members can be invited`, { memberId: invitee.id });
  }
  const state = await membershipState(tx, consortium.id, invitee.address);
  if (state === 'invited' || state === 'member') {
    throw new RuleViolationError('already_invited', `member ${invitee.name} is already ${state === 'member' ? 'a member' : 'invited'}`, { state });
  }
  return {
    commandIds: await enqueueCommands(tx, [
      contractCall({
        kind: 'consortium.invite',
        signer: by.memberAddress as Address,
        target: consortiumRegistry(ctx),
        functionName: 'invite',
        args: [consortium.id, invitee.address],
        requestedBy: by.userId,
      }),
    ]),
  };
}

export type MembershipAction = 'accept' | 'decline' | 'leave';

/** The invited member accepts or declines; a member leaves. */
export async function answer(ctx: ModuleContext, tx: Queryable, by: Principal, p: { consortiumId: string; action: MembershipAction }) {
  requireActingUser(by);
  const consortium = await getConsortium(tx, p.consortiumId);
  if (p.action === 'leave' && consortium.core?.address === by.memberAddress) {
    throw new RuleViolationError('core_cannot_leave', 'the core enterprise cannot leave its own consortium');
  }
  const state = await membershipState(tx, consortium.id, by.memberAddress);
  const required = p.action === 'leave' ? 'member' : 'invited';
  if (state !== required) {
    throw new RuleViolationError(
      p.action === 'leave' ? 'not_a_member' : 'no_pending_invitation',
      p.action === 'leave' ? 'your enterprise is not a member of this consortium' : 'your enterprise has no pending invitation to this consortium',
      { state },
    );
  }
  // The registry accepts only from an active member (a suspended or revoked one may still decline or leave).
  if (p.action === 'accept') await requireActiveMember(tx, by);
  const functionName = p.action === 'leave' ? 'leaveConsortium' : p.action;
  return {
    commandIds: await enqueueCommands(tx, [
      contractCall({
        kind: `consortium.${p.action}`,
        signer: by.memberAddress as Address,
        target: consortiumRegistry(ctx),
        functionName,
        args: [consortium.id],
        requestedBy: by.userId,
      }),
    ]),
  };
}

/** The core removes a member or withdraws an invitation. */
export async function removeMember(ctx: ModuleContext, tx: Queryable, by: Principal, p: { consortiumId: string; memberId: string }) {
  const consortium = await getConsortium(tx, p.consortiumId);
  if (consortium.core?.address !== by.memberAddress) throw new ForbiddenError('only the core enterprise of this consortium can remove members');
  requireActingUser(by);
  const member = await getMember(tx, p.memberId);
  if (member.address === consortium.core?.address) {
    throw new RuleViolationError('core_cannot_leave', 'the core enterprise cannot be removed from its own consortium', { memberId: member.id });
  }
  const state = await membershipState(tx, consortium.id, member.address);
  if (state !== 'invited' && state !== 'member') throw new RuleViolationError('not_a_member', `member ${member.name} is ${state} in this consortium`, { state });
  return {
    commandIds: await enqueueCommands(tx, [
      contractCall({
        kind: 'consortium.remove',
        signer: by.memberAddress as Address,
        target: consortiumRegistry(ctx),
        functionName: 'remove',
        args: [consortium.id, member.address],
        requestedBy: by.userId,
      }),
    ]),
  };
}
