import { randomUUID } from 'node:crypto';
import { keccak256, toHex, type Address, type Hex } from 'viem';
import type { Queryable } from '../db/database.ts';
import { suite } from '../chain/contracts.ts';
import { contractCall, enqueueCommands, type CommandRequest } from '../ledger/commands.ts';
import { legalIdentityHash } from '../domain/legalIdentity.ts';
import { bitsToRoles, memberRoles, rolesToBits, type MemberRole } from '../domain/roles.ts';
import { ConflictError, ForbiddenError, NotFoundError, RuleViolationError, UnavailableError } from '../common/errors.ts';
import { createUserWithKey, type Principal } from './apiKeys.ts';
import type { ServiceContext } from './context.ts';
import { requireActingUser } from './guards.ts';

/** Roles only the registry admin (the operator) may grant, whose holders only the operator may act on. */
const privilegedRoles: readonly MemberRole[] = ['verifier', 'regulator', 'bank_gateway', 'operator'];

export interface MemberView {
  id: string;
  name: string;
  registrationNumber: string;
  address: Address;
  legalIdHash: Hex;
  documentsHash: Hex | null;
  requestedRoles: MemberRole[];
  /** On-chain state, from the indexer's read model; `pending` until the registration is indexed. */
  status: 'pending' | 'registered' | 'certified' | 'suspended' | 'revoked';
  roles: MemberRole[];
  createdAt: string;
}

interface MemberRow {
  id: string;
  name: string;
  registration_number: string;
  address: string;
  legal_id_hash: string;
  documents_hash: string | null;
  requested_roles: string[];
  created_at: Date;
  status: string | null;
  roles: number | null;
}

const SELECT_MEMBER = `SELECT m.id, m.name, m.registration_number, m.address, m.legal_id_hash, m.documents_hash,
  m.requested_roles, m.created_at, s.status, s.roles FROM members m LEFT JOIN member_states s ON s.address = m.address`;

function toView(r: MemberRow): MemberView {
  return {
    id: r.id,
    name: r.name,
    registrationNumber: r.registration_number,
    address: r.address as Address,
    legalIdHash: r.legal_id_hash as Hex,
    documentsHash: r.documents_hash as Hex | null,
    requestedRoles: r.requested_roles as MemberRole[],
    status: (r.status ?? 'pending') as MemberView['status'],
    roles: bitsToRoles(r.roles ?? 0),
    createdAt: r.created_at.toISOString(),
  };
}

export async function getMember(db: Queryable, id: string): Promise<MemberView> {
  const { rows } = await db.query<MemberRow>(`${SELECT_MEMBER} WHERE m.id = $1`, [id]);
  if (!rows[0]) throw new NotFoundError('member', id);
  return toView(rows[0]);
}

/** A member's id, legal name and address: fixed once onboarded (rows are never updated or deleted). */
export interface MemberIdentity {
  id: string;
  name: string;
  address: string;
}

const identities = new Map<string, MemberIdentity>();

/**
 * A member's identity, remembered after the first lookup: what hot paths (a transfer's recipient) need, without a
 * query per request. Status and roles are not part of it; they change, and come from the chain or getMember.
 */
export async function getMemberIdentity(db: Queryable, id: string): Promise<MemberIdentity> {
  const known = identities.get(id);
  if (known) return known;
  const { rows } = await db.query<MemberIdentity>('SELECT id, name, address FROM members WHERE id = $1', [id]);
  if (!rows[0]) throw new NotFoundError('member', id);
  if (identities.size >= 10_000) identities.clear();
  identities.set(id, rows[0]);
  return rows[0];
}

export async function getMemberByAddress(db: Queryable, address: string): Promise<MemberView | null> {
  const { rows } = await db.query<MemberRow>(`${SELECT_MEMBER} WHERE m.address = $1`, [address.toLowerCase()]);
  return rows[0] ? toView(rows[0]) : null;
}

export async function listMembers(
  db: Queryable,
  p: { role?: MemberRole; status?: string; limit: number; cursor?: string },
): Promise<{ items: MemberView[]; nextCursor: string | null }> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (p.role) where.push(`(COALESCE(s.roles, 0) & $${params.push(memberRoles[p.role])}) <> 0`);
  if (p.status) where.push(p.status === 'pending' ? 's.status IS NULL' : `s.status = $${params.push(p.status)}`);
  if (p.cursor) where.push(`m.id > $${params.push(p.cursor)}`);
  const { rows } = await db.query<MemberRow>(
    `${SELECT_MEMBER} ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY m.id LIMIT $${params.push(p.limit + 1)}`,
    params,
  );
  const page = rows.slice(0, p.limit);
  return { items: page.map(toView), nextCursor: rows.length > p.limit ? page.at(-1)!.id : null };
}

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
export async function createMember(ctx: ServiceContext, tx: Queryable, by: Principal, p: CreateMemberParameters) {
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
    contract: 'MemberRegistry',
    address: ctx.deployment.contracts.MemberRegistry,
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
async function refuseIdentityBoundOnChain(ctx: ServiceContext, legalIdHash: Hex): Promise<void> {
  let holder: Address;
  try {
    holder = await ctx.client.readContract({
      address: ctx.deployment.contracts.MemberRegistry,
      abi: suite.MemberRegistry.abi,
      functionName: 'identityHolder',
      args: [legalIdHash],
    });
  } catch (error) {
    throw new UnavailableError('the chain node did not answer a pre-check; retry shortly', error);
  }
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
  ctx: ServiceContext,
  by: Principal,
  p: { signer: Address; member: Address; roles: MemberRole[]; dependsOn: string[] },
): CommandRequest {
  return contractCall({
    kind: 'member.certify',
    signer: p.signer,
    contract: 'MemberRegistry',
    address: ctx.deployment.contracts.MemberRegistry,
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
  ctx: ServiceContext,
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
  const registry = ctx.deployment.contracts.MemberRegistry;
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
      contractCall({ kind: `member.${p.action}`, signer, contract: 'MemberRegistry', address: registry, functionName: p.action, args, requestedBy: by.userId }),
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
