/**
 * End-to-end: how the real platform's API answers bad requests — every error class with its status, code and
 * field — and that no malformed input, however large or deep, makes it fail with a 5xx.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Database } from '../src/db/database.ts';
import { availableTestDatabases } from './support/databases.ts';
import { onboard, startTestPlatform, type TestPlatform } from './support/platform.ts';
import { assertError, newKey, post } from './support/e2e.ts';

interface Onboarded {
  id: string;
  address: string;
  apiKey: string;
}

/** Routes of a Fastify `printRoutes({ commonPrefix: false })` tree: full URL and methods (HEAD left out). */
function routesFromTree(tree: string): Array<{ method: string; url: string }> {
  const routes: Array<{ method: string; url: string }> = [];
  const prefixes: string[] = [];
  for (const line of tree.split('\n')) {
    const m = /^((?:│ {3}| {4})*)(?:├── |└── )(.+?)(?: \(([^)]*)\))?$/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    prefixes.length = depth;
    const url = (depth > 0 ? prefixes[depth - 1]! : '') + m[2]!;
    prefixes[depth] = url;
    for (const method of (m[3] ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
      if (method !== 'HEAD') routes.push({ method, url });
    }
  }
  return routes;
}

const uuidPath = (url: string, values: Record<string, string>) => url.replace(/[:{](\w+)}?/g, (_, name: string) => values[name] ?? randomUUID());

