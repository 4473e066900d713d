/**
 * The API frame (createApiServer): the console's files, and nothing outside them.
 * The example routes and keys are in server.fixture.ts.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { consoleSite, errorOf, makeApp, newRecorded, type ConsoleSite } from './server.fixture.ts';

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

  describe('static console', () => {
    test('serves files with content types', async () => {
      const index = await app.inject({ method: 'GET', url: '/' });
      assert.equal(index.statusCode, 200);
      assert.equal(index.headers['content-type'], 'text/html; charset=utf-8');
      assert.match(index.body, /console/);
      const js = await app.inject({ method: 'GET', url: '/assets/app.js' });
      assert.equal(js.statusCode, 200);
      assert.equal(js.headers['content-type'], 'text/javascript; charset=utf-8');
      const css = await app.inject({ method: 'GET', url: '/assets/style.css?v=3' });
      assert.equal(css.headers['content-type'], 'text/css; charset=utf-8');
      const head = await app.inject({ method: 'HEAD', url: '/assets/app.js' });
      assert.equal(head.statusCode, 200);
      assert.equal(head.body, '');
    });

    test('index.html fallback only for console paths that accept HTML', async () => {
      const page = await app.inject({ method: 'GET', url: '/members/m1/invoices', headers: { accept: 'text/html,application/xhtml+xml' } });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<title>console/);
      const json = await app.inject({ method: 'GET', url: '/members/m1', headers: { accept: 'application/json' } });
      assert.equal(json.statusCode, 404);
      const api = await app.inject({ method: 'GET', url: '/v1/nothing', headers: { accept: 'text/html' } });
      assert.equal(api.statusCode, 404);
      assert.equal(errorOf(api).code, 'route_not_found');
      const missingAsset = await app.inject({ method: 'GET', url: '/assets/missing.js', headers: { accept: 'text/html' } });
      assert.equal(missingAsset.statusCode, 404);
      const post = await app.inject({ method: 'POST', url: '/members', headers: { accept: 'text/html' } });
      assert.equal(post.statusCode, 404);
    });

    test('no path traversal, hidden files or symlink escapes', async () => {
      for (const url of [
        '/../secret.txt',
        '/%2e%2e/secret.txt',
        '/%2E%2E%2Fsecret.txt',
        '/assets/..%2F..%2Fsecret.txt',
        '/assets/%2e%2e/%2e%2e/secret.txt',
        '/..%5csecret.txt',
        '/.env',
        '/%2eenv',
        '/escape.txt',
        '/secret.txt%00.html',
        '/%',
      ]) {
        const res = await app.inject({ method: 'GET', url, headers: { accept: '*/*' } });
        assert.doesNotMatch(res.body, /TOP SECRET|HIDDEN=1/, url);
        assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${url}: ${res.statusCode}`);
      }
    });

    test('raw, unnormalised traversal over a real socket', async () => {
      await app.listen({ host: '127.0.0.1', port: 0 });
      const { port } = app.server.address() as { port: number };
      for (const path of ['/../secret.txt', '/assets/../../secret.txt', '/..\\secret.txt']) {
        const response = await new Promise<string>((resolve, reject) => {
          const socket = connect(port, '127.0.0.1', () => {
            socket.end(`GET ${path} HTTP/1.1\r\nHost: x\r\nAccept: text/html\r\nConnection: close\r\n\r\n`);
          });
          let data = '';
          socket.on('data', (chunk) => (data += chunk.toString()));
          socket.on('end', () => resolve(data));
          socket.on('error', reject);
        });
        assert.doesNotMatch(response, /TOP SECRET/, path);
      }
    });
  });
});
