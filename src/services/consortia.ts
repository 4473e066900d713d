import { randomBytes } from 'node:crypto';
import { keccak256, toHex, type Address, type Hex } from 'viem';
import type { Queryable } from '../db/database.ts';
import { contractCall, enqueueCommands } from '../ledger/commands.ts';
import { ForbiddenError, NotFoundError, RuleViolationError } from '../common/errors.ts';
import type { Principal } from './apiKeys.ts';
import type { ServiceContext } from './context.ts';
import { getMember } from './members.ts';
import { requireActingUser, requireActiveMember } from './guards.ts';

export interface ConsortiumMemberView {
  memberId: string | null;
  name: string | null;
  address: Address;
  state: string;
  updatedAt: string;
}

export interface ConsortiumView {
  id: Hex;
  name: string | null;
  core: { memberId: string | null; name: string | null; address: Address } | null;
  /** `pending` until the creation is indexed. */
  status: 'pending' | 'active';
  memberCount: number;
  members: ConsortiumMemberView[];
  createdAt: string | null;
}

export async function getConsortium(db: Queryable, id: string): Promise<ConsortiumView> {
  const { rows } = await db.query<{
    id: string; name: string | null; core: string | null; core_id: string | null; core_name: string | null;
    member_count: number | null; created_at: Date | null;
  }>(
    `SELECT COALESCE(c.id, p.id) AS id, p.name, c.core, cm.id AS core_id, cm.name AS core_name, c.member_count, c.created_at
       FROM consortium_profiles p FULL OUTER JOIN consortia c ON c.id = p.id LEFT JOIN members cm ON cm.address = c.core
      WHERE COALESCE(c.id, p.id) = $1`,
    [id.toLowerCase()],
  );
  const row = rows[0];
  if (!row) throw new NotFoundError('consortium', id);
  const { rows: members } = await db.query<{ member: string; state: string; updated_at: Date; id: string | null; name: string | null }>(
    `SELECT cmb.member, cmb.state, cmb.updated_at, m.id, m.name FROM consortium_memberships cmb
       LEFT JOIN members m ON m.address = cmb.member WHERE cmb.consortium_id = $1 ORDER BY cmb.updated_block, cmb.member`,
    [row.id],
  );
  return {
    id: row.id as Hex,
    name: row.name,
    core: row.core ? { memberId: row.core_id, name: row.core_name, address: row.core as Address } : null,
    status: row.core ? 'active' : 'pending',
    memberCount: row.member_count ?? 0,
    members: members.map((m) => ({ memberId: m.id, name: m.name, address: m.member as Address, state: m.state, updatedAt: m.updated_at.toISOString() })),
    createdAt: row.created_at?.toISOString() ?? null,
  };
}

/**
 * One consortium as the principal may see it: the operator and the regulator see every consortium; an
 * enterprise sees one it created or has any membership record in (invited, member, declined, left, removed).
 */
export async function viewConsortium(db: Queryable, by: Principal, id: string): Promise<ConsortiumView> {
  const consortium = await getConsortium(db, id);
  if (by.isOperator || by.memberRoles.includes('regulator') || consortium.core?.address === by.memberAddress) return consortium;
  if (consortium.members.some((m) => m.address === by.memberAddress)) return consortium;
  const { rows } = await db.query('SELECT 1 FROM consortium_profiles WHERE id = $1 AND created_by = $2', [consortium.id, by.memberId]);
  if (rows[0]) return consortium;
  throw new ForbiddenError('your enterprise is neither a member of this consortium nor invited to it');
}

/** Consortia the principal belongs to or is invited to; the operator and the regulator see all. */
export async function listConsortia(db: Queryable, by: Principal): Promise<ConsortiumView[]> {
  const seesAll = by.isOperator || by.memberRoles.includes('regulator');
  const { rows } = await db.query<{ id: string }>(
    seesAll
      ? `SELECT COALESCE(c.id, p.id) AS id FROM consortium_profiles p FULL OUTER JOIN consortia c ON c.id = p.id ORDER BY 1`
      : `SELECT DISTINCT id FROM (
           SELECT consortium_id AS id FROM consortium_memberships WHERE member = $1
           UNION SELECT p.id FROM consortium_profiles p WHERE p.created_by = $2) x ORDER BY 1`,
    seesAll ? [] : [by.memberAddress, by.memberId],
  );
  return Promise.all(rows.map((r) => getConsortium(db, r.id)));
}

/** Pending invitations of the principal's member. */
export async function listInvitations(db: Queryable, by: Principal) {
  const { rows } = await db.query<{ consortium_id: string }>(
    `SELECT consortium_id FROM consortium_memberships WHERE member = $1 AND state = 'invited' ORDER BY updated_block`,
    [by.memberAddress],
  );
  return Promise.all(rows.map((r) => getConsortium(db, r.consortium_id)));
}

/** A certified core enterprise creates a consortium; its id is chosen here so the API can return it at once. */
export async function createConsortium(ctx: ServiceContext, tx: Queryable, by: Principal, p: { name: string }) {
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
      contract: 'ConsortiumRegistry',
      address: ctx.deployment.contracts.ConsortiumRegistry,
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
export async function invite(ctx: ServiceContext, tx: Queryable, by: Principal, p: { consortiumId: string; memberId: string }) {
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
        contract: 'ConsortiumRegistry',
        address: ctx.deployment.contracts.ConsortiumRegistry,
        functionName: 'invite',
        args: [consortium.id, invitee.address],
        requestedBy: by.userId,
      }),
    ]),
  };
}

export type MembershipAction = 'accept' | 'decline' | 'leave';

/** The invited member accepts or declines; a member leaves. */
export async function answer(ctx: ServiceContext, tx: Queryable, by: Principal, p: { consortiumId: string; action: MembershipAction }) {
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
        contract: 'ConsortiumRegistry',
        address: ctx.deployment.contracts.ConsortiumRegistry,
        functionName,
        args: [consortium.id],
        requestedBy: by.userId,
      }),
    ]),
  };
}

/** The core removes a member or withdraws an invitation. */
export async function removeMember(ctx: ServiceContext, tx: Queryable, by: Principal, p: { consortiumId: string; memberId: string }) {
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
        contract: 'ConsortiumRegistry',
        address: ctx.deployment.contracts.ConsortiumRegistry,
        functionName: 'remove',
        args: [consortium.id, member.address],
        requestedBy: by.userId,
      }),
    ]),
  };
}