for (const backend of await availableTestDatabases()) {
  describe(`API errors on the real platform (${backend.name})`, () => {
    let db: Database;
    let t: TestPlatform;
    let a: Onboarded;
    let b: Onboarded;

    before(async () => {
      db = await backend.open();
      t = await startTestPlatform({ db });
      [a, b] = await Promise.all([
        onboard(t, { name: 'Alpha Parts', registrationNumber: 'ALPHA-1', roles: ['supplier'] }),
        onboard(t, { name: 'Beta Metals', registrationNumber: 'BETA-1', roles: ['supplier'] }),
      ]);
    });

    after(async () => {
      await t?.close();
      await db?.close();
    });

    test('400 validation_failed names the field', async () => {
      const deposit = { memberId: a.id, amount: '100', reference: 'REF-1' };
      const bodies: Array<[string, string, unknown, string]> = [
        ['/v1/xt/deposits', 'amount as a JSON number', { ...deposit, amount: 100 }, 'body.amount'],
        ['/v1/xt/deposits', 'negative amount', { ...deposit, amount: '-5' }, 'body.amount'],
        ['/v1/xt/deposits', 'leading zero', { ...deposit, amount: '01' }, 'body.amount'],
        ['/v1/xt/deposits', 'zero', { ...deposit, amount: '0' }, 'body.amount'],
        ['/v1/xt/deposits', 'fraction', { ...deposit, amount: '1.5' }, 'body.amount'],
        ['/v1/xt/deposits', 'unknown property', { ...deposit, memo: 'x' }, 'body.memo'],
        ['/v1/xt/deposits', 'missing reference', { memberId: a.id, amount: '100' }, 'body.reference'],
        ['/v1/xt/deposits', 'memberId not a uuid', { ...deposit, memberId: 'alpha' }, 'body.memberId'],
        ['/v1/xt/transfers', 'missing toMemberId', { amount: '1' }, 'body.toMemberId'],
        ['/v1/members', 'no roles', { name: 'X Co', registrationNumber: 'X-1', roles: [] }, 'body.roles'],
        ['/v1/members', 'unknown role', { name: 'X Co', registrationNumber: 'X-1', roles: ['king'] }, 'body.roles[0]'],
        ['/v1/members', 'blank name', { name: '   ', registrationNumber: 'X-1', roles: ['supplier'] }, 'body.name'],
        ['/v1/members', 'certify as a string', { name: 'X Co', registrationNumber: 'X-1', roles: ['supplier'], certify: 'yes' }, 'body.certify'],
        [`/v1/members/${a.id}/suspend`, 'reason as a number', { reason: 5 }, 'body.reason'],
        ['/v1/xt/pause', 'a body on a route that takes none', { now: true }, 'body.now'],
        [`/v1/consortia/0x${'ab'.repeat(32)}/accept`, 'a body on a route that takes none', { please: 1 }, 'body.please'],
      ];
      for (const [path, what, body, field] of bodies) {
        const r = await t.api('POST', path, { body, idempotencyKey: newKey('v') });
        assertError(r, 400, 'validation_failed', field);
        assert.ok(r.body.error.details.problems.some((p: { field: string }) => p.field === field), `${what}: ${JSON.stringify(r.body)}`);
        assert.ok(r.body.error.message.includes(field), `${what}: ${r.body.error.message}`);
      }
      const amountAsNumber = await t.api('POST', '/v1/xt/deposits', { body: { ...deposit, amount: 100 }, idempotencyKey: newKey('v') });
      assert.match(amountAsNumber.body.error.message, /body\.amount: must be a string, got integer/);

      const queries: Array<[string, string]> = [
        [`/v1/members/not-a-uuid`, 'params.id'],
        [`/v1/consortia/0x1234`, 'params.id'],
        [`/v1/commands/12345`, 'params.id'],
        [`/v1/xt/balances/alpha`, 'params.memberId'],
        ['/v1/members?limit=0', 'query.limit'],
        ['/v1/members?limit=501', 'query.limit'],
        ['/v1/members?limit=ten', 'query.limit'],
        ['/v1/members?limit=1.5', 'query.limit'],
        ['/v1/members?colour=red', 'query.colour'],
        ['/v1/members?cursor=not-an-id', 'query.cursor'],
        ['/v1/members?status=sleeping', 'query.status'],
        ['/v1/commands?cursor=9999999999999999999', 'query.cursor'],
        ['/v1/commands?cursor=abc', 'query.cursor'],
        ['/v1/commands?status=done', 'query.status'],
        [`/v1/commands/${randomUUID()}?waitMs=soon`, 'query.waitMs'],
        ['/v1/xt/movements?limit=-1', 'query.limit'],
      ];
      for (const [path, field] of queries) assertError(await t.api('GET', path), 400, 'validation_failed', field);
      assertError(
        await t.api('POST', `/v1/consortia/0x${'ab'.repeat(32)}/members/not-a-uuid/remove`, { idempotencyKey: newKey('v') }),
        400,
        'validation_failed',
        'params.memberId',
      );

      assertError(await t.api('POST', '/v1/xt/pause', {}), 400, 'validation_failed', 'Idempotency-Key');
      assertError(await t.api('POST', '/v1/xt/pause', { headers: { 'idempotency-key': 'has spaces' } }), 400, 'validation_failed', 'Idempotency-Key');
      const badJson = await fetch(`${t.url}/v1/xt/pause`, {
        method: 'POST',
        headers: { authorization: `Bearer ${t.operator.apiKey}`, 'content-type': 'application/json', 'idempotency-key': newKey('j') },
        body: '{"oops":',
      });
      assert.equal(badJson.status, 400);
      assert.equal(((await badJson.json()) as { error: { code: string } }).error.code, 'invalid_json');
    });

    test('401 without a key, with an unknown key, or a malformed header', async () => {
      const noKey = await t.api('GET', '/v1/members', { key: '' });
      assertError(noKey, 401, 'unauthenticated');
      assert.equal(noKey.headers.get('www-authenticate'), 'Bearer');
      assertError(await t.api('GET', '/v1/members', { key: 'tck_not-a-real-key' }), 401, 'unauthenticated');
      assertError(await t.api('GET', '/v1/members', { key: 'x'.repeat(150) }), 401, 'unauthenticated');
      assertError(await t.api('GET', '/v1/members', { key: '', headers: { authorization: 'Basic dXNlcjpwYXNz' } }), 401, 'unauthenticated');
      assertError(await t.api('GET', '/v1/members', { key: '', headers: { 'x-api-key': 'tck_nope' } }), 401, 'unauthenticated');
      // A valid key in X-Api-Key works as well as the Bearer header.
      assert.equal((await t.api('GET', '/v1/me', { key: '', headers: { 'x-api-key': a.apiKey } })).status, 200);
      // Unauthenticated command requests create nothing.
      assertError(await t.api('POST', '/v1/xt/pause', { key: '', idempotencyKey: newKey('p') }), 401, 'unauthenticated');
    });

    test('403 for actions outside the caller\'s roles', async () => {
      assertError(await post(t, '/v1/members', { key: a.apiKey, body: { name: 'Y Co', registrationNumber: 'Y-1', roles: ['supplier'] } }), 403, 'forbidden');
      assertError(await post(t, '/v1/xt/pause', { key: a.apiKey }), 403, 'forbidden');
      assertError(await post(t, '/v1/xt/deposits', { key: a.apiKey, body: { memberId: b.id, amount: '1', reference: 'R-403' } }), 403, 'forbidden');
      assertError(await post(t, `/v1/members/${b.id}/suspend`, { key: a.apiKey }), 403, 'forbidden');
      assertError(await post(t, '/v1/consortia', { key: a.apiKey, body: { name: 'Alpha club' } }), 403, 'forbidden');
      assertError(await t.api('GET', `/v1/xt/balances/${b.id}`, { key: a.apiKey }), 403, 'forbidden');
      // Only the operator or the funder that granted a credit line names its guarantor; only the proposed guarantor accepts.
      const propose = await post(t, `/v1/credit-lines/${b.id}/guarantee`, { key: a.apiKey, body: { guarantorMemberId: b.id } });
      assertError(propose, 403, 'forbidden');
      assert.equal(propose.body.error.details.reason, 'not_line_manager');
      assertError(await post(t, `/v1/credit-lines/${b.id}/guarantee/accept`, { key: a.apiKey }), 403, 'forbidden');
    });

    test('404 for unknown resources and routes, 405 for a wrong method', async () => {
      assertError(await t.api('GET', `/v1/members/${randomUUID()}`), 404, 'member_not_found');
      assertError(await t.api('GET', `/v1/commands/${randomUUID()}`), 404, 'command_not_found');
      assertError(await t.api('GET', `/v1/consortia/0x${randomBytes(32).toString('hex')}`), 404, 'consortium_not_found');
      assertError(await t.api('GET', `/v1/xt/balances/${randomUUID()}`), 404, 'member_not_found');
      assertError(await post(t, '/v1/xt/transfers', { key: a.apiKey, body: { toMemberId: randomUUID(), amount: '1' } }), 404, 'member_not_found');
      assertError(await post(t, `/v1/members/${randomUUID()}/suspend`), 404, 'member_not_found');
      assertError(await t.api('GET', '/v1/no-such-thing'), 404, 'route_not_found');
      assertError(await t.api('POST', '/v1/nothing/here', { body: {} }), 404, 'route_not_found');
      // A path that matches a route's pattern with another method is a 405, not a 404.
      assertError(await t.api('POST', '/v1/members/certify-everyone', { body: {} }), 405, 'method_not_allowed');
      const wrongMethod = await t.api('DELETE', '/v1/members');
      assertError(wrongMethod, 405, 'method_not_allowed');
      assert.match(wrongMethod.headers.get('allow') ?? '', /GET/);
    });

    test('409 for a member that exists and for an Idempotency-Key reused with another request', async () => {
      assertError(await post(t, '/v1/members', { body: { name: 'Alpha Parts', registrationNumber: 'alpha-1', roles: ['supplier'] } }), 409, 'member_exists');
      assertError(await post(t, `/v1/credit-lines/${b.id}/guarantee/withdraw`), 409, 'no_guarantee');

      const key = newKey('same');
      const first = await t.api('POST', `/v1/members/${b.id}/suspend`, { idempotencyKey: key, body: { reason: 'check' } });
      assert.equal(first.status, 202, JSON.stringify(first.body));
      const replay = await t.api('POST', `/v1/members/${b.id}/suspend`, { idempotencyKey: key, body: { reason: 'check' } });
      assert.equal(replay.status, 202);
      assert.equal(replay.headers.get('idempotent-replayed'), 'true');
      assert.deepEqual(replay.body.commands.map((c: { id: string }) => c.id), first.body.commands.map((c: { id: string }) => c.id));
      assertError(await t.api('POST', `/v1/members/${b.id}/suspend`, { idempotencyKey: key, body: { reason: 'other' } }), 409, 'idempotency_key_reused');
      const [done] = await t.settle(first.body.commands);
      assert.equal(done.status, 'confirmed', JSON.stringify(done.error));
      await post(t, `/v1/members/${b.id}/reinstate`);
    });

    test('422 when the request is well-formed but the rules refuse it', async () => {
      const r = await post(t, '/v1/xt/transfers', { key: a.apiKey, body: { toMemberId: b.id, amount: '1' } });
      assertError(r, 422, 'insufficient_balance', 'amount');
      assertError(await post(t, `/v1/members/${a.id}/reinstate`), 422, 'member_status_invalid');
      // The operator role is the platform operator's alone.
      assertError(await post(t, '/v1/members', { body: { name: 'Shadow Ops', registrationNumber: 'OPS-2', roles: ['operator'] } }), 422, 'role_not_grantable', 'roles');
      assertError(await post(t, `/v1/members/${a.id}/certify`, { body: { roles: ['supplier', 'operator'] } }), 422, 'role_not_grantable', 'roles');
      assertError(await post(t, `/v1/consortia/0x${'cd'.repeat(32)}/accept`, { key: a.apiKey }), 404, 'consortium_not_found');
    });

    test('garbage bodies and queries never cause a 5xx, and create no command', async () => {
      const { rows: before } = await t.db.query<{ n: string }>('SELECT count(*)::text AS n FROM commands');
      const doc = (await t.api('GET', '/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
      const values = { memberId: a.id };
      const huge = 'x'.repeat(2 * 1024 * 1024);
      const bodies: Array<[string, string, string]> = [
        ['null', 'application/json', 'null'],
        ['an array', 'application/json', '[1,2,3]'],
        ['a string', 'application/json', '"hello"'],
        ['a number', 'application/json', '42'],
        ['true', 'application/json', 'true'],
        ['invalid JSON', 'application/json', '{"a":'],
        ['empty JSON', 'application/json', ''],
        ['a 300 KB string value', 'application/json', JSON.stringify({ name: 'n'.repeat(300_000), amount: '1'.repeat(900) })],
        // 20 000 levels: a recursive walk of the body (hashing, serialising) overflows the stack from about 5 000.
        ['deeply nested arrays', 'application/json', '['.repeat(20_000) + ']'.repeat(20_000)],
        ['deeply nested objects', 'application/json', '{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000)],
        ['nested objects in an allowed property', 'application/json', `{"reason":${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}}`],
        ['__proto__ pollution', 'application/json', '{"__proto__":{"isOperator":true},"constructor":{"prototype":{"x":1}}}'],
        ['text/plain', 'text/plain', 'hello'],
        ['form data', 'application/x-www-form-urlencoded', 'a=1&b=2'],
      ];
      const failures: string[] = [];
      const postPaths = Object.entries(doc.paths).filter(([path, ops]) => path.startsWith('/v1/') && 'post' in ops).map(([path]) => path);
      assert.ok(postPaths.length >= 15, postPaths.join(' '));
      for (const [i, path] of postPaths.entries()) {
        const url = uuidPath(path, { ...values, id: path.startsWith('/v1/consortia') ? `0x${'ab'.repeat(32)}` : a.id });
        // The body limit applies before routing: a few routes are enough for the over-sized body.
        const cases = i < 3 ? [...bodies, ['a 2 MB body', 'application/json', JSON.stringify({ name: huge })] as [string, string, string]] : bodies;
        await Promise.all(
          cases.map(async ([what, type, body]) => {
            const res = await fetch(`${t.url}${url}`, {
              method: 'POST',
              headers: { authorization: `Bearer ${t.operator.apiKey}`, 'content-type': type, 'idempotency-key': newKey('g') },
              body,
            });
            const text = await res.text();
            if (res.status >= 500 || res.status < 400) failures.push(`POST ${url} with ${what}: ${res.status} ${text.slice(0, 200)}`);
            else assert.ok(JSON.parse(text).error.code, text);
          }),
        );
      }
      const getPaths = Object.entries(doc.paths).filter(([path, ops]) => path.startsWith('/v1/') && 'get' in ops && path !== '/v1/events').map(([path]) => path);
      const queries = ['?limit=%00', `?cursor=${'9'.repeat(600)}`, '?limit=1&limit=2', `?${'a=1&'.repeat(500)}`, '?memberId=%E0%A4%A', `?status=${'z'.repeat(5000)}`];
      for (const path of getPaths) {
        const url = uuidPath(path, { ...values, id: path.startsWith('/v1/consortia') ? `0x${'ab'.repeat(32)}` : a.id });
        await Promise.all(
          queries.map(async (query) => {
            const res = await fetch(`${t.url}${url}${query}`, { headers: { authorization: `Bearer ${t.operator.apiKey}` } });
            if (res.status >= 500) failures.push(`GET ${url}${query}: ${res.status} ${(await res.text()).slice(0, 200)}`);
            else await res.arrayBuffer();
          }),
        );
      }
      assert.deepEqual(failures, []);
      const { rows: afterwards } = await t.db.query<{ n: string }>('SELECT count(*)::text AS n FROM commands');
      assert.equal(afterwards[0]!.n, before[0]!.n);
      // The platform is still fine.
      assert.equal((await t.api('GET', '/v1/me', { key: a.apiKey })).status, 200);
    });

    test('/health, /ready, /docs, and /openapi.json lists every /v1 route', async () => {
      const health = await t.api('GET', '/health', { key: '' });
      assert.equal(health.status, 200);
      assert.deepEqual(health.body, { status: 'ok' });
      const ready = await t.api('GET', '/ready', { key: '' });
      assert.equal(ready.status, 200, JSON.stringify(ready.body));
      assert.equal(ready.body.ready, true);
      assert.equal(ready.body.checks.database, 'ok');
      assert.match(ready.body.checks.chain, /^ok/);

      const docs = await fetch(`${t.url}/docs`);
      assert.equal(docs.status, 200);
      assert.match(docs.headers.get('content-type') ?? '', /text\/html/);
      assert.match(await docs.text(), /swagger/i);

      const openapi = await t.api('GET', '/openapi.json', { key: '' });
      assert.equal(openapi.status, 200);
      assert.equal(openapi.body.openapi, '3.1.0');
      const documented = new Set<string>();
      for (const [path, ops] of Object.entries(openapi.body.paths as Record<string, Record<string, { tags?: string[]; summary?: string }>>)) {
        for (const [method, op] of Object.entries(ops)) {
          if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
          documented.add(`${method.toUpperCase()} ${path}`);
          if (path.startsWith('/v1/')) assert.ok(op.tags?.length && op.summary, `${method} ${path} lacks tags or summary`);
        }
      }
      const registered = routesFromTree(t.server!.printRoutes({ commonPrefix: false }))
        .filter((r) => r.url.startsWith('/v1/'))
        .map((r) => `${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`);
      assert.ok(registered.length >= 20, registered.join('\n'));
      const v1Documented = [...documented].filter((d) => d.split(' ')[1]!.startsWith('/v1/'));
      assert.deepEqual([...new Set(registered)].sort(), v1Documented.sort());
      for (const r of registered) {
        const [method, url] = r.split(' ') as [string, string];
        assert.ok(t.server!.hasRoute({ method: method as 'GET', url: url.replace(/\{(\w+)\}/g, ':$1') }), r);
      }
    });
  });
}
