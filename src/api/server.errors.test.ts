/**
 * The API frame (createApiServer): errors mapped to their status and envelope, and malformed input of every kind
 * answered with a 4xx. The example routes and keys are in server.fixture.ts.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { BUYER_ADDR, consoleSite, errorOf, makeApp, newRecorded, OPEN_ID, PAID_ID, SUPPLIER, type ConsoleSite } from './server.fixture.ts';

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
      assert.doesNotMatch(res.body, /hunter2|at |server\.fixture|server\.errors\.test/);
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
});
