import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Queryable } from '../../db/database.ts';
import { bitsToRoles } from './roles.ts';
import type { Principal as ApiPrincipal, UserRole } from '../../api/auth.ts';
import { ConflictError, ForbiddenError, NotFoundError } from '../../common/errors.ts';

export type { UserRole };

/** Who is calling: a user of a member enterprise, with the member's certified roles. */
export type Principal = ApiPrincipal;

const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

/** Creates a user of a member and its first API key; the key is returned once and stored only as a hash. */
export async function createUserWithKey(
  db: Queryable,
  p: { memberId: string; name: string; role: UserRole },
): Promise<{ userId: string; apiKey: string }> {
  const userId = randomUUID();
  await db.query('INSERT INTO users (id, member_id, name, role) VALUES ($1, $2, $3, $4)', [userId, p.memberId, p.name, p.role]);
  return { userId, apiKey: await issueApiKey(db, userId) };
}

export async function issueApiKey(db: Queryable, userId: string): Promise<string> {
  return (await insertApiKey(db, userId)).apiKey;
}

async function insertApiKey(db: Queryable, userId: string): Promise<{ keyId: string; apiKey: string }> {
  const apiKey = `tck_${randomBytes(24).toString('base64url')}`;
  const keyId = randomUUID();
  await db.query('INSERT INTO api_keys (id, user_id, key_hash, prefix) VALUES ($1, $2, $3, $4)', [keyId, userId, hashKey(apiKey), apiKey.slice(0, 8)]);
  return { keyId, apiKey };
}

/** An API key as listed: never the key itself (only its first characters), who uses it, and whether it is revoked. */
export interface ApiKeyView {
  id: string;
  prefix: string;
  userId: string;
  userName: string;
  userRole: UserRole;
  createdAt: string;
  revokedAt: string | null;
}

interface ApiKeyRow {
  id: string;
  prefix: string;
  user_id: string;
  user_name: string;
  user_role: UserRole;
  created_at: Date;
  revoked_at: Date | null;
}

const KEY_COLUMNS = `k.id, k.prefix, k.user_id, u.name AS user_name, u.role AS user_role, k.created_at, k.revoked_at
  FROM api_keys k JOIN users u ON u.id = k.user_id`;

const keyView = (r: ApiKeyRow): ApiKeyView => ({
  id: r.id,
  prefix: r.prefix,
  userId: r.user_id,
  userName: r.user_name,
  userRole: r.user_role,
  createdAt: r.created_at.toISOString(),
  revokedAt: r.revoked_at?.toISOString() ?? null,
});

/** Key management belongs to the member's admin users and the operator's. */
function requireKeyAdmin(by: Principal, memberId: string): void {
  if (by.userRole !== 'admin' || (!by.isOperator && by.memberId !== memberId)) {
    throw new ForbiddenError("only the member's admin users or the operator's admin users can manage its API keys");
  }
}

/** A member's API keys, newest first (its admins and the operator's). */
export async function listApiKeys(db: Queryable, by: Principal, memberId: string): Promise<ApiKeyView[]> {
  requireKeyAdmin(by, memberId);
  const { rows } = await db.query<ApiKeyRow>(`SELECT ${KEY_COLUMNS} WHERE u.member_id = $1 ORDER BY k.created_at DESC, k.id`, [memberId]);
  return rows.map(keyView);
}

/** A further API key for one of a member's users (rotation: issue the new key, then revoke the old one). */
export async function issueUserApiKey(tx: Queryable, by: Principal, p: { memberId: string; userId: string }): Promise<{ keyId: string; apiKey: string }> {
  requireKeyAdmin(by, p.memberId);
  const { rows } = await tx.query('SELECT 1 FROM users WHERE id = $1 AND member_id = $2', [p.userId, p.memberId]);
  if (!rows[0]) throw new NotFoundError('user', p.userId);
  return insertApiKey(tx, p.userId);
}

/**
 * Revokes an API key for good (its admins, the operator's, or the key's own user). Revoking a revoked key answers
 * with it unchanged. A member keeps at least one active key of an admin user: without it nobody could manage its
 * users and keys any more (409 `last_admin_key`; issue another admin key first).
 */
