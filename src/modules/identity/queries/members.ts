/** Members as the platform knows them: the off-chain profile joined with the on-chain standing (read model). */
import type { Address, Hex } from 'viem';
import type { Queryable } from '../../../db/database.ts';
import { NotFoundError } from '../../../common/errors.ts';
import { bitsToRoles, memberRoles, type MemberRole } from '../roles.ts';

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

/** The members at `addresses` (lower-case), by address: what other modules name the parties of their records with. */
export async function membersByAddress(db: Queryable, addresses: Iterable<string | null | undefined>): Promise<Map<string, MemberIdentity>> {
  const wanted = [...new Set([...addresses].filter((a): a is string => !!a))];
  if (wanted.length === 0) return new Map();
  const { rows } = await db.query<MemberIdentity>('SELECT id, name, address FROM members WHERE address = ANY($1)', [wanted]);
  return new Map(rows.map((r) => [r.address, r]));
}

/** Whether `address` is registered on-chain as a platform contract (the read model of SystemAccountSet). */
export async function isSystemAccount(db: Queryable, address: string): Promise<boolean> {
  const { rows } = await db.query<{ allowed: boolean }>('SELECT allowed FROM system_accounts WHERE address = $1', [address]);
  return rows[0]?.allowed === true;
}

/** The members with these ids, by id. */
export async function membersById(db: Queryable, ids: Iterable<string | null | undefined>): Promise<Map<string, MemberIdentity>> {
  const wanted = [...new Set([...ids].filter((a): a is string => !!a))];
  if (wanted.length === 0) return new Map();
  const { rows } = await db.query<MemberIdentity>('SELECT id, name, address FROM members WHERE id = ANY($1::uuid[])', [wanted]);
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * Members registered under a legal registration number (unified social credit code, company number), compared as the
 * legal identity compares it (trimmed, upper case, no inner spaces). Usually one; a number typed with two names
 * gives two, and whoever looks it up must treat that as ambiguous.
 */
export async function membersByRegistrationNumber(db: Queryable, registrationNumber: string): Promise<MemberView[]> {
  const normalised = registrationNumber.replace(/\s+/g, '').toUpperCase();
  const { rows } = await db.query<MemberRow>(`${SELECT_MEMBER} WHERE upper(regexp_replace(m.registration_number, '\\s+', '', 'g')) = $1 ORDER BY m.id`, [normalised]);
  return rows.map(toView);
}

/** Addresses of the members whose name matches the ILIKE pattern `like` (a search box). */
export async function memberAddressesNamedLike(db: Queryable, like: string): Promise<string[]> {
  const { rows } = await db.query<{ address: string }>('SELECT address FROM members WHERE name ILIKE $1', [like]);
  return rows.map((r) => r.address);
}
