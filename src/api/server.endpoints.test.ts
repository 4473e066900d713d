/**
 * The API frame (createApiServer): the endpoints it adds itself, /health, /ready, /openapi.json and /docs.
 * The example routes and keys are in server.fixture.ts.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import type { ReadyResult } from './index.ts';
import { consoleSite, makeApp, newRecorded, type ConsoleSite } from './server.fixture.ts';

describe('api server', () => {
  let app: FastifyInstance;
  const recorded = newRecorded();
  let site: ConsoleSite;
  let readiness: () => Promise<ReadyResult> = async () => ({ ready: true, checks: { db: 'ok', chain: 'ok' } });

  before(async () => {
    site = await consoleSite();
    app = await makeApp(recorded, site.path, () => readiness());
  });

  after(async () => {
    await app.close();
    await site.remove();
  });

  describe('probes', () => {
    test('GET /health → 200 {status:"ok"} without a key', async () => {
      const res = await app.inject({ method: 'GET', url: '/health' });
      assert.equal(res.statusCode, 200);
      assert.deepEqual(res.json(), { status: 'ok' });
    });

    test('GET /ready → 200 when ready, 503 when not, throws or hangs', async () => {
      try {
        readiness = async () => ({ ready: true, checks: { db: 'ok', chain: 'ok' } });
        let res = await app.inject({ method: 'GET', url: '/ready' });
        assert.equal(res.statusCode, 200);
        assert.deepEqual(res.json(), { ready: true, checks: { db: 'ok', chain: 'ok' } });

        readiness = async () => ({ ready: false, checks: { db: 'ok', chain: 'unreachable' } });
        res = await app.inject({ method: 'GET', url: '/ready' });
        assert.equal(res.statusCode, 503);
        assert.deepEqual(res.json(), { ready: false, checks: { db: 'ok', chain: 'unreachable' } });

        readiness = async () => {
          throw new Error('pg password hunter2');
        };
        res = await app.inject({ method: 'GET', url: '/ready' });
        assert.equal(res.statusCode, 503);
        assert.equal(res.json().ready, false);
        assert.doesNotMatch(res.body, /hunter2/);

        readiness = () => new Promise(() => {});
        res = await app.inject({ method: 'GET', url: '/ready' });
        assert.equal(res.statusCode, 503);
        assert.match(res.json().checks.readiness, /timed out/);
      } finally {
        readiness = async () => ({ ready: true, checks: { db: 'ok', chain: 'ok' } });
      }
    });
  });

  describe('OpenAPI', () => {
    test('GET /openapi.json is a 3.1 document listing every route with its schemas', async () => {
      const res = await app.inject({ method: 'GET', url: '/openapi.json' });
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /application\/json/);
      const doc = JSON.parse(res.body);
      assert.equal(doc.openapi, '3.1.0');
      assert.equal(doc.info.title, 'Tierchain API (test)');
      assert.deepEqual(doc.components.securitySchemes.bearerAuth, {
        type: 'http',
        scheme: 'bearer',
        description: 'API key: `Authorization: Bearer <key>`',
      });
      assert.deepEqual(doc.security, [{ bearerAuth: [] }, { apiKeyHeader: [] }]);

      const create = doc.paths['/v1/invoices'].post;
      const body = create.requestBody.content['application/json'].schema;
      assert.equal(body.properties.amount.pattern, '^(0|[1-9][0-9]{0,76})$');
      assert.deepEqual(body.required, ['amount', 'buyer']);
      assert.equal(body.additionalProperties, false);
      assert.ok(create.responses['201'].content['application/json'].schema.properties.id);
      assert.ok(create.responses['4XX'] ?? create.responses['4xx'], 'error envelope documented');
      const idem = create.parameters.find((x: { in: string; name: string }) => x.in === 'header' && x.name === 'idempotency-key');
      assert.equal(idem.required, true);

      const list = doc.paths['/v1/invoices'].get;
      const limit = list.parameters.find((x: { in: string; name: string }) => x.in === 'query' && x.name === 'limit');
      assert.ok(limit, 'limit documented');
      assert.equal(doc.paths['/v1/invoices/{id}'].get.parameters[0].name, 'id');

      // Public routes opt out of security; others inherit the global requirement.
      assert.deepEqual(doc.paths['/health'].get.security, []);
      assert.deepEqual(doc.paths['/ready'].get.security, []);
      assert.deepEqual(doc.paths['/v1/public/ping'].get.security, []);
      assert.equal(create.security, undefined);

      for (const path of [
        '/v1/invoices',
        '/v1/invoices/{id}',
        '/v1/invoices/{id}/pay',
        '/v1/commands/raw',
        '/v1/operator/stats',
        '/v1/events',
        '/health',
        '/ready',
      ]) {
        assert.ok(doc.paths[path], `${path} listed`);
      }
      assert.equal(doc.paths['/openapi.json'], undefined);
      assert.ok(!Object.keys(doc.paths).some((p) => p.startsWith('/docs')));
    });

    test('/docs serves the browsable UI without a key', async () => {
      let res = await app.inject({ method: 'GET', url: '/docs' });
      if (res.statusCode >= 300 && res.statusCode < 400) res = await app.inject({ method: 'GET', url: String(res.headers.location) });
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /text\/html/);
      assert.match(res.body, /swagger/i);
      const init = await app.inject({ method: 'GET', url: '/docs/static/swagger-initializer.js' });
      assert.equal(init.statusCode, 200);
      const asset = await app.inject({ method: 'GET', url: '/docs/static/swagger-ui.css' });
      assert.equal(asset.statusCode, 200);
    });
  });
});
