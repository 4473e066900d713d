/**
 * API fuzz: malformed requests generated from /openapi.json against a real platform (embedded anvil, PGlite in
 * the data directory as `tierchain start` runs it, the HTTP API), with the real API keys of members of different
 * roles so that requests get past authentication to validation and beyond. Each operation is first sent a valid
 * request with every key; the keys it does not refuse (401/403) are the ones its malformed requests carry, so that
 * they reach the service code and the database (it is how the 500s from NUL in stored names were found).
 *
 * For every documented operation it sends, from one seeded generator (TIERCHAIN_FUZZ_SEED to replay another):
 * each body property as a wrong type, a huge / negative / fractional / non-finite number, text with NUL and other
 * control characters, unpaired surrogates and 1 MB strings; bodies that are not JSON, the wrong JSON, the wrong
 * content type, too large; bad path and query parameters (NUL, bad percent-encoding, 5 000 characters, repeated,
 * unknown); bad Idempotency-Key headers; bad and insufficient credentials; wrong methods.
 *
 * It asserts that no answer is a 5xx, that every 400 names its field (`error.details.field`), and that the
 * platform is healthy afterwards (/health, /ready, a valid request). It prints requests per operation and the
 * status histogram.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { onboard, startTestPlatform, type TestPlatform } from './support/platform.ts';
import { prng } from './support/prng.ts';

// ---------------------------------------------------------------------------
// Seeded generation

const SEED = Number(process.env.TIERCHAIN_FUZZ_SEED ?? 20_240_901);

interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  default?: unknown;
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema: Schema;
}

interface Operation {
  method: string;
  path: string;
  parameters: Parameter[];
  body: Schema | undefined;
  auth: boolean;
}

/** One generated request. `body` is sent as is (a string); `rawJson` bodies are already serialised. */
interface FuzzRequest {
  op: string;
  what: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

const MB_STRING = 'x'.repeat(1_000_000);
const FUTURE_DATE = new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);
const FUTURE_INSTANT = new Date(Date.now() + 30 * 86_400_000).toISOString();

/** Values that are wrong for a field whatever its type; raw JSON literals are written into the body as they are. */
const WRONG_VALUES: Array<[string, unknown] | [string, { raw: string }]> = [
  ['the number 42', 42],
  ['a negative number', -1],
  ['a fraction', 1.5],
  ['negative zero', { raw: '-0' }],
  ['1e308', 1e308],
  ['1e400 (Infinity)', { raw: '1e400' }],
  ['2^64', { raw: '18446744073709551616' }],
  ['a 60-digit number', { raw: '1'.repeat(60) }],
  ['true', true],
  ['null', null],
  ['an empty array', []],
  ['an array of strings', ['x', 'y']],
  ['an empty object', {}],
  ['an object', { a: 1 }],
];

/** Text that is wrong, hostile or unstorable; each replaces one string field. */
const WRONG_TEXT: Array<[string, string]> = [
  ['an empty string', ''],
  ['blanks', '   '],
  ['NUL inside', 'Acme\u0000 Ltd'],
  ['NUL alone', '\u0000'],
  ['C0 controls', '\u0001\u0002\u0007\b\u001b[31m'],
  ['DEL and C1 controls', '\u007f\u0085\u009f'],
  ['bidi override and line separators', '\u202eevil\u2028\u2029'],
  ['an unpaired high surrogate', 'x\ud800y'],
  ['an unpaired low surrogate', '\udc00'],
  ['1 MB of text', MB_STRING],
  ['"-1"', '-1'],
  ['"1.5"', '1.5'],
  ['"-0"', '-0'],
  ['"1e3"', '1e3'],
  ['"0x10"', '0x10'],
  ['100 nines', '9'.repeat(100)],
  ['SQL', "'; DROP TABLE members; --"],
  ['a path', '../../etc/passwd'],
  ['emoji', '🚚📦'.repeat(20)],
  ['"NaN"', 'NaN'],
];

