import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { createAuthFailureLimiter } from './authLimiter.ts';
import { createApiServer, type Principal } from './index.ts';

const principal: Principal = { memberAddress: `0x${'0'.repeat(40)}`, userId: 'u1', memberId: 'm1', memberRoles: ['supplier'], userRole: 'member', isOperator: false };
const GOOD = 'tck_good-key-used-before';
const FRESH = 'tck_fresh-key-never-used';
const MAX = 3;
const WINDOW_MS = 60_000;

describe('failed authentications are limited per client address and per key prefix', () => {
  let app: FastifyInstance;
  let clock = 1_000_000;
  let lookups = 0;

  before(async () => {
    app = await createApiServer({
      authenticate: async (key) => {
        lookups++;
        return key === GOOD || key === FRESH ? principal : null;
      },
      checkReady: async () => ({ ready: true, checks: {} }),
      info: { title: 'test', version: '0' },
      authFailureLimits: { maxFailures: MAX, windowMs: WINDOW_MS, now: () => clock },
      routes: [(instance) => void instance.get('/v1/me', async () => ({ ok: true }))],
    });
  });
  after(() => app.close());

  const call = (from: string, headers: Record<string, string>) => app.inject({ method: 'GET', url: '/v1/me', remoteAddress: from, headers });
  const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

  test('429 with Retry-After after N failures from one address; known keys still pass; the window resets it', async () => {
    assert.equal((await call('10.0.0.1', bearer(GOOD))).statusCode, 200);
    for (let i = 0; i < MAX; i++) assert.equal((await call('10.0.0.1', bearer(`tck_wrong${i}`))).statusCode, 401);

    const limited = await call('10.0.0.1', bearer('tck_wrong-again'));
    assert.equal(limited.statusCode, 429, limited.body);
    assert.equal(limited.headers['retry-after'], '60');
    const error = limited.json().error;
    assert.equal(error.code, 'too_many_requests');
    assert.equal(error.details.retryAfterSeconds, 60);
    assert.equal(error.details.limited, 'address');
    assert.match(error.message, /too many failed authentications from this client address; retry in 60 s/);

    // While limited, unknown keys are not even looked up.
    const before = lookups;
    assert.equal((await call('10.0.0.1', bearer('tck_guess-1'))).statusCode, 429);
    assert.equal((await call('10.0.0.1', { authorization: 'Basic eDp5' })).statusCode, 429);
    assert.equal(lookups, before);

    // A key that authenticated before is unaffected; a key never seen waits like the rest of its address.
    assert.equal((await call('10.0.0.1', bearer(GOOD))).statusCode, 200);
    assert.equal((await call('10.0.0.1', { 'x-api-key': GOOD })).statusCode, 200);
    assert.equal((await call('10.0.0.1', bearer(FRESH))).statusCode, 429);
    // Other addresses are not limited.
    assert.equal((await call('10.0.0.2', bearer('tck_other-wrong'))).statusCode, 401);
    assert.equal((await call('10.0.0.2', bearer(FRESH))).statusCode, 200);

    // The window slides: Retry-After counts down from the oldest failure, then attempts are answered again.
    clock += 45_000;
    assert.equal((await call('10.0.0.1', bearer('tck_guess-2'))).headers['retry-after'], '15');
    clock += 15_000;
    const reset = await call('10.0.0.1', bearer('tck_wrong-after-reset'));
    assert.equal(reset.statusCode, 401, reset.body);
    // Counting starts afresh: the limit is reached again after MAX failures in the new window.
    for (let i = 1; i < MAX; i++) assert.equal((await call('10.0.0.1', bearer(`tck_again${i}`))).statusCode, 401);
    assert.equal((await call('10.0.0.1', bearer('tck_again-limited'))).statusCode, 429);
  });

  test('failures with one key prefix from many addresses limit that prefix, not the addresses', async () => {
    clock += 10 * WINDOW_MS;
    for (let i = 0; i < MAX; i++) assert.equal((await call(`10.0.1.${i}`, bearer(`tck_AAAA-guess-${i}`))).statusCode, 401);
    const limited = await call('10.0.1.200', bearer('tck_AAAA-guess-next'));
    assert.equal(limited.statusCode, 429, limited.body);
    assert.equal(limited.json().error.details.limited, 'prefix');
    assert.match(limited.json().error.message, /with API keys starting tck_AAAA/);
    assert.ok(Number(limited.headers['retry-after']) > 0);
    // The same address with another prefix is fine.
    assert.equal((await call('10.0.1.200', bearer('tck_BBBB-guess'))).statusCode, 401);
  });

  test('successful requests never count, and a missing key is not a failed attempt', async () => {
    clock += 10 * WINDOW_MS;
    for (let i = 0; i < 100; i++) assert.equal((await call('10.0.2.1', bearer(GOOD))).statusCode, 200);
    for (let i = 0; i < 10; i++) assert.equal((await call('10.0.2.1', {})).statusCode, 401);
    // A malformed header is a failed attempt.
    for (let i = 0; i < MAX; i++) assert.equal((await call('10.0.2.1', { authorization: 'Bearer two words' })).statusCode, 401);
    assert.equal((await call('10.0.2.1', { authorization: 'Bearer two words' })).statusCode, 429);
    assert.equal((await call('10.0.2.1', bearer(GOOD))).statusCode, 200);
  });

  test('a known key that fails (revoked since) is limited like any other', async () => {
    clock += 10 * WINDOW_MS;
    const revoked = 'tck_revoked-later';
    let valid = true;
    const local = await createApiServer({
      authenticate: async (key) => (key === revoked && valid ? principal : null),
      checkReady: async () => ({ ready: true, checks: {} }),
      info: { title: 'test', version: '0' },
      authFailureLimits: { maxFailures: MAX, windowMs: WINDOW_MS, now: () => clock },
      routes: [(instance) => void instance.get('/v1/me', async () => ({ ok: true }))],
    });
    try {
      const me = () => local.inject({ method: 'GET', url: '/v1/me', remoteAddress: '10.0.3.1', headers: bearer(revoked) });
      assert.equal((await me()).statusCode, 200);
      valid = false;
      const statuses = [];
      for (let i = 0; i < MAX + 2; i++) statuses.push((await me()).statusCode);
      assert.deepEqual(statuses, [...Array(MAX).fill(401), 429, 429]);
    } finally {
      await local.close();
    }
  });

  test('public routes are never limited', async () => {
    assert.equal((await app.inject({ method: 'GET', url: '/health', remoteAddress: '10.0.0.1', headers: bearer('tck_wrong') })).statusCode, 200);
  });
});

