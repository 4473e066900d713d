/**
 * End-to-end: the hardening of the HTTP frame on a real platform (embedded anvil, PGlite in a data directory the
 * platform creates, the console build): text PostgreSQL cannot store is a 400 naming the field; the console and
 * /docs carry their Content-Security-Policy and the frame, referrer and sniffing headers; a server fault is logged
 * with its requestId and route and without a secret; failed authentications get 429 after the limit while known
 * keys keep working; the data directory and the database files are private to the service's user.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { lstatSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { ensureConsole } from '../web/build.ts';
import { CONSOLE_CSP, DOCS_CSP } from '../src/api/securityHeaders.ts';
import { onboard, startTestPlatform, type TestPlatform } from './support/platform.ts';
import { assertError, newKey } from './support/e2e.ts';

interface LogLine {
  level: number;
  msg: string;
  requestId?: string;
  route?: string;
  status?: number;
  err?: { type: string; message: string; stack: string };
}

/** Every entry under `root` with its permission bits, as `relative path → mode`. */
function modes(root: string): Map<string, { mode: number; dir: boolean }> {
  const out = new Map<string, { mode: number; dir: boolean }>();
  const walk = (path: string) => {
    const info = lstatSync(path);
    out.set(relative(root, path) || '.', { mode: info.mode & 0o777, dir: info.isDirectory() });
    if (info.isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
  };
  walk(root);
  return out;
}

describe('API hardening on a real platform', () => {
  let root: string;
  let t: TestPlatform;
  let log = '';
  let core: { id: string; apiKey: string };
  let supplier: { id: string; apiKey: string };
  const logLines = () => log.split('\n').filter(Boolean).map((l) => JSON.parse(l) as LogLine);

  before(async () => {
    const build = await ensureConsole();
    assert.notEqual(build.status, 'failed', `the console must build: ${build.detail}`);
    root = mkdtempSync(join(tmpdir(), 'tierchain-hardening-'));
    // A data directory that does not exist yet: the platform creates it (and everything in it).
    t = await startTestPlatform({ dataDir: join(root, 'data'), httpLog: { level: 'info', stream: { write: (line: string) => (log += line) } } });
    [core, supplier] = await Promise.all([
      onboard(t, { name: 'Hardening Core', roles: ['core_enterprise'] }),
      onboard(t, { name: 'Hardening Supplier', roles: ['supplier'] }),
    ]);
  });

  after(async () => {
    await t?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  test('NUL in a stored text field is a 400 naming the field, and stores nothing', async () => {
    const members = async () => (await t.db.query<{ n: string }>('SELECT count(*)::text AS n FROM members')).rows[0]!.n;
    const before = await members();
    const member = { name: 'Nul Trading', registrationNumber: 'NUL-1', roles: ['supplier'] };
    const cases: Array<[string, string, unknown, string]> = [
      ['/v1/members', t.operator.apiKey!, { ...member, name: 'Nul\u0000 Trading' }, 'body.name'],
      ['/v1/members', t.operator.apiKey!, { ...member, registrationNumber: 'NUL\u00001' }, 'body.registrationNumber'],
      ['/v1/members', t.operator.apiKey!, { ...member, adminUserName: '\u0000' }, 'body.adminUserName'],
      [`/v1/members/${supplier.id}/users`, supplier.apiKey, { name: 'Clerk\u0000', role: 'member' }, 'body.name'],
      ['/v1/consortia', core.apiKey, { name: 'Club\u0000' }, 'body.name'],
      ['/v1/consortia', core.apiKey, { name: 'Club \ud800' }, 'body.name'],
    ];
    for (const [path, key, body, field] of cases) {
      const r = await t.api('POST', path, { key, body, idempotencyKey: newKey('nul') });
      assertError(r, 400, 'validation_failed', field);
      assert.match(r.body.error.message, new RegExp(`^${field.replace(/[.[\]]/g, '\\$&')}: `));
    }
    assertError(await t.api('GET', '/v1/members?cursor=%00'), 400, 'validation_failed', 'query.cursor');
    assertError(await t.api('GET', '/v1/members/%00'), 400, 'validation_failed', 'params.id');
    assert.equal(await members(), before);
  });

  test('the console and /docs carry a Content-Security-Policy and the frame, referrer and sniffing headers', async () => {
    for (const [path, csp] of [['/', CONSOLE_CSP], ['/members', CONSOLE_CSP], ['/docs', DOCS_CSP]] as const) {
      const res = await fetch(`${t.url}${path}`, { headers: { accept: 'text/html' } });
      assert.equal(res.status, 200, path);
      assert.match(res.headers.get('content-type') ?? '', /^text\/html/, path);
      assert.equal(res.headers.get('content-security-policy'), csp, path);
      assert.equal(res.headers.get('x-frame-options'), 'DENY', path);
      assert.equal(res.headers.get('referrer-policy'), 'no-referrer', path);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff', path);
      await res.arrayBuffer();
    }
    const api = await t.api('GET', '/v1/me');
    assert.match(api.headers.get('content-security-policy') ?? '', /^default-src 'none'.*frame-ancestors 'none'/);
  });

  test('a 5xx is logged with its requestId, route and error, and without the API key', async () => {
    log = '';
    // A database fault under the API: the table a read needs is gone for a moment.
    await t.db.query('ALTER TABLE members RENAME TO members_away');
    let r;
    try {
      r = await t.api('GET', '/v1/members', { headers: { 'x-api-key': supplier.apiKey } });
    } finally {
      await t.db.query('ALTER TABLE members_away RENAME TO members');
    }
    assert.equal(r.status, 500, JSON.stringify(r.body));
    const requestId = r.body.error.details.requestId as string;
    assert.equal(r.headers.get('x-request-id'), requestId);

    const failed = logLines().filter((l) => l.requestId === requestId && l.level === 50);
    assert.equal(failed.length, 1, log);
    assert.equal(failed[0]!.msg, 'request failed');
    assert.equal(failed[0]!.route, '/v1/members');
    assert.equal(failed[0]!.status, 500);
    assert.match(failed[0]!.err!.message, /members/);
    assert.ok(failed[0]!.err!.stack.length > 0);
    for (const key of [t.operator.apiKey!, supplier.apiKey, core.apiKey]) assert.ok(!log.includes(key), 'an API key is in the log');

    // 4xx are logged one level lower.
    log = '';
    const rejected = await t.api('GET', '/v1/members?limit=0');
    assert.equal(rejected.status, 400);
    assert.deepEqual(logLines().map((l) => [l.level, l.msg]), [[30, 'request rejected']]);
    assert.equal((await t.api('GET', '/v1/members')).status, 200);
  });

  test('failed authentications: 429 with Retry-After after 20, known keys unaffected', async () => {
    // A key issued but never used from this address, to show what a new key meets while the address is limited.
    const fresh = await onboard(t, { name: 'Hardening Fresh', roles: ['supplier'] });
    const attempt = (key: string) => t.api('GET', '/v1/me', { key });
    for (let i = 0; i < 20; i++) assertError(await attempt(`tck_wrong-guess-${i}-${'x'.repeat(20)}`), 401, 'unauthenticated');
    const limited = await attempt('tck_wrong-guess-again');
    assertError(limited, 429, 'too_many_requests');
    const retryAfter = Number(limited.headers.get('retry-after'));
    assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
    assert.equal(limited.body.error.details.retryAfterSeconds, retryAfter);
    console.log(`after 20 failed authentications: 429, Retry-After ${retryAfter} s`);

    assert.equal((await attempt(t.operator.apiKey!)).status, 200);
    assert.equal((await attempt(supplier.apiKey)).status, 200);
    assertError(await attempt(fresh.apiKey), 429, 'too_many_requests');
    assert.equal((await t.api('GET', '/health', { key: '' })).status, 200);
    assert.ok(logLines().some((l) => l.level === 40 && l.msg.startsWith('failed authentications reached the limit')));
  });

  test('the data directory, the database and the secrets are private to the service user', async () => {
    const running = modes(t.dataDir);
    assert.ok([...running.keys()].some((p) => p.startsWith('db/')), 'PGlite files under db/');
    for (const [path, { mode, dir }] of running) {
      if (dir) assert.equal(mode.toString(8), '700', `${path} (running)`);
      // anvil rewrites its state file while it runs; it sits in a 0700 directory and is made 0600 when anvil stops.
      else if (path !== 'chain/state.json') assert.equal(mode.toString(8), '600', `${path} (running)`);
    }
    await t.close({ keepData: true });
    const stopped = modes(t.dataDir);
    const counts = { dirs: 0, files: 0 };
    for (const [path, { mode, dir }] of stopped) {
      counts[dir ? 'dirs' : 'files']++;
      assert.equal(mode.toString(8), dir ? '700' : '600', `${path} (stopped)`);
    }
    console.log(`data directory after stop: ${counts.dirs} directories 0700, ${counts.files} files 0600`);
  });
});
