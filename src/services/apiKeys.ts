import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Queryable } from '../db/database.ts';
import { bitsToRoles } from '../domain/roles.ts';
import type { Principal as ApiPrincipal, UserRole } from '../api/auth.ts';

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
  const apiKey = `tck_${randomBytes(24).toString('base64url')}`;
  await db.query('INSERT INTO api_keys (id, user_id, key_hash, prefix) VALUES ($1, $2, $3, $4)', [
    randomUUID(),
    userId,
    hashKey(apiKey),
    apiKey.slice(0, 8),
  ]);
  return apiKey;
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
