import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { ValidationError } from '../common/errors.ts';
import { createApiServer, type Principal } from './index.ts';
import { scrubText, serializeError } from './logging.ts';

const CALLER_KEY = 'tck_CallerKey0123456789abcdefghijklmnop';
const OTHER_KEY = 'tck_XApiKey0123456789abcdefghijklmnopqr';
const CREATED_KEY = 'tck_CreatedKey0123456789abcdefghijklmno';
const principal: Principal = { memberAddress: `0x${'0'.repeat(40)}`, userId: 'u1', memberId: 'm1', memberRoles: [], userRole: 'admin', isOperator: true };

interface LogLine {
  level: number;
  msg: string;
  requestId?: string;
  route?: string;
  method?: string;
  status?: number;
  code?: string;
  field?: string;
  err?: { type: string; message: string; stack?: string; cause?: unknown; response?: unknown };
}

describe('the API log', () => {
  let app: FastifyInstance;
  let text = '';
  const lines = (): LogLine[] => text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as LogLine);

  before(async () => {
    app = await createApiServer({
      logger: { level: 'info', stream: { write: (chunk: string) => (text += chunk) } },
      authenticate: async (key) => (key === CALLER_KEY || key === OTHER_KEY ? principal : null),
      checkReady: async () => ({ ready: true, checks: {} }),
      info: { title: 'test', version: '0' },
      routes: [
        (instance) => {
          instance.post('/v1/members/:id/keys', async () => {
            const response = { userId: 'u9', apiKey: CREATED_KEY };
            // A fault after the key was made: the error carries the response that was being sent.
            throw Object.assign(new Error(`could not record ${CREATED_KEY} for the caller (Bearer ${CALLER_KEY})`), {
              response,
              cause: Object.assign(new Error('insert failed'), { detail: `key ${CREATED_KEY}`, password: 'hunter2' }),
            });
          });
          instance.post('/v1/checked', async () => {
            throw new ValidationError('body.name', 'is required');
          });
        },
      ],
    });
  });
  after(() => app.close());

  test('a 5xx is logged at error level with its requestId, route and error, and no secret', async () => {
    text = '';
    const res = await app.inject({
      method: 'POST',
      url: '/v1/members/m1/keys',
      headers: { authorization: `Bearer ${CALLER_KEY}`, 'x-api-key': OTHER_KEY, 'x-request-id': 'req-boom-1', cookie: 'session=abc' },
    });
    assert.equal(res.statusCode, 500);
    const requestId = res.json().error.details.requestId;
    assert.equal(requestId, 'req-boom-1');

    const failed = lines().filter((l) => l.level === 50);
    assert.equal(failed.length, 1, text);
    const line = failed[0]!;
    assert.equal(line.msg, 'request failed');
    assert.equal(line.requestId, requestId);
    assert.equal(line.route, '/v1/members/:id/keys');
    assert.equal(line.method, 'POST');
    assert.equal(line.status, 500);
    assert.equal(line.err?.type, 'Error');
    assert.match(line.err!.message, /^could not record tck_\[REDACTED\] for the caller \(Bearer \[REDACTED\]\)$/);
    assert.match(line.err!.stack!, /could not record tck_\[REDACTED\]/);
    assert.deepEqual(line.err!.response, { userId: 'u9', apiKey: '[REDACTED]' });
    assert.deepEqual((line.err!.cause as Record<string, unknown>).password, '[REDACTED]');
    assert.equal((line.err!.cause as Record<string, unknown>).detail, 'key tck_[REDACTED]');

    for (const secret of [CALLER_KEY, OTHER_KEY, CREATED_KEY, 'hunter2', 'session=abc']) assert.ok(!text.includes(secret), `${secret} in the log:\n${text}`);
  });

  test('a 4xx is logged at info level with its code and field', async () => {
    text = '';
    const res = await app.inject({ method: 'POST', url: '/v1/checked', headers: { authorization: `Bearer ${CALLER_KEY}` } });
    assert.equal(res.statusCode, 400);
    const [line, ...rest] = lines();
    assert.equal(rest.length, 0, text);
    assert.equal(line!.level, 30);
    assert.equal(line!.msg, 'request rejected');
    assert.equal(line!.code, 'validation_failed');
    assert.equal(line!.field, 'body.name');
    assert.equal(line!.requestId, res.headers['x-request-id']);
    assert.ok(!text.includes(CALLER_KEY));

    text = '';
    await app.inject({ method: 'GET', url: '/v1/no-such-route' });
    assert.equal(lines()[0]!.level, 30);
    assert.equal(lines()[0]!.code, 'route_not_found');
  });

  test('an unknown key is not written to the log, not even when it fails repeatedly', async () => {
    text = '';
    const guess = 'tck_Guess0123456789abcdefghijklmnopqrstu';
    for (let i = 0; i < 25; i++) await app.inject({ method: 'POST', url: '/v1/checked', remoteAddress: '10.9.9.9', headers: { authorization: `Bearer ${guess}` } });
    assert.ok(text.includes('failed authentications reached the limit'), text);
    assert.ok(!text.includes(guess), text);
  });

  test('scrubText and serializeError', () => {
    assert.equal(scrubText(`a ${CALLER_KEY}, b Bearer xyz.abc; c`), 'a tck_[REDACTED], b Bearer [REDACTED]; c');
    const e = Object.assign(new Error('x'), { details: { apiKey: CALLER_KEY, nested: { privateKey: '0xabc', ok: 1n } } });
    assert.deepEqual((serializeError(e) as { details: unknown }).details, { apiKey: '[REDACTED]', nested: { privateKey: '[REDACTED]', ok: '1' } });
  });
});