/** Path parameter values, already percent-encoded as they go into the URL. */
const WRONG_PATH: Array<[string, string]> = [
  ['%00', '%00'],
  ['NUL inside', 'a%00b'],
  ['a C0 control', '%01%1B'],
  ['-1', '-1'],
  ['1.5', '1.5'],
  ['0', '0'],
  ['5 000 characters', 'a'.repeat(5000)],
  ['bad percent-encoding', '%E0%A4%A'],
  ['an encoded surrogate (invalid UTF-8)', '%ED%A0%80'],
  ['encoded slashes', '..%2F..%2Fetc%2Fpasswd'],
  ['encoded dots', '%2e%2e'],
  ['a space', 'a%20b'],
  ['emoji', '%F0%9F%9A%9A'],
  ['a lone %', '%'],
];

/** Query values, already percent-encoded. */
const WRONG_QUERY: Array<[string, string]> = [
  ['%00', '%00'],
  ['NUL inside', 'a%00b'],
  ['a C0 control', '%01'],
  ['-1', '-1'],
  ['1.5', '1.5'],
  ['0', '0'],
  ['1e3', '1e3'],
  ['empty', ''],
  ['5 000 characters', '9'.repeat(5000)],
  ['bad percent-encoding', '%E0%A4%A'],
  ['an encoded surrogate (invalid UTF-8)', '%ED%A0%80'],
  ['emoji', '%F0%9F%9A%9A'],
  ['true', 'true'],
];

const KNOWN_PATTERNS: Record<string, string> = {
  '^[A-Za-z0-9._:-]{1,200}$': 'fuzz-key',
  '\\S': 'Fuzz value',
  '^0x[0-9a-fA-F]{64}$': `0x${'ab'.repeat(32)}`,
  '^0x(?!0{64})[0-9a-fA-F]{64}$': `0x${'de'.repeat(32)}`,
  '^(?:[1-9][0-9]?|[1-4][0-9]{2}|500)$': '10',
  '^[1-9][0-9]{0,76}$': '1000',
  '^[\\x21-\\x7e]+( [\\x21-\\x7e]+)*$': 'REF-1',
  '^[0-9]{1,5}$': '0',
  '^[1-9][0-9]{0,38}$': '1000',
  '^[0-9]{4}-[0-9]{2}-[0-9]{2}$': FUTURE_DATE,
  '^(0|[1-9][0-9]{0,38})$': '0',
  '^(0|[1-9][0-9]{0,76})$': '0',
  '^0x[0-9a-fA-F]{40}$': `0x${'cd'.repeat(20)}`,
  '^[\\x20-\\x7e]*$': 'LOT-1',
  '^[0-9]{1,78}$': '1',
  '^[0-9]{1,9}$': '1',
  '^[0-9]{1,3}$': '1',
  '^[0-9]+$': '1',
  '^[A-Za-z0-9 ]+$': 'DE89370400440532013000',
  '^[A-Z]{6}[A-Z2-9][A-NP-Z0-9]([A-Z0-9]{3})?$': 'DEUTDEFF',
  '^[A-Za-z0-9+/]+={0,2}$': 'ZnV6eg==',
  '^[0-9a-fA-F]{64}$': 'ab'.repeat(32),
  '^(0|[1-9][0-9]{0,19})$': '1',
  '^0x[0-9a-fA-F]{130}$': `0x${'ef'.repeat(65)}`,
  '^[1-9][0-9]{0,18}$': '1',
  '^[0-9]{1,20}$': '1',
  '^[1-9][0-9]{0,2}$': '10',
  '^[1-9][0-9]{0,3}$': '10',
  '^[1-9][0-9]{0,7}$': '60',
  '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$': '00000000-0000-4000-8000-000000000000',
  '^[1-9][0-9]{0,37}$': '1000',
  '^[0-9]{1,38}$': '0',
  '^(0|[1-9][0-9]{0,37})$': '0',
};

interface Ids {
  /** The member path and body ids name: one onboarded only to be acted on, so the members whose keys are used keep their standing. */
  memberId: string;
  userId: string;
  uuid: () => string;
  bytes32: () => string;
  /** A counter, so that names, references and registration numbers differ and requests do not stop at "already exists". */
  serial: () => number;
}

