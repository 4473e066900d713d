import { createHash } from 'node:crypto';
import type { Database, Queryable } from '../db/database.ts';
import { isUniqueViolation } from '../db/database.ts';
import { ConflictError, ValidationError } from '../common/errors.ts';

export interface IdempotentResponse {
  statusCode: number;
  body: Record<string, unknown>;
}

const MAX_BODY_DEPTH = 32;

/** Stable hash of a request body (keys sorted), to tell a replay from a different request under the same key. */
export function requestHash(method: string, path: string, body: unknown): string {
  const canonical = (v: unknown, depth: number): unknown => {
    // Command bodies are shallow; refusing deep ones keeps a hostile body from exhausting the stack.
    if (depth > MAX_BODY_DEPTH) throw new ValidationError('body', `is nested more than ${MAX_BODY_DEPTH} levels deep`);
    return Array.isArray(v)
      ? v.map((x) => canonical(x, depth + 1))
      : v && typeof v === 'object'
        ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k], depth + 1)]))
        : v;
  };
  return createHash('sha256').update(`${method} ${path} ${JSON.stringify(canonical(body ?? null, 0))}`).digest('hex');
}

/**
 * Runs `handle` once per (scope, key): its writes and the stored response commit together, so a request
 * either happened (and a replay returns the same response) or did not happen at all. The same key with a
 * different request is a 409.
 *
 * `prepare` (optional) runs after the replay check and outside the transaction; its result is passed to
 * `handle`. On PostgreSQL, requests with one key are serialised by a transaction-scoped advisory lock on (scope, key): a request that
 * arrives while another with its key is in flight waits for it, then replays its response. Without the lock the
 * second request would run its handler against the first one's committed writes and could answer with a
 * business error (e.g. "reference already used") instead of the replay. PGlite needs no lock (one connection, one
 * transaction at a time): there a request that fails after another with its key committed answers with that one's response.
 */
export async function withIdempotency<P = undefined>(
  db: Database,
  p: { scope: string; key: string; hash: string },
  handle: (tx: Queryable, prepared: P) => Promise<IdempotentResponse & { stored?: Record<string, unknown> }>,
  prepare?: () => Promise<P>,
): Promise<IdempotentResponse & { replayed: boolean }> {
  const previous = await find(db, p);
  if (previous) return previous;
  // Checks that only read (e.g. chain state) run before the transaction, so they do not hold a database
  // connection (PGlite has one) while they wait on the network.
  const prepared = (await prepare?.()) as P;
  try {
    return await db.transaction(async (tx) => {
      if (db.kind !== 'pglite') {
        await tx.query('SELECT pg_advisory_xact_lock($1::bigint)', [lockKey(p.scope, p.key)]);
        // Read after taking the lock: under READ COMMITTED this sees a response committed while we waited.
        const raced = await find(tx, p);
        if (raced) return raced;
      }
      // PGlite is one connection that runs transactions one at a time: a request with this key that got here first
      // has committed already, so the handler may fail on its writes or the insert below on the key; both paths
      // end in the catch below, which answers with that request's response.
      const response = await handle(tx, prepared);
      await tx.query(
        'INSERT INTO idempotency_keys (scope, key, request_hash, status_code, response) VALUES ($1, $2, $3, $4, $5)',
        [p.scope, p.key, p.hash, response.statusCode, JSON.stringify(response.stored ?? response.body)],
      );
      return { statusCode: response.statusCode, body: response.body, replayed: false };
    });
  } catch (error) {
    // Two requests with one key raced (on PostgreSQL the lock makes this rare): the loser returns the winner's
    // response, whatever its own handler made of the winner's writes.
    if (isUniqueViolation(error) || db.kind === 'pglite') {
      const winner = await find(db, p).catch((e: unknown) => {
        if (e instanceof ConflictError) throw e; // the key was used for a different request: that is the answer
        return null;
      });
      if (winner) return winner;
    }
    throw error;
  }
}

/** A signed 64-bit advisory-lock key for (scope, key). */
function lockKey(scope: string, key: string): string {
  return createHash('sha256').update(`idempotency\0${scope}\0${key}`).digest().readBigInt64BE(0).toString();
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
