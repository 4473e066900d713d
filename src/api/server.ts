/**
 * The HTTP frame: Fastify with authentication, uniform errors, strict
 * validation, OpenAPI 3.1, health/readiness probes and the static console.
 * Route modules are plain functions `(app) => void | Promise<void>`; see README.md.
 */
import { randomUUID } from 'node:crypto';
import Fastify, {
  LogController,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type RouteOptions,
} from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { Type } from '@sinclair/typebox';
import { TooManyRequestsError, UnauthenticatedError } from '../common/errors.ts';
import { extractApiKey, type Principal } from './auth.ts';
import { API_KEY_PREFIX_LENGTH, createAuthFailureLimiter, type AuthFailureLimits } from './authLimiter.ts';
import { errorBody, mapError, type MappedError } from './error-mapping.ts';
import { apiLoggerOptions, type ApiLogParams } from './logging.ts';
import { ERROR_SCHEMA_ID, ErrorBody, ErrorRef, IdempotencyKey } from './schemas.ts';
import { closeEventStreams } from './sse.ts';
import { setSecurityHeaders } from './securityHeaders.ts';
import { StaticFiles } from './static.ts';
import { assertStorableText } from './storableText.ts';

export type RouteModule = (app: FastifyInstance) => void | Promise<void>;

export interface ReadyResult {
  ready: boolean;
  checks: Record<string, string>;
}

export interface ApiServerParams {
  /**
   * The structured log (see logging.ts): true or `{ level, stream }` for Fastify's pino logger, JSON lines on
   * stderr by default; false or absent for none.
   */
  logger?: boolean | ApiLogParams;
  /** Resolves an API key to its principal; null for an unknown or revoked key. */
  authenticate: (apiKey: string) => Promise<Principal | null>;
  /** Readiness of the dependencies (database, chain, ...); answered by GET /ready. */
  checkReady: () => Promise<ReadyResult>;
  routes: RouteModule[];
  info: { title: string; version: string; description?: string };
  /** Console assets, served at / when the directory exists. */
  staticDir?: string;
  /** Largest accepted request body in bytes (default 1 MiB). */
  bodyLimit?: number;
  /** GET /ready answers 503 when checkReady takes longer than this (default 5 000 ms). */
  readyTimeoutMs?: number;
  /** Failed authentications allowed per client address and per API-key prefix (default 20 a minute); see authLimiter.ts. */
  authFailureLimits?: AuthFailureLimits;
  /**
   * Whom to believe about the client's address (X-Forwarded-For), as Fastify's `trustProxy`: the reverse proxies'
   * addresses or CIDRs (`'127.0.0.1'`, `'loopback'`, `'10.0.0.0/8,::1'`), or true for any. Without it every client
   * behind a proxy has the proxy's address (default false).
   */
  trustProxy?: boolean | string;
}

export const DOCS_PREFIX = '/docs';
export const OPENAPI_PATH = '/openapi.json';