describe('createAuthFailureLimiter', () => {
  test('remembers at most maxTracked addresses, forgetting the least recently failed first', () => {
    let now = 0;
    const limiter = createAuthFailureLimiter({ maxFailures: 1, windowMs: 1000, maxTracked: 2, now: () => now });
    assert.equal(limiter.failed('a', undefined), true);
    assert.equal(limiter.failed('b', undefined), true);
    assert.equal(limiter.failed('c', undefined), true);
    assert.equal(limiter.check('a', undefined), null);
    assert.deepEqual(limiter.check('b', undefined), { retryAfterSeconds: 1, limited: 'address' });
    assert.deepEqual(limiter.check('c', undefined), { retryAfterSeconds: 1, limited: 'address' });
    now = 1000;
    assert.equal(limiter.check('c', undefined), null);
  });

  test('reports reaching the limit once, not on every failure after it', () => {
    const limiter = createAuthFailureLimiter({ maxFailures: 2, now: () => 5 });
    assert.deepEqual([1, 2, 3, 4].map(() => limiter.failed('x', 'tck_abcdef')), [false, true, false, false]);
  });
});

describe('behind a reverse proxy', () => {
  test('with trustProxy, failures count per X-Forwarded-For client, not per proxy', async () => {
    const app = await createApiServer({
      authenticate: async () => null,
      checkReady: async () => ({ ready: true, checks: {} }),
      info: { title: 'test', version: '0' },
      trustProxy: 'loopback',
      authFailureLimits: { maxFailures: 2 },
      routes: [(instance) => void instance.get('/v1/me', async () => ({ ok: true }))],
    });
    try {
      // Each attempt with another key prefix, so that only the address can be limited.
      const call = async (client: string, key: string) =>
        (await app.inject({ method: 'GET', url: '/v1/me', remoteAddress: '127.0.0.1', headers: { authorization: `Bearer ${key}`, 'x-forwarded-for': client } })).json().error;
      assert.equal((await call('198.51.100.7', 'tck_aaaa-1')).code, 'unauthenticated');
      assert.equal((await call('198.51.100.7', 'tck_bbbb-1')).code, 'unauthenticated');
      const limited = await call('198.51.100.7', 'tck_cccc-1');
      assert.equal(limited.code, 'too_many_requests');
      assert.equal(limited.details.limited, 'address');
      // Another client behind the same proxy is not limited by the first one's failures.
      assert.equal((await call('203.0.113.9', 'tck_dddd-1')).code, 'unauthenticated');
    } finally {
      await app.close();
    }
  });
});