export async function revokeApiKey(tx: Queryable, by: Principal, p: { memberId: string; keyId: string }): Promise<ApiKeyView> {
  // Lock the member's keys: two revocations at once must not both leave "one other admin key".
  await tx.query('SELECT k.id FROM api_keys k JOIN users u ON u.id = k.user_id WHERE u.member_id = $1 FOR UPDATE OF k', [p.memberId]);
  const { rows } = await tx.query<ApiKeyRow & { member_id: string }>(`SELECT ${KEY_COLUMNS.replace('k.revoked_at', 'k.revoked_at, u.member_id')} WHERE k.id = $1`, [p.keyId]);
  const key = rows[0];
  if (!key || key.member_id !== p.memberId) throw new NotFoundError('api_key', p.keyId);
  if (key.user_id !== by.userId) requireKeyAdmin(by, p.memberId);
  if (key.revoked_at) return keyView(key);
  const { rows: updated } = await tx.query<{ revoked_at: Date }>('UPDATE api_keys SET revoked_at = now() WHERE id = $1 RETURNING revoked_at', [p.keyId]);
  const { rows: admins } = await tx.query<{ n: string }>(
    `SELECT count(*) AS n FROM api_keys k JOIN users u ON u.id = k.user_id WHERE u.member_id = $1 AND u.role = 'admin' AND k.revoked_at IS NULL`,
    [p.memberId],
  );
  if (key.user_role === 'admin' && Number(admins[0]!.n) === 0) {
    throw new ConflictError('last_admin_key', "this is the member's last active admin key; issue another admin key before revoking it", { keyId: p.keyId });
  }
  return keyView({ ...key, revoked_at: updated[0]!.revoked_at });
}

/** Resolves an API key to its principal; roles come from the chain's read model, so certification governs. */
export async function authenticate(db: Queryable, operator: string, apiKey: string): Promise<Principal | null> {
  if (!apiKey.startsWith('tck_') || apiKey.length > 200) return null;
  const { rows } = await db.query<{ user_id: string; member_id: string; role: UserRole; address: string; roles: number | null }>(
    `SELECT u.id AS user_id, u.member_id, u.role, m.address, s.roles
       FROM api_keys k JOIN users u ON u.id = k.user_id JOIN members m ON m.id = u.member_id
       LEFT JOIN member_states s ON s.address = m.address AND s.status = 'certified'
      WHERE k.key_hash = $1 AND k.revoked_at IS NULL`,
    [hashKey(apiKey)],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    userId: row.user_id,
    memberId: row.member_id,
    memberAddress: row.address,
    memberRoles: bitsToRoles(row.roles ?? 0),
    userRole: row.role,
    isOperator: row.address === operator.toLowerCase(),
  };
}

export interface Authenticator {
  authenticate(apiKey: string): Promise<Principal | null>;
  /** Forgets every cached principal (after members' on-chain standing changed). */
  invalidate(): void;
}

/**
 * `authenticate` with a short-lived cache of known keys, so a busy client does not cost a database query per
 * request. Standing changes reach it at once (the platform calls `invalidate` when the indexer applies a member
 * event or rolls back a reorg); anything changed behind the platform's back (a key revoked in SQL) within `ttlMs`.
 * Unknown keys are never cached: a key issued a moment ago works on its first request.
 */
export function createAuthenticator(db: Queryable, operator: string, p: { ttlMs?: number; maxEntries?: number } = {}): Authenticator {
  const ttlMs = p.ttlMs ?? 2_000;
  const maxEntries = p.maxEntries ?? 10_000;
  const cache = new Map<string, { principal: Principal; until: number }>();
  let generation = 0;
  return {
    async authenticate(apiKey) {
      if (!apiKey.startsWith('tck_') || apiKey.length > 200) return null;
      const hit = cache.get(apiKey);
      if (hit && hit.until > Date.now()) return hit.principal;
      const started = generation;
      const principal = await authenticate(db, operator, apiKey);
      // Not cached if an invalidation happened while the query ran: the row may predate the change.
      if (principal && started === generation) {
        if (cache.size >= maxEntries) cache.clear();
        cache.set(apiKey, { principal, until: Date.now() + ttlMs });
      }
      return principal;
    },
    invalidate() {
      generation += 1;
      cache.clear();
    },
  };
}
