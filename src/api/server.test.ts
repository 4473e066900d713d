import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { ConflictError, NotFoundError, RuleViolationError, UnavailableError } from '../common/errors.ts';
import {
  Address,
  createApiServer,
  formatEvent,
  idempotencyKey,
  MinorUnits,
  Page,
  PaginationQueryProperties,
  parsePagination,
  requireOperator,
  requireRole,
  requireUserRole,
  streamEvents,
  Type,
  Uuid,
  type Principal,
  type ReadyResult,
  type RouteModule,
  type SseSend,
  type Static,
  type TypeBoxTypeProvider,
} from './index.ts';

// ---------------------------------------------------------------------------
// An example route module, written the way real ones should be.

const Invoice = Type.Object(
  {
    id: Uuid,
    amount: MinorUnits,
    buyer: Address,
    status: Type.Union([Type.Literal('open'), Type.Literal('paid')]),
  },
  { additionalProperties: false },
);
type Invoice = Static<typeof Invoice>;

const CreateInvoice = Type.Object(
  {
    amount: MinorUnits,
    buyer: Address,
    note: Type.Optional(Type.String({ maxLength: 200 })),
    lines: Type.Optional(
      Type.Array(
        Type.Object({ sku: Type.String({ minLength: 1 }), qty: Type.String({ pattern: '^[1-9][0-9]{0,5}$' }) }, { additionalProperties: false }),
        { maxItems: 50 },
      ),
    ),
  },
  { additionalProperties: false },
);

const ListQuery = Type.Object(
  { ...PaginationQueryProperties, status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('paid')])) },
  { additionalProperties: false },
);
const IdParams = Type.Object({ id: Uuid });

const PAID_ID = '00000000-0000-4000-8000-000000000001';
const OPEN_ID = '00000000-0000-4000-8000-000000000002';

interface Recorded {
  idempotencyKeys: string[];
  pagination: unknown[];
  sseLastEventIds: Array<string | undefined>;
  sseUnsubscribed: number;
  sseSenders: SseSend[];
}

function invoiceRoutes(recorded: Recorded): RouteModule {
  return (instance) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.post(
      '/v1/invoices',
      {
        config: { idempotent: true },
        schema: { tags: ['invoices'], summary: 'Create an invoice', body: CreateInvoice, response: { 201: Invoice } },
      },
      async (request, reply) => {
        requireRole(request, 'supplier');
        requireUserRole(request, 'admin', 'member');
        recorded.idempotencyKeys.push(idempotencyKey(request));
        const invoice: Invoice = { id: OPEN_ID, amount: request.body.amount, buyer: request.body.buyer, status: 'open' };
        return reply.code(201).send(invoice);
      },
    );

    app.get(
      '/v1/invoices',
      { schema: { tags: ['invoices'], querystring: ListQuery, response: { 200: Page(Invoice) } } },
      async (request) => {
        recorded.pagination.push(parsePagination(request.query));
        return { items: [], nextCursor: null };
      },
    );

    app.get('/v1/invoices/:id', { schema: { tags: ['invoices'], params: IdParams, response: { 200: Invoice } } }, async (request) => {
      if (request.params.id === PAID_ID) {
        return { id: PAID_ID, amount: '100', buyer: `0x${'a'.repeat(40)}`, status: 'paid' as const };
      }
      throw new NotFoundError('invoice', request.params.id);
    });

    app.post(
      '/v1/invoices/:id/pay',
      { config: { idempotent: true }, schema: { params: IdParams, body: Type.Object({ amount: MinorUnits }, { additionalProperties: false }) } },
      async (request) => {
        if (request.params.id === PAID_ID) throw new ConflictError('invoice_already_paid', 'the invoice is already paid', { id: PAID_ID });
        if (BigInt(request.body.amount) > 1000n) {
          throw new RuleViolationError('amount_exceeds_invoice', 'the payment exceeds the open amount', { open: '1000' });
        }
        throw new UnavailableError('chain node unavailable', new Error('ECONNREFUSED 10.0.0.7:8545'));
      },
    );

    // A command route that reads the header itself instead of `config.idempotent`.
    app.post('/v1/commands/raw', async (request) => ({ key: idempotencyKey(request) }));

    app.get('/v1/operator/stats', async (request) => {
      requireOperator(request);
      return { ok: true };
    });

    app.get('/v1/boom', async () => {
      throw new Error('database password is hunter2');
    });

    app.get('/v1/public/ping', { config: { auth: 'none' } }, async (request) => ({ principal: request.principal }));
    app.get('/v1/whoami', { config: { auth: 'optional' } }, async (request) => ({ userId: request.principal?.userId ?? null }));

    app.get('/v1/events', { schema: { tags: ['events'] } }, (request, reply) =>
      streamEvents(
        request,
        reply,
        (send, { lastEventId }) => {
          recorded.sseLastEventIds.push(lastEventId);
          recorded.sseSenders.push(send);
          send({ id: '42', type: 'invoice.created', data: { id: OPEN_ID, amount: 125000n, note: 'two\nlines' } });
          send({ id: '43', type: 'invoice.paid', data: { id: OPEN_ID } });
          return () => {
            recorded.sseUnsubscribed++;
          };
        },
        { heartbeatMs: 30 },
      ),
    );
  };
}

