/** Onboarding and the certification life cycle of members, and their users: writes through the outbox. */
import { randomUUID } from 'node:crypto';
import { keccak256, toHex, type Address, type Hex } from 'viem';
import type { Queryable } from '../../../db/database.ts';
import { contractCall, enqueueCommands, type CommandRequest } from '../../../ledger/commands.ts';
import { ConflictError, ForbiddenError, RuleViolationError } from '../../../common/errors.ts';
import { chainRead } from '../../../chain/reads.ts';
import type { ModuleContext } from '../../../platform/context.ts';
import { createUserWithKey, type Principal } from '../apiKeys.ts';
import { memberRegistry } from '../contracts.ts';
import { requireActingUser } from '../guards.ts';
import { legalIdentityHash } from '../legalIdentity.ts';
import { getMember, type MemberView } from '../queries/members.ts';
import { rolesToBits, type MemberRole } from '../roles.ts';

/** Roles only the registry admin (the operator) may grant, whose holders only the operator may act on. */
const privilegedRoles: readonly MemberRole[] = ['verifier', 'regulator', 'bank_gateway', 'operator'];

export interface CreateMemberParameters {
  name: string;
  registrationNumber: string;
  roles: MemberRole[];
  documentsHash?: Hex;
  adminUserName: string;
  /** Certify right away with `roles` (default true); otherwise the member stays registered until certified. */
  certify: boolean;
}

/**
 * Onboards an enterprise (operator only): a custodial key, the off-chain profile, an admin user with its
 * first API key, and the commands, both signed by the operator, that register its address on-chain on its behalf
 * and certify it. Only a certifier registers a member (docs/adr/011-registration-by-certifier.md), so nobody can
 * bind the enterprise's legal identity to another address before the operator does.
 */
export async function createMember(ctx: ModuleContext, tx: Queryable, by: Principal, p: CreateMemberParameters) {
  if (!by.isOperator) throw new ForbiddenError('only the platform operator can create members');
  requireActingUser(by);
  refuseOperatorRole(p.roles);
  const legalIdHash = legalIdentityHash(p.registrationNumber, p.name);
  const memberExists = (memberId: string | undefined) =>
    new ConflictError('member_exists', 'an enterprise with this registration number and name is already a member', { memberId });
  const { rows: taken } = await tx.query<{ id: string }>('SELECT id FROM members WHERE legal_id_hash = $1', [legalIdHash]);
  if (taken[0]) throw memberExists(taken[0].id);
  await refuseIdentityBoundOnChain(ctx, legalIdHash);
  const address = await ctx.keys.createKey(tx);
  const id = randomUUID();
  // ON CONFLICT: two onboardings of one enterprise racing (different Idempotency-Keys) give one 409, not a 500.
  const { rows: inserted } = await tx.query<{ id: string }>(
    `INSERT INTO members (id, name, registration_number, legal_id_hash, documents_hash, address, requested_roles)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (legal_id_hash) DO NOTHING RETURNING id`,
    [id, p.name.trim(), p.registrationNumber.trim(), legalIdHash, p.documentsHash?.toLowerCase() ?? null, address, p.roles],
  );
  if (!inserted[0]) {
    const { rows: winner } = await tx.query<{ id: string }>('SELECT id FROM members WHERE legal_id_hash = $1', [legalIdHash]);
    throw memberExists(winner[0]?.id);
  }
  const { userId, apiKey } = await createUserWithKey(tx, { memberId: id, name: p.adminUserName, role: 'admin' });
  const register = contractCall({
    kind: 'member.register',
    signer: ctx.operator,
    target: memberRegistry(ctx),
    functionName: 'register',
    args: [address, legalIdHash, p.documentsHash ?? `0x${'0'.repeat(64)}`],
    requestedBy: by.userId,
    id: randomUUID(),
  });
  const requests: CommandRequest[] = [register];
  if (p.certify) requests.push(certifyCommand(ctx, by, { signer: ctx.operator, member: address, roles: p.roles, dependsOn: [register.id!] }));
  const commandIds = await enqueueCommands(tx, requests);
  return { member: await getMember(tx, id), userId, apiKey, commandIds };
}

/**
 * The registry binds a legal identity to one address for good. One bound on-chain but unknown here (registered by a
 * verifier's key outside the platform, or by this platform before its database was restored from an older backup)
 * would make the registration fail with LegalIdentityTaken and leave the new member pending, with a live API key.
 */
