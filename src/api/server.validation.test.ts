/**
 * The API frame (createApiServer): requests checked against their schemas as sent, and the Idempotency-Key header.
 * The example routes and keys are in server.fixture.ts.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createApiServer, Type } from './index.ts';
import type { FastifyInstance } from 'fastify';
import { BUYER_ADDR, consoleSite, errorOf, makeApp, newRecorded, OPEN_ID, PAID_ID, SUPPLIER, validInvoice, type ConsoleSite } from './server.fixture.ts';

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

  describe('validation', () => {
    const post = (payload: unknown, headers: Record<string, string> = {}) =>
      app.inject({
        method: 'POST',
        url: '/v1/invoices',
        headers: { ...SUPPLIER, 'idempotency-key': 'key-1', 'content-type': 'application/json', ...headers },
        payload: JSON.stringify(payload),
      });

    test('a valid request passes and the handler gets typed values', async () => {
      const res = await post({ ...validInvoice, lines: [{ sku: 'A', qty: '3' }] });
      assert.equal(res.statusCode, 201, res.body);
      assert.deepEqual(res.json(), { id: OPEN_ID, amount: '125000', buyer: BUYER_ADDR, status: 'open' });
    });

    test('money as a JSON number → 400 naming body.amount', async () => {
      const res = await post({ ...validInvoice, amount: 125000 });
      assert.equal(res.statusCode, 400);
      const error = errorOf(res);
      assert.equal(error.code, 'validation_failed');
      assert.equal(error.details.field, 'body.amount');
      assert.match(error.message, /body\.amount: must be a string, got integer/);
    });

    test('bad decimal string → 400 with a readable description', async () => {
      for (const amount of ['01', '-5', '1.5', '1e3', ' 1', '', '1'.repeat(78)]) {
        const res = await post({ ...validInvoice, amount });
        assert.equal(res.statusCode, 400, amount);
        const error = errorOf(res);
        assert.equal(error.details.field, 'body.amount');
        assert.match(error.message, /integer amount in minor units/);
      }
    });

    test('unknown property → 400 naming it', async () => {
      const res = await post({ ...validInvoice, currency: 'EUR' });
      assert.equal(res.statusCode, 400);
      const error = errorOf(res);
      assert.equal(error.details.field, 'body.currency');
      assert.match(error.message, /body\.currency: is not an allowed property/);
    });

    test('missing, nested and multiple problems are all listed', async () => {
      const res = await post({ amount: 'x', lines: [{ sku: 'A', qty: '0' }], extra: 1 });
      assert.equal(res.statusCode, 400);
      const error = errorOf(res);
      const fields = (error.details.problems as Array<{ field: string }>).map((p) => p.field).sort();
      assert.deepEqual(fields, ['body.amount', 'body.buyer', 'body.extra', 'body.lines[0].qty']);
      assert.match(error.message, /body\.buyer: is required/);
    });

    test('query: limit must be 1..500, unknown parameters rejected, defaults applied', async () => {
      for (const limit of ['0', '501', 'abc', '-1', '1.5', '']) {
        const res = await app.inject({ method: 'GET', url: `/v1/invoices?limit=${encodeURIComponent(limit)}`, headers: SUPPLIER });
        assert.equal(res.statusCode, 400, limit);
        assert.equal(errorOf(res).details.field, 'query.limit');
      }
      const repeated = await app.inject({ method: 'GET', url: '/v1/invoices?limit=5&limit=6', headers: SUPPLIER });
      assert.equal(repeated.statusCode, 400);
      assert.equal(errorOf(repeated).details.field, 'query.limit');

      const unknown = await app.inject({ method: 'GET', url: '/v1/invoices?sort=desc', headers: SUPPLIER });
      assert.equal(unknown.statusCode, 400);
      assert.equal(errorOf(unknown).details.field, 'query.sort');

      const status = await app.inject({ method: 'GET', url: '/v1/invoices?status=void', headers: SUPPLIER });
      assert.equal(status.statusCode, 400);
      assert.match(errorOf(status).message, /query\.status: must be one of "open", "paid"/);

      recorded.pagination.length = 0;
      assert.equal((await app.inject({ method: 'GET', url: '/v1/invoices?limit=500&cursor=abc', headers: SUPPLIER })).statusCode, 200);
      assert.equal((await app.inject({ method: 'GET', url: '/v1/invoices', headers: SUPPLIER })).statusCode, 200);
      assert.deepEqual(recorded.pagination, [{ limit: 500, cursor: 'abc' }, { limit: 50 }]);
    });

    test('params: malformed id → 400 naming params.id', async () => {
      for (const id of ['123', 'not-a-uuid', '%F0%9F%92%A9', `${PAID_ID}x`, '%00']) {
        const res = await app.inject({ method: 'GET', url: `/v1/invoices/${id}`, headers: SUPPLIER });
        assert.equal(res.statusCode, 400, id);
        assert.equal(errorOf(res).details.field, 'params.id');
      }
    });

    test('number types in query/params are refused at registration', async () => {
      await assert.rejects(
        createApiServer({
          authenticate: async () => null,
          checkReady: async () => ({ ready: true, checks: {} }),
          info: { title: 't', version: '1' },
          routes: [(a) => void a.get('/x', { schema: { querystring: Type.Object({ n: Type.Integer() }) } }, async () => ({}))],
        }),
        /type integer cannot match/,
      );
    });
  });

  describe('idempotency', () => {
    const create = (headers: Record<string, string>) =>
      app.inject({ method: 'POST', url: '/v1/invoices', headers: { ...SUPPLIER, ...headers }, payload: validInvoice });

    test('missing Idempotency-Key → 400 naming the header', async () => {
      const res = await create({});
      assert.equal(res.statusCode, 400);
      const error = errorOf(res);
      assert.equal(error.code, 'validation_failed');
      assert.equal(error.details.field, 'Idempotency-Key');
      assert.match(error.message, /Idempotency-Key: is required/);
    });

    test('malformed Idempotency-Key → 400', async () => {
      for (const key of ['has space', 'ü', 'a/b', 'x'.repeat(201), '']) {
        const res = await create({ 'idempotency-key': key });
        assert.equal(res.statusCode, 400, key);
        assert.equal(errorOf(res).details.field, 'Idempotency-Key');
      }
    });

    test('valid keys reach the handler', async () => {
      recorded.idempotencyKeys.length = 0;
      for (const key of ['a', 'x'.repeat(200), 'order-1.2_3:4']) assert.equal((await create({ 'idempotency-key': key })).statusCode, 201);
      assert.deepEqual(recorded.idempotencyKeys, ['a', 'x'.repeat(200), 'order-1.2_3:4']);
    });

    test('idempotencyKey(request) also enforces it on routes without config.idempotent', async () => {
      const missing = await app.inject({ method: 'POST', url: '/v1/commands/raw', headers: SUPPLIER });
      assert.equal(missing.statusCode, 400);
      assert.equal(errorOf(missing).details.field, 'Idempotency-Key');
      const bad = await app.inject({ method: 'POST', url: '/v1/commands/raw', headers: { ...SUPPLIER, 'idempotency-key': 'a b' } });
      assert.equal(bad.statusCode, 400);
      const ok = await app.inject({ method: 'POST', url: '/v1/commands/raw', headers: { ...SUPPLIER, 'idempotency-key': 'abc' } });
      assert.deepEqual(ok.json(), { key: 'abc' });
    });
  });
});