const principals: Record<string, Principal> = {
  'key-supplier': { memberAddress: `0x${"0".repeat(40)}`, userId: 'u1', memberId: 'm1', memberRoles: ['supplier'], userRole: 'member', isOperator: false },
  'key-buyer': { memberAddress: `0x${"0".repeat(40)}`, userId: 'u2', memberId: 'm2', memberRoles: ['buyer'], userRole: 'admin', isOperator: false },
  'key-viewer': { memberAddress: `0x${"0".repeat(40)}`, userId: 'u3', memberId: 'm1', memberRoles: ['supplier'], userRole: 'viewer', isOperator: false },
  'key-operator': { memberAddress: `0x${"0".repeat(40)}`, userId: 'u4', memberId: 'm0', memberRoles: [], userRole: 'admin', isOperator: true },
};

let readiness: () => Promise<ReadyResult> = async () => ({ ready: true, checks: { db: 'ok', chain: 'ok' } });

async function makeApp(recorded: Recorded, staticDir?: string): Promise<FastifyInstance> {
  return createApiServer({
    authenticate: async (key) => principals[key] ?? null,
    checkReady: () => readiness(),
    routes: [invoiceRoutes(recorded)],
    info: { title: 'Tierchain API (test)', version: '0.0.0-test' },
    bodyLimit: 64 * 1024,
    readyTimeoutMs: 200,
    ...(staticDir ? { staticDir } : {}),
  });
}

const newRecorded = (): Recorded => ({ idempotencyKeys: [], pagination: [], sseLastEventIds: [], sseUnsubscribed: 0, sseSenders: [] });

const SUPPLIER = { authorization: 'Bearer key-supplier' };
const BUYER_ADDR = `0x${'b'.repeat(40)}`;
const validInvoice = { amount: '125000', buyer: BUYER_ADDR };

interface ErrorJson {
  error: { code: string; message: string; details: Record<string, unknown> };
}
function errorOf(res: { json: () => unknown }): ErrorJson['error'] {
  const body = res.json() as ErrorJson;
  assert.ok(body.error, 'error envelope');
  assert.equal(typeof body.error.code, 'string');
  assert.equal(typeof body.error.message, 'string');
  assert.equal(typeof body.error.details, 'object');
  return body.error;
}

