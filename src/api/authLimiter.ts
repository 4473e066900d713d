/**
 * Limits failed authentications, per client address and per API-key prefix, with a sliding window kept in memory
 * (one platform instance; several instances each keep their own). An address or prefix that failed `maxFailures`
 * times within `windowMs` is refused (429 `too_many_requests`, with Retry-After) until its oldest failure in the
 * window is older than the window; its keys are then not even looked up, so guessing gets no answer and costs the
 * database nothing.
 *
 * Successful requests are never limited: a key that authenticated within `knownKeyMs` (kept as a SHA-256 hash, not
 * the key), and has not failed since, is still checked while its address or prefix is limited. So one client with a wrong or revoked key
 * does not lock out the other clients behind the same address (a company's NAT, a reverse proxy), nor someone who
 * knows a prefix lock out its key. Only a key never used before waits, while its address or prefix is limited.
 */
import { createHash } from 'node:crypto';

/** Characters of an API key that identify its family: `tck_` and four more, as the key listings show them. */
export const API_KEY_PREFIX_LENGTH = 8;

export interface AuthFailureLimits {
  /** Failures allowed per address, and per key prefix, within the window (default 20). */
  maxFailures?: number;
  /** The sliding window, in ms (default 60 000). */
  windowMs?: number;
  /** How long a key that authenticated is let through a limit (default 24 h). */
  knownKeyMs?: number;
  /** Most addresses, prefixes and known keys remembered at once, each (default 50 000); the oldest are forgotten. */
  maxTracked?: number;
  /** The clock (tests move it). */
  now?: () => number;
}

export interface LimitedAttempt {
  /** Seconds until the limit lets an attempt through again. */
  retryAfterSeconds: number;
  /** What is limited: `address` or `prefix`. */
  limited: 'address' | 'prefix';
}

export interface AuthFailureLimiter {
  /** Null when an attempt from `address` with `key` may be checked; else how long to wait. */
  check(address: string, key: string | undefined): LimitedAttempt | null;
  /** Records a failed attempt (and forgets `key` as one that authenticated); true when it brought the address or the prefix to its limit. */
  failed(address: string, key: string | undefined): boolean;
  /** Records a key that authenticated. */
  succeeded(key: string): void;
}

export function createAuthFailureLimiter(p: AuthFailureLimits = {}): AuthFailureLimiter {
  const maxFailures = p.maxFailures ?? 20;
  const windowMs = p.windowMs ?? 60_000;
  const knownKeyMs = p.knownKeyMs ?? 24 * 3_600_000;
  const maxTracked = p.maxTracked ?? 50_000;
  const now = p.now ?? Date.now;
  if (!Number.isInteger(maxFailures) || maxFailures < 1) throw new Error('maxFailures must be an integer ≥ 1');
  if (!(windowMs > 0)) throw new Error('windowMs must be positive');

  const byAddress = new Map<string, number[]>();
  const byPrefix = new Map<string, number[]>();
  const knownKeys = new Map<string, number>();

  /** The failures of `id` still inside the window (oldest first), dropping the entry when none are. */
  const recent = (map: Map<string, number[]>, id: string, at: number): number[] => {
    const times = map.get(id);
    if (!times) return [];
    const kept = times.filter((t) => t > at - windowMs);
    if (kept.length === 0) map.delete(id);
    else if (kept.length !== times.length) map.set(id, kept);
    return kept;
  };
  const wait = (times: number[], at: number) => (times.length >= maxFailures ? Math.max(1, Math.ceil((times[0]! + windowMs - at) / 1000)) : 0);
  const remember = <V>(map: Map<string, V>, id: string, value: V) => {
    map.delete(id); // re-inserted last: the map's order is least recently used first
    map.set(id, value);
    if (map.size > maxTracked) map.delete(map.keys().next().value!);
  };
  const prefixOf = (key: string | undefined) => (key === undefined ? undefined : key.slice(0, API_KEY_PREFIX_LENGTH));
  const hash = (key: string) => createHash('sha256').update(key).digest('hex');

  return {
    check(address, key) {
      const at = now();
      const addressWait = wait(recent(byAddress, address, at), at);
      const prefix = prefixOf(key);
      const prefixWait = prefix === undefined ? 0 : wait(recent(byPrefix, prefix, at), at);
      if (addressWait === 0 && prefixWait === 0) return null;
      if (key !== undefined) {
        const seen = knownKeys.get(hash(key));
        if (seen !== undefined && seen > at - knownKeyMs) return null;
      }
      return addressWait >= prefixWait
        ? { retryAfterSeconds: addressWait, limited: 'address' }
        : { retryAfterSeconds: prefixWait, limited: 'prefix' };
    },
    failed(address, key) {
      const at = now();
      const record = (map: Map<string, number[]>, id: string) => {
        const before = recent(map, id, at);
        const times = [...before, at].slice(-maxFailures);
        remember(map, id, times);
        return before.length < maxFailures && times.length === maxFailures;
      };
      const prefix = prefixOf(key);
      // A key that fails (revoked since) is no longer one that authenticated: the limit applies to it again.
      if (key !== undefined) knownKeys.delete(hash(key));
      const addressReached = record(byAddress, address);
      const prefixReached = prefix !== undefined && record(byPrefix, prefix);
      return addressReached || prefixReached;
    },
    succeeded(key) {
      remember(knownKeys, hash(key), now());
    },
  };
}