const HealthBody = Type.Object({ status: Type.Literal('ok') });
const ReadyBody = Type.Object({
  ready: Type.Boolean(),
  checks: Type.Record(Type.String(), Type.String()),
});

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export async function createApiServer(p: ApiServerParams): Promise<FastifyInstance> {
  const knownRoutes: KnownRoute[] = [];
  const app = Fastify({
    logger: p.logger ? apiLoggerOptions(p.logger === true ? {} : p.logger) : false,
    // Fastify's own per-request lines (incoming, completed) at info would drown the errors: the error handler
    // logs what went wrong, and onResponse below a one-line summary at debug.
    logController: new LogController({ requestIdLogLabel: 'requestId', disableRequestLogging: true }),
    bodyLimit: p.bodyLimit ?? 1024 * 1024,
    trustProxy: p.trustProxy ?? false,
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    ajv: {
      customOptions: {
        // Bodies are taken as sent: no coercion, no silent stripping. Query
        // parameters are therefore declared as strings (see assertStringsOnly).
        coerceTypes: false,
        removeAdditional: false,
        useDefaults: true,
        // Report every problem at once; inputs are bounded by bodyLimit.
        allErrors: true,
        verbose: true,
        keywords: ['example'],
      },
    },
    frameworkErrors: (error, request, reply) => {
      let mapped = mapError(error, request.id);
      if (mapped.body.error.code === 'bad_url') {
        const field = badUrlField(request.url, knownRoutes);
        mapped = { ...mapped, body: errorBody('bad_url', `${field}: is not valid percent-encoded UTF-8`, { field }) };
      }
      logOutcome(request, mapped, error);
      // These replies bypass the onSend hooks: the headers every response carries are set here.
      const r = (reply as FastifyReply).code(mapped.status).type('application/json; charset=utf-8').header('x-request-id', request.id);
      setSecurityHeaders(r, '', DOCS_PREFIX);
      void r.send(mapped.body);
    },
  });

  // JSON only: text/plain would otherwise be parsed into a string.
  app.removeContentTypeParser('text/plain');

  app.decorateRequest('principal', null);
  app.addSchema({ ...ErrorBody, $id: ERROR_SCHEMA_ID });

  // ---- route bookkeeping: auth defaults, OpenAPI security, idempotency header, 405 detection
  const apiPrefixes = new Set<string>();
  app.addHook('onRoute', (route) => {
    prepareRoute(route);
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    knownRoutes.push({ url: route.url, pattern: routePattern(route.url), methods: methods.map((m) => m.toUpperCase()) });
    const first = route.url.split('/')[1];
    if (first && !first.startsWith(':') && !first.includes('*')) apiPrefixes.add(first);
  });

  // ---- authentication, with failed attempts limited per client address and per key prefix
  const limiter = createAuthFailureLimiter(p.authFailureLimits);
  const refuseIfLimited = (request: FastifyRequest, key: string | undefined) => {
    const limited = limiter.check(request.ip, key);
    if (!limited) return;
    const what = limited.limited === 'address' ? 'from this client address' : `with API keys starting ${key!.slice(0, API_KEY_PREFIX_LENGTH)}`;
    throw new TooManyRequestsError(
      `too many failed authentications ${what}; retry in ${limited.retryAfterSeconds} s`,
      limited.retryAfterSeconds,
      { limited: limited.limited },
    );
  };
  const recordFailure = (request: FastifyRequest, key: string | undefined) => {
    if (limiter.failed(request.ip, key)) {
      request.log.warn({ address: request.ip, keyPrefix: key?.slice(0, API_KEY_PREFIX_LENGTH) }, 'failed authentications reached the limit; further attempts are refused with 429');
    }
  };
  app.addHook('onRequest', async (request) => {
    if (request.is404) return;
    const mode = request.routeOptions.config.auth ?? 'required';
    if (mode === 'none') return;
    let key: string | undefined;
    try {
      key = extractApiKey(request.headers);
    } catch (error) {
      refuseIfLimited(request, undefined);
      recordFailure(request, undefined);
      throw error;
    }
    if (key === undefined) {
      if (mode === 'optional') return;
      throw new UnauthenticatedError();
    }
    refuseIfLimited(request, key);
    const principal = await p.authenticate(key);
    if (!principal) {
      recordFailure(request, key);
      throw new UnauthenticatedError('the API key is not valid');
    }
    limiter.succeeded(key);
    request.principal = principal;
  });

  // ---- text PostgreSQL cannot store (NUL, unpaired surrogates): a 400 naming the field, on every route
  app.addHook('preValidation', async (request) => {
    if (request.is404) return;
    assertStorableText(request.params, 'params');
    assertStorableText(request.query, 'querystring');
    assertStorableText(request.body, 'body');
  });

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    setSecurityHeaders(reply, request.url.split('?')[0] ?? '/', DOCS_PREFIX);
  });

  app.addHook('onResponse', async (request, reply) => {
    request.log.debug(
      { method: request.method, route: request.routeOptions.url, url: request.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      'request completed',
    );
  });

  // ---- errors
  app.setErrorHandler((error: unknown, request, reply) => {
    const mapped = mapError(error, request.id);
    logOutcome(request, mapped, error);
    if (mapped.headers) void reply.headers(mapped.headers);
    // Clear headers a handler may have set for a success response.
    reply.removeHeader('content-length');
    void reply.code(mapped.status).type('application/json; charset=utf-8').send(mapped.body);
  });

  const staticFiles = p.staticDir ? await StaticFiles.open(p.staticDir) : null;

  app.setNotFoundHandler(async (request, reply) => {
    const path = (request.url.split('?')[0] ?? '/') || '/';
    const method = request.method.toUpperCase();

    const allowed = new Set<string>();
    for (const route of knownRoutes) {
      if (route.pattern.test(path)) for (const m of route.methods) allowed.add(m);
    }
    if (allowed.size > 0 && !allowed.has(method)) {
      if (allowed.has('GET')) allowed.add('HEAD');
      const allow = [...allowed].sort().join(', ');
      request.log.info({ method, url: truncate(path), status: 405, code: 'method_not_allowed' }, 'request rejected');
      return reply
        .code(405)
        .header('allow', allow)
        .send(errorBody('method_not_allowed', `${method} is not allowed on ${truncate(path)}; allowed: ${allow}`, { allow: [...allowed].sort() }));
    }

    if (staticFiles && (method === 'GET' || method === 'HEAD')) {
      const file = await staticFiles.resolve(path);
      if (file) return staticFiles.send(reply, file);
      if (isConsolePath(path, apiPrefixes) && acceptsHtml(request)) {
        const index = await staticFiles.indexFile();
        if (index) return staticFiles.send(reply, index);
      }
    }

    request.log.info({ method, url: truncate(path), status: 404, code: 'route_not_found' }, 'request rejected');
    return reply
      .code(404)
      .send(errorBody('route_not_found', `no route ${method} ${truncate(path)}`, { method, path: truncate(path) }));
  });

  // ---- OpenAPI
  await app.register(swagger, {
    // Shared schemas (app.addSchema) become components named by their $id.
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
    openapi: {
      openapi: '3.1.0',
      info: { title: p.info.title, version: p.info.version, ...(p.info.description ? { description: p.info.description } : {}) },
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', description: 'API key: `Authorization: Bearer <key>`' },
          apiKeyHeader: { type: 'apiKey', in: 'header', name: 'X-Api-Key', description: 'API key in the X-Api-Key header' },
        },
      },
      security: [{ bearerAuth: [] }, { apiKeyHeader: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: DOCS_PREFIX, uiConfig: { docExpansion: 'none' } });

  app.get(OPENAPI_PATH, { config: { auth: 'none' }, schema: { hide: true } }, async () => app.swagger());

  // ---- probes
  app.get(
    '/health',
    {
      config: { auth: 'none' },
      schema: { tags: ['system'], summary: 'Liveness: 200 while the process runs', response: { 200: HealthBody } },
    },
    async () => ({ status: 'ok' as const }),
  );

  const readyTimeoutMs = p.readyTimeoutMs ?? 5_000;
  app.get(
    '/ready',
    {
      config: { auth: 'none' },
      schema: {
        tags: ['system'],
        summary: 'Readiness: 200 when every dependency is available, else 503',
        response: { 200: ReadyBody, 503: ReadyBody },
      },
    },
    async (request, reply) => {
      let result: ReadyResult;
      try {
        result = await withTimeout(p.checkReady(), readyTimeoutMs);
      } catch (error) {
        request.log.error({ err: error }, 'readiness check failed');
        const timedOut = error instanceof TimeoutError;
        result = { ready: false, checks: { readiness: timedOut ? `timed out after ${readyTimeoutMs} ms` : 'check failed' } };
      }
      return reply.code(result.ready ? 200 : 503).send({ ready: result.ready === true, checks: result.checks ?? {} });
    },
  );

  // ---- shutdown: end event streams so that close() does not wait for them
  app.addHook('preClose', async () => {
    closeEventStreams(app.server);
  });

  // ---- route modules, each in its own encapsulated context
  for (const routes of p.routes) {
    await app.register(async (scope) => {
      await routes(scope);
    });
  }

  await app.ready();
  return app;
}

/** Applies the frame's conventions to a route as it is registered. */
function prepareRoute(route: RouteOptions): void {
  const config = (route.config ?? {}) as NonNullable<RouteOptions['config']> & { auth?: string; idempotent?: boolean };
  if (route.url === DOCS_PREFIX || route.url.startsWith(`${DOCS_PREFIX}/`)) {
    route.config = { ...config, auth: 'none' };
    return;
  }
  const schema = (route.schema ?? {}) as Record<string, unknown>;
  const where = `${String(route.method)} ${route.url}`;

  if (config.auth === 'none') {
    route.schema = { ...schema, security: [] };
  }
  if (config.idempotent === true) {
    route.schema = { ...(route.schema ?? schema), headers: withIdempotencyHeader(schema.headers, where) };
  }
  const effective = (route.schema ?? {}) as Record<string, unknown>;
  for (const part of ['querystring', 'params', 'headers'] as const) {
    if (effective[part] !== undefined) assertStringsOnly(effective[part], `${where} ${part}`);
  }
  // Document the error envelope on routes that document their responses.
  const response = effective.response as Record<string, unknown> | undefined;
  if (response && !hide(effective)) {
    const withErrors = { ...response };
    if (!Object.keys(withErrors).some((k) => k.startsWith('4'))) withErrors['4xx'] = ErrorRef;
    if (!Object.keys(withErrors).some((k) => k.startsWith('5'))) withErrors['5xx'] = ErrorRef;
    route.schema = { ...effective, response: withErrors };
  }
}

/** A 5xx at error level with the error (and its stack); a 4xx at info with its code and field. */
function logOutcome(request: FastifyRequest, mapped: MappedError, error: unknown): void {
  const where = { method: request.method, route: request.routeOptions?.url, url: request.url, status: mapped.status };
  if (mapped.serverFault || mapped.status >= 500) {
    request.log.error({ ...where, code: mapped.body.error.code, err: error }, 'request failed');
  } else {
    const field = (mapped.body.error.details as { field?: unknown }).field;
    request.log.info({ ...where, code: mapped.body.error.code, ...(typeof field === 'string' ? { field } : {}) }, 'request rejected');
  }
}

function hide(schema: Record<string, unknown>): boolean {
  return schema.hide === true;
}

function withIdempotencyHeader(headers: unknown, where: string): unknown {
  if (headers === undefined) {
    return Type.Object({ 'idempotency-key': IdempotencyKey });
  }
  const h = headers as { type?: unknown; properties?: Record<string, unknown>; required?: string[] };
  if (h.type !== 'object' || typeof h.properties !== 'object') {
    throw new Error(`${where}: config.idempotent needs the headers schema to be an object schema`);
  }
  return {
    ...h,
    properties: { ...h.properties, 'idempotency-key': IdempotencyKey },
    required: [...new Set([...(h.required ?? []), 'idempotency-key'])],
  };
}

/**
 * Query strings, path parameters and headers arrive as strings and types are
 * not coerced, so a number/boolean type there could never validate: fail at
 * registration instead of rejecting every request.
 */
function assertStringsOnly(schema: unknown, where: string): void {
  const visit = (node: unknown, path: string): void => {
    if (typeof node !== 'object' || node === null) return;
    if (Array.isArray(node)) {
      node.forEach((child, i) => visit(child, `${path}[${i}]`));
      return;
    }
    const record = node as Record<string, unknown>;
    const types = Array.isArray(record.type) ? record.type : [record.type];
    for (const type of types) {
      if (type === 'number' || type === 'integer' || type === 'boolean' || type === 'null') {
        throw new Error(
          `${where}${path}: type ${type} cannot match (query, params and headers are strings and are not coerced); ` +
            'declare a string with a pattern, e.g. PaginationQuery.limit',
        );
      }
    }
    for (const [key, value] of Object.entries(record)) {
      if (key === 'properties' || key === 'patternProperties') {
        if (typeof value === 'object' && value !== null) {
          for (const [name, child] of Object.entries(value)) visit(child, `${path}.${name}`);
        }
      } else if (!['default', 'examples', 'example', 'const', 'enum'].includes(key)) {
        visit(value, path);
      }
    }
  };
  visit(schema, '');
}

interface KnownRoute {
  url: string;
  pattern: RegExp;
  methods: string[];
}

/**
 * The field a path that cannot be percent-decoded names: `params.<name>` when the bad segment is a path parameter
 * of a registered route, else `path`. (The router refuses the whole path before it knows the route.)
 */
function badUrlField(url: string, routes: KnownRoute[]): string {
  const path = url.split('?')[0] ?? '';
  const segments = path.split('/');
  const bad = segments.findIndex((segment) => {
    try {
      decodeURIComponent(segment);
      return false;
    } catch {
      return true;
    }
  });
  if (bad === -1) return 'path';
  for (const route of routes) {
    const routeSegments = route.url.split('/');
    if (routeSegments.length !== segments.length || !route.pattern.test(path)) continue;
    const param = /^:(\w+)$/.exec(routeSegments[bad] ?? '');
    if (param) return `params.${param[1]}`;
  }
  return 'path';
}

/** A regular expression matching the concrete paths of a Fastify route URL. */
function routePattern(url: string): RegExp {
  let source = '';
  for (let i = 0; i < url.length; i++) {
    const c = url[i]!;
    if (c === ':' && url[i + 1] !== ':') {
      // named parameter, optionally followed by (regex): match one segment
      let j = i + 1;
      while (j < url.length && /[A-Za-z0-9_]/.test(url[j]!)) j++;
      if (url[j] === '(') {
        let depth = 0;
        for (; j < url.length; j++) {
          if (url[j] === '(') depth++;
          else if (url[j] === ')' && --depth === 0) {
            j++;
            break;
          }
        }
      }
      if (url[j] === '?') j++;
      source += '[^/]+';
      i = j - 1;
    } else if (c === ':' ) {
      source += ':';
      i++;
    } else if (c === '*') {
      source += '.*';
    } else {
      source += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}

function isConsolePath(path: string, apiPrefixes: Set<string>): boolean {
  const segments = path.split('/');
  const first = segments[1] ?? '';
  if (apiPrefixes.has(first)) return false;
  const last = segments[segments.length - 1] ?? '';
  return !last.includes('.');
}

function acceptsHtml(request: FastifyRequest): boolean {
  const accept = request.headers.accept;
  return typeof accept === 'string' && /\btext\/html\b/i.test(accept);
}

function truncate(s: string, max = 200): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

class TimeoutError extends Error {}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export type { FastifyInstance, FastifyReply, FastifyRequest };