describe('api server', () => {
  let app: FastifyInstance;
  const recorded = newRecorded();
  let dir: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tierchain-api-'));
    const site = join(dir, 'site');
    await mkdir(join(site, 'assets'), { recursive: true });
    await writeFile(join(site, 'index.html'), '<!doctype html><title>console</title>');
    await writeFile(join(site, 'assets', 'app.js'), 'console.log("console")');
    await writeFile(join(site, 'assets', 'style.css'), 'body{}');
    await writeFile(join(site, '.env'), 'HIDDEN=1');
    await writeFile(join(dir, 'secret.txt'), 'TOP SECRET');
    await symlink(join(dir, 'secret.txt'), join(site, 'escape.txt'));
    app = await makeApp(recorded, site);
  });

  after(async () => {
    await app.close();
    await rm(dir, { recursive: true, force: true });
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

  describe('error mapping', () => {
    const pay = (id: string, amount: string) =>
      app.inject({
        method: 'POST',
        url: `/v1/invoices/${id}/pay`,
        headers: { ...SUPPLIER, 'idempotency-key': 'p1' },
        payload: { amount },
      });

    test('NotFoundError → 404', async () => {
      const res = await app.inject({ method: 'GET', url: `/v1/invoices/${OPEN_ID}`, headers: SUPPLIER });
      assert.equal(res.statusCode, 404);
      assert.deepEqual(res.json(), {
        error: { code: 'invoice_not_found', message: `invoice ${OPEN_ID} does not exist`, details: { id: OPEN_ID } },
      });
    });

    test('ConflictError → 409, RuleViolationError → 422, UnavailableError → 503 retryable', async () => {
      const conflict = await pay(PAID_ID, '1');
      assert.equal(conflict.statusCode, 409);
      assert.deepEqual(conflict.json(), {
        error: { code: 'invoice_already_paid', message: 'the invoice is already paid', details: { id: PAID_ID } },
      });
      const rule = await pay(OPEN_ID, '5000');
      assert.equal(rule.statusCode, 422);
      assert.deepEqual(errorOf(rule), { code: 'amount_exceeds_invoice', message: 'the payment exceeds the open amount', details: { open: '1000' } });
      const unavailable = await pay(OPEN_ID, '5');
      assert.equal(unavailable.statusCode, 503);
      assert.equal(unavailable.headers['retry-after'], '1');
      assert.equal(errorOf(unavailable).code, 'unavailable');
      assert.doesNotMatch(unavailable.body, /ECONNREFUSED/);
    });

    test('unexpected errors → 500 internal_error without leaking message or stack', async () => {
      const res = await app.inject({ method: 'GET', url: '/v1/boom', headers: SUPPLIER });
      assert.equal(res.statusCode, 500);
      const error = errorOf(res);
      assert.equal(error.code, 'internal_error');
      assert.equal(error.details.requestId, res.headers['x-request-id']);
      assert.doesNotMatch(res.body, /hunter2|at |server\.test/);
    });

    test('unknown route → 404 route_not_found; wrong method → 405 with Allow', async () => {
      const unknown = await app.inject({ method: 'GET', url: '/v1/nothing-here', headers: SUPPLIER });
      assert.equal(unknown.statusCode, 404);
      assert.equal(errorOf(unknown).code, 'route_not_found');
      const wrong = await app.inject({ method: 'DELETE', url: `/v1/invoices/${OPEN_ID}`, headers: SUPPLIER });
      assert.equal(wrong.statusCode, 405);
      assert.equal(wrong.headers.allow, 'GET, HEAD');
      assert.equal(errorOf(wrong).code, 'method_not_allowed');
      const wrongPost = await app.inject({ method: 'PUT', url: '/v1/invoices' });
      assert.equal(wrongPost.statusCode, 405);
      assert.equal(wrongPost.headers.allow, 'GET, HEAD, POST');
    });

    test('request ids: a sane X-Request-Id is echoed, anything else replaced', async () => {
      const given = await app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': 'abc-123' } });
      assert.equal(given.headers['x-request-id'], 'abc-123');
      const junk = await app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': 'a b\u00e9' } });
      assert.match(String(junk.headers['x-request-id']), /^[0-9a-f-]{36}$/);
    });
  });

  describe('garbage input never yields 5xx', () => {
    const bodies: Array<[string, string | Buffer, string]> = [
      ['null', 'null', 'application/json'],
      ['array', '[1,2,3]', 'application/json'],
      ['string', '"hello"', 'application/json'],
      ['number', '123', 'application/json'],
      ['huge number', '1e400', 'application/json'],
      ['huge amount number', '{"amount":1e400,"buyer":"x"}', 'application/json'],
      ['huge amount string', JSON.stringify({ amount: '9'.repeat(5000), buyer: BUYER_ADDR }), 'application/json'],
      ['amount object', '{"amount":{"$gt":0},"buyer":[]}', 'application/json'],
      ['amount null', '{"amount":null,"buyer":null}', 'application/json'],
      ['arabic digits', '{"amount":"١٢٣","buyer":"0x' + 'b'.repeat(40) + '"}', 'application/json'],
      ['lone surrogate key', '{"\\ud800":1}', 'application/json'],
      ['emoji junk', '{"💥":"\u202e\u0000"}', 'application/json'],
      ['proto poisoning', '{"__proto__":{"admin":true},"amount":"1"}', 'application/json'],
      ['constructor poisoning', '{"constructor":{"prototype":{"x":1}}}', 'application/json'],
      ['truncated json', '{"amount":', 'application/json'],
      ['not json', 'amount=1&buyer=2', 'application/json'],
      ['empty json', '', 'application/json'],
      ['binary', Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x80, 0x7b]), 'application/json'],
      ['deep nesting', '['.repeat(5000) + ']'.repeat(5000), 'application/json'],
      ['many keys', JSON.stringify(Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`k${i}`, i]))), 'application/json'],
      ['text/plain', 'hello', 'text/plain'],
      ['form', 'amount=1', 'application/x-www-form-urlencoded'],
      ['xml', '<amount>1</amount>', 'application/xml'],
      ['weird content type', '{}', 'application/json; charset=ebcdic; ;;'],
      ['too large', JSON.stringify({ amount: '1', note: 'x'.repeat(100_000) }), 'application/json'],
    ];

    for (const [name, payload, contentType] of bodies) {
      test(`POST body: ${name}`, async () => {
        const res = await app.inject({
          method: 'POST',
          url: '/v1/invoices',
          headers: { ...SUPPLIER, 'idempotency-key': 'g1', 'content-type': contentType },
          payload,
        });
        assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${name}: ${res.statusCode} ${res.body.slice(0, 200)}`);
        errorOf(res);
      });
    }

    test('specific statuses: invalid_json 400, 415, 413', async () => {
      const send = (payload: string, contentType: string) =>
        app.inject({ method: 'POST', url: '/v1/invoices', headers: { ...SUPPLIER, 'idempotency-key': 'g1', 'content-type': contentType }, payload });
      const invalid = await send('{"amount":', 'application/json');
      assert.equal(invalid.statusCode, 400);
      assert.equal(errorOf(invalid).code, 'invalid_json');
      const poisoned = await send('{"__proto__":{"admin":true}}', 'application/json');
      assert.equal(poisoned.statusCode, 400);
      assert.equal(errorOf(poisoned).code, 'invalid_json');
      const text = await send('hello', 'text/plain');
      assert.equal(text.statusCode, 415);
      assert.equal(errorOf(text).code, 'unsupported_media_type');
      const large = await send(JSON.stringify({ note: 'x'.repeat(100_000) }), 'application/json');
      assert.equal(large.statusCode, 413);
      assert.equal(errorOf(large).code, 'payload_too_large');
      const nullBody = await send('null', 'application/json');
      assert.equal(nullBody.statusCode, 400);
      assert.equal(errorOf(nullBody).details.field, 'body');
      const arrayBody = await send('[]', 'application/json');
      assert.equal(arrayBody.statusCode, 400);
      assert.match(errorOf(arrayBody).message, /body: must be an object, got array/);
    });

    test('no body at all on a POST → 400 naming body', async () => {
      const res = await app.inject({ method: 'POST', url: '/v1/invoices', headers: { ...SUPPLIER, 'idempotency-key': 'g1' } });
      assert.equal(res.statusCode, 400);
      assert.equal(errorOf(res).details.field, 'body');
    });

    test('junk URLs, queries and headers', async () => {
      const urls = [
        '/v1/invoices?limit=%',
        '/v1/invoices?limit=%FF%FE',
        '/v1/invoices?limit[]=1',
        '/v1/invoices?limit=99999999999999999999999999',
        '/v1/invoices?cursor=' + 'c'.repeat(2000),
        '/v1/invoices?' + 'a=1&'.repeat(500),
        '/v1/invoices/%',
        '/v1/invoices/%E0%A4%A',
        '/v1/invoices/' + 'x'.repeat(5000),
        '/v1/invoices/..%2F..%2Fetc%2Fpasswd',
        '/%',
        '/%00',
        '/v1/\u202e\ufffd',
        '//v1//invoices',
      ];
      for (const url of urls) {
        const res = await app.inject({ method: 'GET', url, headers: { ...SUPPLIER, accept: 'application/json' } });
        assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${url.slice(0, 60)}: ${res.statusCode} ${res.body.slice(0, 200)}`);
        errorOf(res);
      }
    });
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

  describe('server-sent events', () => {
    test('formatEvent writes id/event/data frames', () => {
      assert.equal(formatEvent({ id: '7', type: 'x.y', data: { a: 1n, s: 'a\nb' } }), 'id: 7\nevent: x.y\ndata: {"a":"1","s":"a\\nb"}\n\n');
      assert.throws(() => formatEvent({ id: 'a\nb', type: 't', data: null }), TypeError);
      assert.throws(() => formatEvent({ id: '1', type: 'a\rb', data: null }), TypeError);
    });

    test('streams frames and heartbeats, passes Last-Event-ID, unsubscribes on close', async () => {
      if (!app.server.listening) await app.listen({ host: '127.0.0.1', port: 0 });
      const { port } = app.server.address() as { port: number };
      const before = recorded.sseUnsubscribed;

      const { res, text } = await new Promise<{ res: IncomingMessage; text: string }>((resolve, reject) => {
        const req = httpRequest({
          host: '127.0.0.1',
          port,
          path: '/v1/events',
          headers: { ...SUPPLIER, accept: 'text/event-stream', 'last-event-id': '41' },
        });
        req.on('error', reject);
        req.on('response', (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            text += chunk;
            if (text.includes('event: invoice.paid') && text.includes(': heartbeat')) {
              resolve({ res, text });
              req.destroy();
            }
          });
        });
        req.end();
      });

      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-type'], 'text/event-stream; charset=utf-8');
      assert.equal(res.headers['cache-control'], 'no-cache, no-transform');
      assert.ok(res.headers['x-request-id']);
      assert.ok(text.startsWith('retry: 3000\n'));
      assert.ok(
        text.includes(
          `id: 42\nevent: invoice.created\ndata: {"id":"${OPEN_ID}","amount":"125000","note":"two\\nlines"}\n\nid: 43\nevent: invoice.paid\ndata: {"id":"${OPEN_ID}"}\n\n`,
        ),
        text,
      );
      assert.ok(text.includes(': heartbeat\n\n'));
      assert.equal(recorded.sseLastEventIds.at(-1), '41');

      const deadline = Date.now() + 2000;
      while (recorded.sseUnsubscribed === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      assert.equal(recorded.sseUnsubscribed, before + 1, 'unsubscribed after the client left');
      // Sending after close is a no-op.
      recorded.sseSenders.at(-1)?.({ id: '44', type: 'late', data: null });
    });

    test('stream requires auth and rejects a malformed Last-Event-ID before streaming', async () => {
      const anonymous = await app.inject({ method: 'GET', url: '/v1/events' });
      assert.equal(anonymous.statusCode, 401);
      const bad = await app.inject({ method: 'GET', url: '/v1/events', headers: { ...SUPPLIER, 'last-event-id': 'x'.repeat(300) } });
      assert.equal(bad.statusCode, 400);
      assert.equal(errorOf(bad).details.field, 'Last-Event-ID');
    });
  });
});

describe('shutdown', () => {
  test('close() ends open event streams instead of waiting for clients', async () => {
    const recorded = newRecorded();
    const app = await makeApp(recorded);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as { port: number };
    const ended = new Promise<void>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/v1/events', headers: SUPPLIER });
      req.on('error', reject);
      req.on('response', (res) => {
        res.resume();
        res.on('end', resolve);
      });
      req.end();
    });
    while (recorded.sseSenders.length === 0) await new Promise((r) => setTimeout(r, 5));
    const started = Date.now();
    await app.close();
    await ended;
    assert.ok(Date.now() - started < 2000);
    assert.equal(recorded.sseUnsubscribed, 1);
  });

  test('without staticDir, / is a JSON 404', async () => {
    const app = await makeApp(newRecorded());
    try {
      const res = await app.inject({ method: 'GET', url: '/', headers: { accept: 'text/html' } });
      assert.equal(res.statusCode, 404);
      assert.equal(errorOf(res).code, 'route_not_found');
    } finally {
      await app.close();
    }
  });
});
