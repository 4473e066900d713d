import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { createApiServer, Type, Uuid, type Principal, type TypeBoxTypeProvider } from './index.ts';
import { findUnstorableText } from './storableText.ts';

const principal: Principal = { memberAddress: `0x${'0'.repeat(40)}`, userId: 'u1', memberId: 'm1', memberRoles: ['supplier'], userRole: 'admin', isOperator: false };
const AUTH = { authorization: 'Bearer key-ok' };
const ID = '00000000-0000-4000-8000-000000000001';

const Body = Type.Object(
  {
    name: Type.String({ maxLength: 2000 }),
    lines: Type.Optional(Type.Array(Type.Object({ sku: Type.String() }, { additionalProperties: false }))),
    // A free-form object (as a metadata field would be): its property names reach the database too.
    tags: Type.Optional(Type.Record(Type.String(), Type.String())),
  },
  { additionalProperties: false },
);

describe('text PostgreSQL cannot store is a 400 naming the field', () => {
  let app: FastifyInstance;
  const stored: unknown[] = [];

  before(async () => {
    app = await createApiServer({
      authenticate: async (key) => (key === 'key-ok' ? principal : null),
      checkReady: async () => ({ ready: true, checks: {} }),
      info: { title: 'test', version: '0' },
      routes: [
        (instance) => {
          const r = instance.withTypeProvider<TypeBoxTypeProvider>();
          r.post('/v1/things/:id', { schema: { params: Type.Object({ id: Uuid }), body: Body } }, async (request) => {
            stored.push(request.body);
            return { ok: true };
          });
          // No schema at all: the frame still guards it.
          r.post('/v1/loose/:anything', async (request) => {
            stored.push({ params: request.params, query: request.query, body: request.body });
            return { ok: true };
          });
        },
      ],
    });
  });
  after(() => app.close());

  const post = (url: string, body: unknown) =>
    app.inject({ method: 'POST', url, headers: { ...AUTH, 'content-type': 'application/json' }, payload: typeof body === 'string' ? body : JSON.stringify(body) });

  test('NUL in a body field, nested field, property name, query parameter or path parameter', async () => {
    const cases: Array<[string, string | unknown, string]> = [
      [`/v1/things/${ID}`, { name: 'Acme\u0000 Ltd' }, 'body.name'],
      [`/v1/things/${ID}`, { name: 'ok', lines: [{ sku: 'a' }, { sku: '\u0000' }] }, 'body.lines[1].sku'],
      [`/v1/things/${ID}`, { name: 'ok', tags: { 'colour\u0000': 'red' } }, 'body.tags["colour\\u0000"]'],
      [`/v1/things/${ID}`, '{"name":"escaped \\u0000 in JSON"}', 'body.name'],
      [`/v1/loose/x?note=a%00b`, {}, 'query.note'],
      [`/v1/loose/a%00b`, {}, 'params.anything'],
      [`/v1/loose/x`, ['fine', { deep: ['\u0000'] }], 'body[1].deep[0]'],
      [`/v1/loose/x`, '"\\u0000"', 'body'],
    ];
    for (const [url, body, field] of cases) {
      const res = await post(url, body);
      assert.equal(res.statusCode, 400, `${url} ${JSON.stringify(body)}: ${res.body}`);
      const error = res.json().error;
      assert.equal(error.code, 'validation_failed');
      assert.equal(error.details.field, field, res.body);
      assert.match(error.message, /NUL character \(U\+0000/);
      assert.deepEqual(error.details.problems.map((p: { field: string }) => p.field), [field]);
    }
    assert.deepEqual(stored, []);
  });

  test('an unpaired surrogate is refused; pairs, other control characters and non-Latin text pass', async () => {
    const lone = await post(`/v1/things/${ID}`, '{"name":"x\\ud800y"}');
    assert.equal(lone.statusCode, 400, lone.body);
    assert.equal(lone.json().error.details.field, 'body.name');
    assert.match(lone.json().error.message, /unpaired surrogate \(U\+D800\) is at index 1/);
    const trailing = await post(`/v1/things/${ID}`, '{"name":"x\\udfff"}');
    assert.equal(trailing.statusCode, 400, trailing.body);

    const fine = await post(`/v1/things/${ID}`, { name: 'Ünïcødé 供应链 🚚 \u0001\u001f\u007f\u2028 tab\t' });
    assert.equal(fine.statusCode, 200, fine.body);
    assert.equal(stored.length, 1);
  });

  test('a NUL deep inside a body nested 20 000 levels is found without recursion and named briefly', async () => {
    const deep = '['.repeat(20_000) + '"\\u0000"' + ']'.repeat(20_000);
    const res = await post('/v1/loose/x', deep);
    assert.equal(res.statusCode, 400, res.body.slice(0, 300));
    const field: string = res.json().error.details.field;
    assert.ok(field.startsWith('body[0][0][0]') && field.endsWith('…') && field.length < 200, field);
  });

  test('findUnstorableText reports the first offending value in document order', () => {
    assert.equal(findUnstorableText({ a: 'ok', b: ['x', '\u0000'], c: '\u0000' }, 'body')?.field, 'body.b[1]');
    assert.equal(findUnstorableText({ a: 1, b: null, c: true, d: 'é' }, 'body'), null);
    assert.equal(findUnstorableText(undefined, 'querystring'), null);
  });
});
