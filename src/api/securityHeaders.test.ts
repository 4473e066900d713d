import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createApiServer } from './index.ts';
import { API_CSP, CONSOLE_CSP, DOCS_CSP } from './securityHeaders.ts';

describe('security headers', () => {
  let app: FastifyInstance;
  let dir: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tierchain-headers-'));
    await mkdir(join(dir, 'assets'));
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>console</title><script type="module" src="/assets/app.js"></script>');
    await writeFile(join(dir, 'assets', 'app.js'), 'console.log(1)');
    app = await createApiServer({
      authenticate: async () => null,
      checkReady: async () => ({ ready: true, checks: {} }),
      info: { title: 'test', version: '0' },
      staticDir: dir,
      routes: [(instance) => void instance.get('/v1/things/:id', { schema: { tags: ['things'], summary: 'a thing' } }, async () => ({ ok: true }))],
    });
  });
  after(async () => {
    await app.close();
    await rm(dir, { recursive: true, force: true });
  });

  const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });

  test('every kind of response says: no framing, no referrer, no sniffing, and a CSP', async () => {
    const cases: Array<[string, Record<string, string>, number, string]> = [
      ['/', {}, 200, CONSOLE_CSP],
      ['/claims/0xabc', { accept: 'text/html' }, 200, CONSOLE_CSP], // the console's own routes get index.html
      ['/assets/app.js', {}, 200, API_CSP],
      ['/docs', {}, 200, DOCS_CSP],
      ['/docs/', {}, 200, DOCS_CSP],
      ['/docs/static/swagger-initializer.js', {}, 200, DOCS_CSP],
      ['/openapi.json', {}, 200, API_CSP],
      ['/health', {}, 200, API_CSP],
      ['/v1/things/1', {}, 401, API_CSP],
      ['/v1/things/%E0%A4%A', {}, 400, API_CSP], // answered by the router, before any hook
      [`/v1/things/${'a'.repeat(300)}`, {}, 414, API_CSP],
      ['/v1/nothing', {}, 404, API_CSP],
    ];
    for (const [url, headers, status, csp] of cases) {
      const res = await get(url, headers);
      assert.equal(res.statusCode, status, `${url}: ${res.body.slice(0, 200)}`);
      assert.equal(res.headers['content-security-policy'], csp, url);
      assert.equal(res.headers['x-frame-options'], 'DENY', url);
      assert.equal(res.headers['referrer-policy'], 'no-referrer', url);
      assert.equal(res.headers['x-content-type-options'], 'nosniff', url);
      assert.ok(res.headers['x-request-id'], url);
    }
  });

  test('the policies forbid framing and inline or evaluated script everywhere', () => {
    for (const csp of [CONSOLE_CSP, DOCS_CSP, API_CSP]) {
      assert.match(csp, /frame-ancestors 'none'/);
      assert.match(csp, /object-src 'none'/);
      assert.match(csp, /base-uri 'none'/);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
    }
    assert.match(CONSOLE_CSP, /script-src 'self'; style-src 'self';/);
    assert.match(API_CSP, /^default-src 'none'/);
  });
});
