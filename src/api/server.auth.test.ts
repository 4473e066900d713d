/**
 * The API frame (createApiServer): who may call a route, from the API key and the route's auth setting.
 * The example routes and keys are in server.fixture.ts.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { consoleSite, errorOf, makeApp, newRecorded, SUPPLIER, validInvoice, type ConsoleSite } from './server.fixture.ts';

describe('api server', () => {
  let app: FastifyInstance;
  const recorded = newRecorded();
  let site: ConsoleSite;

  before(async () => {
    site = await consoleSite();
    app = await makeApp(recorded, site.path);
  });

  after(async () => {
    await app.close();
    await site.remove();
  });

  describe('authentication and authorisation', () => {
    test('missing key → 401 with WWW-Authenticate', async () => {
      const res = await app.inject({ method: 'GET', url: '/v1/invoices' });
      assert.equal(res.statusCode, 401);
      assert.equal(res.headers['www-authenticate'], 'Bearer');
      assert.equal(errorOf(res).code, 'unauthenticated');
    });

    test('unknown, malformed or non-Bearer keys → 401', async () => {
      for (const headers of [
        { authorization: 'Bearer nope' },
        { authorization: 'Basic a2V5LXN1cHBsaWVyOg==' },
        { authorization: 'Bearer' },
        { authorization: 'Bearer key supplier' },
        { 'x-api-key': 'nope' },
        { 'x-api-key': '' },
        { authorization: `Bearer ${'k'.repeat(5000)}` },
      ]) {
        const res = await app.inject({ method: 'GET', url: '/v1/invoices', headers });
        assert.equal(res.statusCode, 401, JSON.stringify(headers).slice(0, 80));
        assert.equal(errorOf(res).code, 'unauthenticated');
      }
    });

    test('Bearer (any case) and X-Api-Key both authenticate', async () => {
      for (const headers of [{ authorization: 'Bearer key-supplier' }, { authorization: 'bearer key-supplier' }, { 'x-api-key': 'key-supplier' }]) {
        const res = await app.inject({ method: 'GET', url: '/v1/invoices', headers });
        assert.equal(res.statusCode, 200);
      }
    });

    test('missing member role → 403 naming the role', async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/v1/invoices',
        headers: { authorization: 'Bearer key-buyer', 'idempotency-key': 'k1' },
        payload: validInvoice,
      });
      assert.equal(res.statusCode, 403);
      const error = errorOf(res);
      assert.equal(error.code, 'forbidden');
      assert.match(error.message, /member role supplier/);
      assert.match(error.message, /has buyer/);
    });

    test('read-only user → 403 naming the user role', async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/v1/invoices',
        headers: { authorization: 'Bearer key-viewer', 'idempotency-key': 'k1' },
        payload: validInvoice,
      });
      assert.equal(res.statusCode, 403);
      assert.match(errorOf(res).message, /user role admin or member; user u3 is viewer/);
    });

    test('operator-only route → 403 for members, 200 for the operator', async () => {
      const denied = await app.inject({ method: 'GET', url: '/v1/operator/stats', headers: SUPPLIER });
      assert.equal(denied.statusCode, 403);
      assert.match(errorOf(denied).message, /operator/);
      const ok = await app.inject({ method: 'GET', url: '/v1/operator/stats', headers: { authorization: 'Bearer key-operator' } });
      assert.equal(ok.statusCode, 200);
    });

    test("auth: 'none' ignores keys; auth: 'optional' attaches a principal when sent", async () => {
      const pub = await app.inject({ method: 'GET', url: '/v1/public/ping', headers: { authorization: 'Bearer nope' } });
      assert.equal(pub.statusCode, 200);
      assert.deepEqual(pub.json(), { principal: null });
      assert.deepEqual((await app.inject({ method: 'GET', url: '/v1/whoami' })).json(), { userId: null });
      assert.deepEqual((await app.inject({ method: 'GET', url: '/v1/whoami', headers: SUPPLIER })).json(), { userId: 'u1' });
      assert.equal((await app.inject({ method: 'GET', url: '/v1/whoami', headers: { authorization: 'Bearer nope' } })).statusCode, 401);
    });
  });
});