async function refuseIdentityBoundOnChain(ctx: ModuleContext, legalIdHash: Hex): Promise<void> {
  const holder = await chainRead(ctx, ctx.client.readContract({ ...memberRegistry(ctx), functionName: 'identityHolder', args: [legalIdHash] }));
  if (BigInt(holder) !== 0n) {
    throw new ConflictError('LegalIdentityTaken', `this legal identity is already registered on-chain to ${holder}, an address this platform does not know`, {
      legalIdHash,
      holder: holder.toLowerCase(),
    });
  }
}

/**
 * The operator role is the platform operator's alone (the API knows the operator by its address): certified
 * on another enterprise, it would let that enterprise pause XT on-chain while the API shows it as a member.
 */
function refuseOperatorRole(roles: readonly MemberRole[]): void {
  if (roles.includes('operator')) {
    throw new RuleViolationError('role_not_grantable', 'the operator role belongs to the platform operator and cannot be granted', { field: 'roles' });
  }
}

function certifyCommand(
  ctx: ModuleContext,
  by: Principal,
  p: { signer: Address; member: Address; roles: MemberRole[]; dependsOn: string[] },
): CommandRequest {
  return contractCall({
    kind: 'member.certify',
    signer: p.signer,
    target: memberRegistry(ctx),
    functionName: 'certify',
    args: [p.member, BigInt(rolesToBits(p.roles))],
    dependsOn: p.dependsOn,
    requestedBy: by.userId,
    id: randomUUID(),
  });
}

export type MemberAction = 'certify' | 'suspend' | 'reinstate' | 'revoke';

/** Certification life cycle, signed by the operator (or, for certify/suspend/reinstate/revoke, a verifier). */
export async function changeMemberStatus(
  ctx: ModuleContext,
  tx: Queryable,
  by: Principal,
  p: { memberId: string; action: MemberAction; roles?: MemberRole[]; reason?: string },
) {
  const isVerifier = by.memberRoles.includes('verifier');
  if (!by.isOperator && !isVerifier) throw new ForbiddenError('only the operator or a verifier can change a certification');
  requireActingUser(by);
  const member = await getMember(tx, p.memberId);
  // The registry lets any certifier act on any member; a verifier must not suspend, revoke or re-certify the
  // operator, another verifier, a regulator or a bank gateway (nor itself).
  if (!by.isOperator && (member.id === by.memberId || member.roles.some((r) => privilegedRoles.includes(r)))) {
    throw new ForbiddenError('only the operator can change the certification of the operator, verifiers, regulators and bank gateways', {
      memberId: member.id,
    });
  }
  const allowedFrom: Record<MemberAction, MemberView['status'][]> = {
    certify: ['pending', 'registered', 'certified'],
    suspend: ['certified'],
    reinstate: ['suspended'],
    revoke: ['pending', 'registered', 'certified', 'suspended'],
  };
  if (!allowedFrom[p.action].includes(member.status)) {
    throw new RuleViolationError('member_status_invalid', `member is ${member.status}; cannot ${p.action}`, {
      status: member.status,
    });
  }
  const signer = by.isOperator ? ctx.operator : (by.memberAddress as Address);
  const reasonHash = keccak256(toHex(p.reason ?? ''));
  let requests: CommandRequest[];
  if (p.action === 'certify') {
    const roles = p.roles ?? member.requestedRoles;
    if (roles.length === 0) throw new RuleViolationError('roles_required', 'roles: at least one role is needed to certify');
    if (member.address !== ctx.operator.toLowerCase()) refuseOperatorRole(roles);
    if (!by.isOperator && roles.some((r) => privilegedRoles.includes(r))) {
      throw new ForbiddenError('only the operator can grant the verifier, regulator, bank_gateway or operator roles');
    }
    requests = [certifyCommand(ctx, by, { signer, member: member.address, roles, dependsOn: [] })];
  } else {
    const args = p.action === 'reinstate' ? [member.address] : [member.address, reasonHash];
    requests = [
      contractCall({ kind: `member.${p.action}`, signer, target: memberRegistry(ctx), functionName: p.action, args, requestedBy: by.userId }),
    ];
  }
  return { member, commandIds: await enqueueCommands(tx, requests) };
}

/** A member's admin (or the operator) adds a user with its own API key. */
export async function addUser(tx: Queryable, by: Principal, p: { memberId: string; name: string; role: 'admin' | 'member' | 'viewer' }) {
  // Admin users only: otherwise an operator's viewer could give itself an admin key.
  if (by.userRole !== 'admin' || (!by.isOperator && by.memberId !== p.memberId)) {
    throw new ForbiddenError("only the member's admin users or the operator's admin users can add users");
  }
  await getMember(tx, p.memberId);
  return createUserWithKey(tx, p);
}