/** A value the schema accepts (the base every mutation changes one thing of). */
function sample(schema: Schema, name: string, ids: Ids): unknown {
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  const union = schema.anyOf ?? schema.oneOf;
  if (union) return sample(union[0]!, name, ids);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(schema.properties ?? {})) out[key] = sample(child, key, ids);
      return out;
    }
    case 'array':
      return Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () => sample(schema.items ?? {}, name, ids));
    case 'integer':
    case 'number':
      return schema.minimum !== undefined ? Math.max(schema.minimum, Math.min(1, schema.maximum ?? 1)) : 1;
    case 'boolean':
      return false;
    case 'string': {
      if (schema.format === 'date-time') return FUTURE_INSTANT;
      if (schema.pattern?.startsWith('^[0-9a-fA-F]{8}-')) return /member|^id$/i.test(name) ? ids.memberId : /user/i.test(name) ? ids.userId : ids.uuid();
      if (schema.pattern === '\\S') return `Fuzz ${name} ${ids.serial()}`;
      if (schema.pattern === '^[\\x21-\\x7e]+( [\\x21-\\x7e]+)*$') return `REF-${ids.serial()}`;
      if (schema.pattern === '^0x[0-9a-fA-F]{64}$') return ids.bytes32();
      if (schema.pattern !== undefined) {
        const known = KNOWN_PATTERNS[schema.pattern];
        if (known === undefined) throw new Error(`fuzz: no sample for pattern ${schema.pattern} (${name}); add one to KNOWN_PATTERNS`);
        return known;
      }
      return 'fuzz'.padEnd(Math.max(schema.minLength ?? 1, 4), 'z');
    }
    default:
      return 'fuzz';
  }
}

/** JSON with some values replaced by raw literals (numbers JSON.stringify cannot write). */
function toJson(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && 'raw' in v && Object.keys(v).length === 1) {
      raws.push((v as { raw: string }).raw);
      return `__FUZZ_RAW_${raws.length - 1}__`;
    }
    return v;
  });
  return text.replace(/"__FUZZ_RAW_(\d+)__"/g, (_, i: string) => raws[Number(i)]!);
}

/** The operations of the OpenAPI document (request bodies are inline schemas; there is no $ref to resolve). */
function operationsOf(doc: { paths: Record<string, Record<string, any>>; security?: unknown[] }): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const body = op.requestBody?.content?.['application/json']?.schema as Schema | undefined;
      const security = (op.security ?? doc.security ?? []) as unknown[];
      ops.push({ method: method.toUpperCase(), path, parameters: (op.parameters ?? []) as Parameter[], body, auth: security.length > 0 });
    }
  }
  return ops;
}

interface Keys {
  /** Valid keys of members of different roles, and a read-only viewer. */
  valid: string[];
  /** The valid keys whose request the operation did not refuse with 401/403 (probed with a valid request). */
  allowed: (op: Operation) => string[];
}

function baseParamsOf(op: Operation, ids: Ids): Record<string, string> {
  return Object.fromEntries(op.parameters.filter((p) => p.in === 'path').map((p) => [p.name, String(sample(p.schema, p.name, ids))]));
}

/** A request the schema accepts, sent with `key`: whether the operation lets that key through tells which keys to fuzz it with. */
function validRequest(op: Operation, ids: Ids, key: string, idempotencyKey: string): FuzzRequest {
  const headers: Record<string, string> = { authorization: `Bearer ${key}` };
  if (op.parameters.some((p) => p.in === 'header' && p.name.toLowerCase() === 'idempotency-key')) headers['idempotency-key'] = idempotencyKey;
  const body = op.body ? toJson(sample(op.body, 'body', ids)) : undefined;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const url = op.path.replace(/\{(\w+)\}/g, (_, p: string) => baseParamsOf(op, ids)[p] ?? 'x');
  return { op: `${op.method} ${op.path}`, what: 'a valid request (probe)', method: op.method, url, headers, ...(body === undefined ? {} : { body }) };
}

