import { createHash } from 'node:crypto';
import type { Database, Queryable } from '../db/database.ts';
import { isUniqueViolation } from '../db/database.ts';
import { ConflictError } from '../common/errors.ts';

export interface IdempotentResponse {
  statusCode: number;
  body: Record<string, unknown>;
}

/** Stable hash of a request body (keys sorted), to tell a replay from a different request under the same key. */
export function requestHash(method: string, path: string, body: unknown): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canonical)
      : v && typeof v === 'object'
        ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])]))
        : v;
  return createHash('sha256').update(`${method} ${path} ${JSON.stringify(canonical(body ?? null))}`).digest('hex');
}

/**
 * Runs `handle` once per (scope, key): its writes and the stored response commit together, so a request
 * either happened (and a replay returns the same response) or did not happen at all. The same key with a
 * different request is a 409.
 */
export async function withIdempotency(
  db: Database,
  p: { scope: string; key: string; hash: string },
  handle: (tx: Queryable) => Promise<IdempotentResponse & { stored?: Record<string, unknown> }>,
): Promise<IdempotentResponse & { replayed: boolean }> {
  const previous = await find(db, p);
  if (previous) return previous;
  try {
    return await db.transaction(async (tx) => {
      const response = await handle(tx);
      await tx.query(
        'INSERT INTO idempotency_keys (scope, key, request_hash, status_code, response) VALUES ($1, $2, $3, $4, $5)',
        [p.scope, p.key, p.hash, response.statusCode, JSON.stringify(response.stored ?? response.body)],
      );
      return { statusCode: response.statusCode, body: response.body, replayed: false };
    });
  } catch (error) {
    // Two requests with one key raced; the loser returns the winner's response.
    if (isUniqueViolation(error)) {
      const winner = await find(db, p);
      if (winner) return winner;
    }
    throw error;
  }
}

async function find(db: Queryable, p: { scope: string; key: string; hash: string }) {
  const { rows } = await db.query<{ request_hash: string; status_code: number; response: Record<string, unknown> }>(
    'SELECT request_hash, status_code, response FROM idempotency_keys WHERE scope = $1 AND key = $2',
    [p.scope, p.key],
  );
  const row = rows[0];
  if (!row) return null;
  if (row.request_hash !== p.hash) {
    throw new ConflictError('idempotency_key_reused', 'this Idempotency-Key was already used for a different request', {
      key: p.key,
    });
  }
  return { statusCode: row.status_code, body: row.response, replayed: true };
}
