/** Consortia and their memberships, as the principal may see them. */
import type { Address, Hex } from 'viem';
import type { Queryable } from '../../../db/database.ts';
import { ForbiddenError, NotFoundError } from '../../../common/errors.ts';
import type { Principal } from '../apiKeys.ts';

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