/** Every malformed request for one operation; each changes one thing of a request the schema would accept. */
function generate(op: Operation, ids: Ids, keys: Keys, random: () => number): FuzzRequest[] {
  const name = `${op.method} ${op.path}`;
  let serial = 0;
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]!;
  const pathParams = op.parameters.filter((p) => p.in === 'path');
  const queryParams = op.parameters.filter((p) => p.in === 'query');
  const idempotent = op.parameters.some((p) => p.in === 'header' && p.name.toLowerCase() === 'idempotency-key');
  const baseParams = baseParamsOf(op, ids);
  const freshBody = () => (op.body ? sample(op.body, 'body', ids) : undefined);
  const allowed = keys.allowed(op);

  const urlWith = (params: Record<string, string>, query = '') =>
    op.path.replace(/\{(\w+)\}/g, (_, p: string) => params[p] ?? 'x') + (query ? `?${query}` : '');
  const headersWith = (over: Record<string, string | undefined> = {}) => {
    const headers: Record<string, string> = { authorization: `Bearer ${pick(allowed)}` };
    if (idempotent) headers['idempotency-key'] = `fuzz-${SEED}-${op.method}-${serial++}-${Math.floor(random() * 1e9)}`;
    if (op.body !== undefined) headers['content-type'] = 'application/json';
    for (const [k, v] of Object.entries(over)) {
      if (v === undefined) delete headers[k];
      else headers[k] = v;
    }
    return headers;
  };
  const requests: FuzzRequest[] = [];
  const add = (what: string, p: { url?: string; headers?: Record<string, string>; body?: string | Uint8Array; method?: string }) => {
    const body = p.body ?? (op.body !== undefined ? toJson(freshBody()) : undefined);
    requests.push({ op: name, what, method: p.method ?? op.method, url: p.url ?? urlWith(baseParams), headers: p.headers ?? headersWith(), ...(body === undefined ? {} : { body }) });
  };

  // Credentials: missing (where required), unknown, malformed, oversized, another scheme.
  const badKeys: Array<[string, Record<string, string | undefined>]> = [
    ['an unknown key', { authorization: `Bearer tck_${Math.floor(random() * 1e12).toString(36)}${'A'.repeat(24)}` }],
    ['a key without the tck_ prefix', { authorization: `Bearer ${Math.floor(random() * 1e12).toString(36)}` }],
    ['a 2 KB key', { authorization: `Bearer tck_${'k'.repeat(2048)}` }],
    ['Bearer with two tokens', { authorization: 'Bearer tck_a tck_b' }],
    ['Basic credentials', { authorization: 'Basic dXNlcjpwYXNz' }],
    ['an empty Bearer', { authorization: 'Bearer ' }],
    ['X-Api-Key unknown', { authorization: undefined, 'x-api-key': `tck_${'z'.repeat(32)}` }],
    ['X-Api-Key with a control-free but odd value', { authorization: undefined, 'x-api-key': '"\'<>{}' }],
  ];
  if (op.auth) badKeys.push(['no key', { authorization: undefined }]);
  for (const [what, over] of badKeys) add(`auth: ${what}`, { headers: headersWith(over) });

  // Odd headers every route sees.
  const headerNoise: Array<[string, Record<string, string>]> = [
    ['X-Request-Id with forbidden characters', { 'x-request-id': 'a b;c<d>' }],
    ['a 1 000-character X-Request-Id', { 'x-request-id': 'r'.repeat(1000) }],
    ['Accept: application/xml', { accept: 'application/xml' }],
    ['a garbage Range', { range: 'bytes=abc-' }],
    ['a garbage If-None-Match', { 'if-none-match': '"' + 'x'.repeat(500) }],
    ['an unknown Accept-Encoding', { 'accept-encoding': 'zstd;q=2, x-unknown' }],
  ];
  for (const [what, over] of headerNoise) add(`headers: ${what}`, { headers: headersWith(over) });

  // Wrong methods on the same path.
  for (const method of ['PUT', 'PATCH', 'DELETE'].filter((m) => m !== op.method)) add(`method ${method}`, { method, body: undefined });

  // Query parameters: each declared one with wrong values, repeated; unknown and hostile names.
  for (const p of queryParams) {
    for (const [what, value] of WRONG_QUERY) add(`query.${p.name} = ${what}`, { url: urlWith(baseParams, `${p.name}=${value}`) });
    add(`query.${p.name} repeated`, { url: urlWith(baseParams, `${p.name}=1&${p.name}=2`) });
    add(`query.${p.name}[] bracket syntax`, { url: urlWith(baseParams, `${p.name}[]=1&${p.name}[a]=2`) });
  }
  const queryNoise: Array<[string, string]> = [
    ['an unknown parameter', 'colour=red'],
    ['a NUL in a parameter name', 'a%00b=1'],
    ['__proto__', '__proto__=x&constructor=y'],
    ['500 parameters', Array.from({ length: 500 }, (_, i) => `p${i}=${i}`).join('&')],
    ['bad percent-encoding', `x=${'%E0%A4%A'}`],
    ['a bare key', 'justakey'],
  ];
  for (const [what, query] of queryNoise) add(`query: ${what}`, { url: urlWith(baseParams, query) });

  // Path parameters.
  for (const p of pathParams) {
    for (const [what, value] of WRONG_PATH) add(`params.${p.name} = ${what}`, { url: urlWith({ ...baseParams, [p.name]: value }) });
  }

  // Idempotency-Key.
  if (idempotent) {
    const badIdempotency: Array<[string, string | undefined]> = [
      ['missing', undefined],
      ['empty', ''],
      ['with a space', 'has space'],
      ['300 characters', 'k'.repeat(300)],
      ['Latin-1', 'caf\u00e9'],
      ['punctuation', '{"a":1}'],
    ];
    for (const [what, value] of badIdempotency) add(`Idempotency-Key ${what}`, { headers: headersWith({ 'idempotency-key': value }) });
  }
  if (op.path === '/v1/events') {
    for (const [what, value] of [['2 000 characters', 'x'.repeat(2000)], ['-1', '-1'], ['text', 'abc']] as const) {
      add(`Last-Event-ID ${what}`, { headers: headersWith({ 'last-event-id': value }) });
    }
  }

  if (op.method === 'GET') return requests;

  // Whole bodies: not JSON, the wrong JSON, the wrong content type, too large, too deep.
  const bodies: Array<[string, string | Uint8Array, string | undefined]> = [
    ['invalid JSON', '{"a":', 'application/json'],
    ['a trailing comma', '{"a":1,}', 'application/json'],
    ['single quotes', "{'a':1}", 'application/json'],
    ['NaN', '{"a":NaN}', 'application/json'],
    ['a byte-order mark', '\ufeff{}', 'application/json'],
    ['an empty body', '', 'application/json'],
    ['JSON null', 'null', 'application/json'],
    ['a JSON array', '[1,2,3]', 'application/json'],
    ['a JSON string', '"hello"', 'application/json'],
    ['a JSON string with NUL', '"\\u0000"', 'application/json'],
    ['a JSON number', '42', 'application/json'],
    ['duplicate keys', '{"a":1,"a":2}', 'application/json'],
    ['__proto__', '{"__proto__":{"isOperator":true},"constructor":{"prototype":{"x":1}}}', 'application/json'],
    ['20 000 levels of nesting', '['.repeat(20_000) + ']'.repeat(20_000), 'application/json'],
    ['a 1.5 MB body', toJson({ x: 'y'.repeat(1_500_000) }), 'application/json'],
    ['text/plain', 'hello', 'text/plain'],
    ['a form', 'a=1&b=2', 'application/x-www-form-urlencoded'],
    ['multipart', '--b\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--b--\r\n', 'multipart/form-data; boundary=b'],
    ['XML', '<a>1</a>', 'application/xml'],
    ['JSON in UTF-16', '{}', 'application/json; charset=utf-16'],
    ['a JSON body without Content-Type', new TextEncoder().encode(op.body ? toJson(freshBody()) : '{}'), undefined],
    ['invalid UTF-8', new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]), 'application/json'],
  ];
  for (const [what, body, type] of bodies) add(`body: ${what}`, { body, headers: headersWith({ 'content-type': type }) });

  if (op.body?.type !== 'object') return requests;
  const properties = Object.entries(op.body.properties ?? {});
  const base = () => freshBody() as Record<string, unknown>;
  const withValue = (key: string, value: unknown) => toJson({ ...base(), [key]: value });

  // Missing required properties, an unknown property, a property name with NUL.
  for (const required of op.body.required ?? []) {
    const { [required]: _dropped, ...rest } = base();
    add(`body.${required} missing`, { body: toJson(rest) });
  }
  add('body: an unknown property', { body: withValue('colour', 'red') });
  add('body: a property name with NUL', { body: withValue('a\u0000b', 1) });

  // Each property: wrong types and numbers; if it is text, wrong text; if it is an array, wrong items.
  for (const [key, schema] of properties) {
    for (const [what, value] of WRONG_VALUES) add(`body.${key} = ${what}`, { body: withValue(key, value) });
    const isText = schema.type === 'string' || (schema.anyOf ?? schema.oneOf ?? []).some((s) => s.type === 'string');
    if (isText) for (const [what, value] of WRONG_TEXT) add(`body.${key} = ${what}`, { body: withValue(key, value) });
    if (schema.type === 'array') {
      for (const [what, value] of [...WRONG_VALUES.slice(0, 4), ...WRONG_TEXT.slice(2, 10)]) add(`body.${key}[0] = ${what}`, { body: withValue(key, [value]) });
      const item = (base()[key] as unknown[])[0];
      add(`body.${key} with 10 000 items`, { body: withValue(key, Array.from({ length: 10_000 }, () => item)) });
    }
  }
  return requests;
}

