/**
 * What the frame's tests (server.*.test.ts) share: an example route module written the way real ones should be, the
 * server built around it with a few fixed API keys, a console directory with files that must never be served, and
 * the error envelope every failure answers with.
 */
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { ConflictError, NotFoundError, RuleViolationError, UnavailableError } from '../common/errors.ts';
import {
  Address,
  createApiServer,
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

export const PAID_ID = '00000000-0000-4000-8000-000000000001';
export const OPEN_ID = '00000000-0000-4000-8000-000000000002';

export interface Recorded {
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

const alwaysReady = async (): Promise<ReadyResult> => ({ ready: true, checks: { db: 'ok', chain: 'ok' } });

export async function makeApp(recorded: Recorded, staticDir?: string, checkReady: () => Promise<ReadyResult> = alwaysReady): Promise<FastifyInstance> {
  return createApiServer({
    authenticate: async (key) => principals[key] ?? null,
    checkReady,
    routes: [invoiceRoutes(recorded)],
    info: { title: 'Tierchain API (test)', version: '0.0.0-test' },
    bodyLimit: 64 * 1024,
    readyTimeoutMs: 200,
    ...(staticDir ? { staticDir } : {}),
  });
}

export const newRecorded = (): Recorded => ({ idempotencyKeys: [], pagination: [], sseLastEventIds: [], sseUnsubscribed: 0, sseSenders: [] });

export const SUPPLIER = { authorization: 'Bearer key-supplier' };
export const BUYER_ADDR = `0x${'b'.repeat(40)}`;
export const validInvoice = { amount: '125000', buyer: BUYER_ADDR };

interface ErrorJson {
  error: { code: string; message: string; details: Record<string, unknown> };
}
export function errorOf(res: { json: () => unknown }): ErrorJson['error'] {
  const body = res.json() as ErrorJson;
  assert.ok(body.error, 'error envelope');
  assert.equal(typeof body.error.code, 'string');
  assert.equal(typeof body.error.message, 'string');
  assert.equal(typeof body.error.details, 'object');
  return body.error;
}

export interface ConsoleSite {
  /** The console's directory, to pass as `staticDir`. */
  path: string;
  remove(): Promise<void>;
}

/**
 * A built console in a temporary directory, with a hidden file in it and a symlink to a secret outside it: what the
 * static file server must refuse to serve.
 */
export async function consoleSite(): Promise<ConsoleSite> {
  const dir = await mkdtemp(join(tmpdir(), 'tierchain-api-'));
  const site = join(dir, 'site');
  await mkdir(join(site, 'assets'), { recursive: true });
  await writeFile(join(site, 'index.html'), '<!doctype html><title>console</title>');
  await writeFile(join(site, 'assets', 'app.js'), 'console.log("console")');
  await writeFile(join(site, 'assets', 'style.css'), 'body{}');
  await writeFile(join(site, '.env'), 'HIDDEN=1');
  await writeFile(join(dir, 'secret.txt'), 'TOP SECRET');
  await symlink(join(dir, 'secret.txt'), join(site, 'escape.txt'));
  return { path: site, remove: () => rm(dir, { recursive: true, force: true }) };
}