// ---------------------------------------------------------------------------
// Sending

interface Outcome {
  request: FuzzRequest;
  status: number;
  body: string;
}

async function send(baseUrl: string, r: FuzzRequest): Promise<Outcome> {
  const controller = new AbortController();
  try {
    const res = await fetch(baseUrl + r.url, { method: r.method, headers: r.headers, body: r.body as BodyInit | undefined, signal: controller.signal, redirect: 'manual' });
    if ((res.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
      controller.abort();
      return { request: r, status: res.status, body: '' };
    }
    return { request: r, status: res.status, body: await res.text() };
  } catch (error) {
    return { request: r, status: 0, body: `no response: ${(error as Error).message} ${String((error as Error).cause ?? '')}` };
  }
}

async function sendAll(baseUrl: string, requests: FuzzRequest[], concurrency: number): Promise<Outcome[]> {
  const outcomes: Outcome[] = new Array(requests.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests.length) {
        const i = next++;
        outcomes[i] = await send(baseUrl, requests[i]!);
      }
    }),
  );
  return outcomes;
}

// ---------------------------------------------------------------------------

describe('API fuzz: malformed requests generated from /openapi.json', () => {
  let t: TestPlatform;
  let ids: Ids;
  let keys: Keys;
  /** Sends each operation a valid request with every key, and remembers which keys it lets through. */
  let probe: (operations: Operation[]) => Promise<Outcome[]>;

  before(async () => {
    t = await startTestPlatform();
    const [core, supplier, funder, regulator, target] = await Promise.all([
      onboard(t, { name: 'Fuzz Core Motors', roles: ['core_enterprise'] }),
      onboard(t, { name: 'Fuzz Supplier', roles: ['supplier'] }),
      onboard(t, { name: 'Fuzz Funder', roles: ['funder'] }),
      onboard(t, { name: 'Fuzz Regulator', roles: ['regulator'] }),
      onboard(t, { name: 'Fuzz Target', roles: ['supplier', 'distributor'] }),
    ]);
    const viewer = await t.api('POST', `/v1/members/${supplier.id}/users`, { key: supplier.apiKey, body: { name: 'Fuzz Viewer', role: 'viewer' }, idempotencyKey: 'fuzz-viewer' });
    assert.equal(viewer.status, 201, JSON.stringify(viewer.body));
    const valid = [t.operator.apiKey!, core.apiKey, supplier.apiKey, funder.apiKey, regulator.apiKey, viewer.body.apiKey as string];
    // Each key is used once, as its owner would, before the fuzz starts.
    for (const key of valid) assert.equal((await t.api('GET', '/v1/me', { key })).status, 200);
    const allowedKeys = new Map<string, string[]>();
    keys = { valid, allowed: (op) => allowedKeys.get(`${op.method} ${op.path}`) ?? valid };
    const random = prng(SEED ^ 0x5eed);
    const hex = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');
    let serial = 0;
    ids = {
      memberId: target.id,
      userId: viewer.body.userId,
      uuid: () => [8, 4, 4, 4, 12].map(hex).join('-'),
      bytes32: () => `0x${hex(64)}`,
      serial: () => ++serial,
    };
    probe = async (operations) => {
      const probes = operations.flatMap((op) => valid.map((key, i) => ({ op, key, request: validRequest(op, ids, key, `fuzz-probe-${SEED}-${i}-${ids.serial()}`) })));
      const outcomes = await sendAll(t.url!, probes.map((p) => p.request), 8);
      outcomes.forEach((outcome, i) => {
        const { op, key } = probes[i]!;
        if (outcome.status === 401 || outcome.status === 403) return;
        const name = `${op.method} ${op.path}`;
        allowedKeys.set(name, [...(allowedKeys.get(name) ?? []), key]);
      });
      return outcomes;
    };
  });

  after(async () => {
    await t?.close();
  });

  test('no malformed request gets a 5xx, every 400 names its field, and the platform stays healthy', async () => {
    const doc = (await t.api('GET', '/openapi.json', { key: '' })).body;
    const operations = operationsOf(doc);
    assert.ok(operations.length >= 60, `only ${operations.length} operations documented`);
    const random = prng(SEED);

    const started = performance.now();
    const probes = await probe(operations);
    const requests = operations.flatMap((op) => generate(op, ids, keys, random));
    const outcomes = [...probes, ...(await sendAll(t.url!, requests, 8))];
    const seconds = (performance.now() - started) / 1000;

    const perOperation = new Map<string, number>();
    const histogram = new Map<number, number>();
    const serverErrors: string[] = [];
    const unnamed400: string[] = [];
    for (const { request, status, body } of outcomes) {
      perOperation.set(request.op, (perOperation.get(request.op) ?? 0) + 1);
      histogram.set(status, (histogram.get(status) ?? 0) + 1);
      const where = `${request.op} [${request.what}] ${request.method} ${request.url.slice(0, 120)}`;
      if (status >= 500 || status === 0) serverErrors.push(`${where}: ${status} ${body.slice(0, 300)}`);
      if (status === 400) {
        let field: unknown;
        try {
          field = JSON.parse(body).error?.details?.field;
        } catch {
          field = undefined;
        }
        if (typeof field !== 'string' || field === '') unnamed400.push(`${where}: ${body.slice(0, 300)}`);
      }
    }

    console.log(`\nAPI fuzz, seed ${SEED}: ${outcomes.length} requests (${probes.length} valid probes, one per operation and key) over ${operations.length} operations in ${seconds.toFixed(1)} s`);
    console.log('status histogram:');
    for (const [status, n] of [...histogram].sort((a, b) => a[0] - b[0])) console.log(`  ${String(status).padStart(3)}  ${String(n).padStart(6)}`);
    console.log('requests per operation:');
    for (const [op, n] of [...perOperation].sort((a, b) => a[0].localeCompare(b[0]))) console.log(`  ${String(n).padStart(5)}  ${op}`);

    assert.equal(serverErrors.length, 0, `${serverErrors.length} answers ≥ 500 (or no answer), the first 30:\n${serverErrors.slice(0, 30).join('\n')}`);
    assert.equal(unnamed400.length, 0, `${unnamed400.length} 400s without error.details.field, the first 30:\n${unnamed400.slice(0, 30).join('\n')}`);
    for (const op of operations) assert.ok((perOperation.get(`${op.method} ${op.path}`) ?? 0) >= 20, `${op.method} ${op.path} got too few requests`);
    assert.ok(outcomes.length >= 5000, `only ${outcomes.length} requests`);

    // Healthy afterwards: probes, a read, and a command that goes all the way to the chain.
    assert.equal((await t.api('GET', '/health', { key: '' })).status, 200);
    const ready = await t.api('GET', '/ready', { key: '' });
    assert.equal(ready.status, 200, JSON.stringify(ready.body));
    assert.equal((await t.api('GET', '/v1/me')).status, 200);
    const member = await onboard(t, { name: 'After The Fuzz', roles: ['supplier'] });
    assert.equal((await t.api('GET', `/v1/members/${member.id}`)).body.status, 'certified');
  });
});
