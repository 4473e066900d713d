import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Database, Queryable } from '../db/database.ts';
import { getCommands, type CommandView } from '../ledger/commands.ts';
import { requestHash, withIdempotency } from '../ledger/idempotency.ts';
import { requirePrincipal, type Principal } from './auth.ts';
import { idempotencyKey } from './idempotency.ts';

/** Where commands are stored, and the transaction manager to wake once they are. */
export interface CommandPort {
  db: Database;
  txManager: { tick(): Promise<void> };
}

export interface CommandOutcome {
  commandIds: string[];
  /** Resource fields returned with the commands (ids the client needs at once). */
  body?: Record<string, unknown>;
  /** Returned to this caller only and never stored (e.g. a new API key): a replay omits it. */
  secret?: Record<string, unknown>;
}

/**
 * Runs a command-creating request once per Idempotency-Key: the handler's writes (outbox rows included) and
 * the stored response commit together. Answers 202 with the commands; a replay answers the same, with the
 * commands' current status and the header `Idempotent-Replayed: true`.
 */
export async function acceptCommand<P = undefined>(
  ctx: CommandPort,
  request: FastifyRequest,
  reply: FastifyReply,
  handle: (tx: Queryable, principal: Principal, prepared: P) => Promise<CommandOutcome>,
  prepare?: (principal: Principal) => Promise<P>,
) {
  const principal = requirePrincipal(request);
  const key = idempotencyKey(request);
  const hash = requestHash(request.method, request.url.split('?')[0]!, request.body);
  const result = await withIdempotency(ctx.db, { scope: principal.memberId, key, hash }, async (tx, prepared: P) => {
    const outcome = await handle(tx, principal, prepared);
    const stored = { ...outcome.body, commands: await getCommands(tx, outcome.commandIds) };
    return { statusCode: 202, body: { ...stored, ...outcome.secret }, stored };
  }, prepare && (() => prepare(principal)));
  let body = result.body;
  if (result.replayed) {
    const ids = ((body.commands as CommandView[] | undefined) ?? []).map((c) => c.id);
    body = { ...body, commands: await getCommands(ctx.db, ids) };
    reply.header('Idempotent-Replayed', 'true');
  } else {
    void ctx.txManager.tick();
  }
  return reply.code(result.statusCode).send(body);
}

/**
 * Like acceptCommand, for a POST that only records something off-chain: once per Idempotency-Key, 201 with the
 * created resource (a replay answers the stored one).
 */
export async function acceptRecord(ctx: Pick<CommandPort, 'db'>, request: FastifyRequest, reply: FastifyReply, handle: (tx: Queryable, by: Principal) => Promise<object>) {
  const principal = requirePrincipal(request);
  const hash = requestHash(request.method, request.url.split('?')[0]!, request.body);
  const result = await withIdempotency(ctx.db, { scope: principal.memberId, key: idempotencyKey(request), hash }, async (tx) => ({
    statusCode: 201,
    body: { ...(await handle(tx, principal)) },
  }));
  if (result.replayed) reply.header('Idempotent-Replayed', 'true');
  return reply.code(result.statusCode).send(result.body);
}

/**
 * preValidation hook for routes whose body fields are all optional: a request without a body is taken as
 * `{}` (Fastify validates an absent body as null, which an object schema refuses).
 */
export async function absentBodyIsEmpty(request: FastifyRequest): Promise<void> {
  if (request.body === undefined || (request.body === null && request.headers['content-type'] === undefined)) request.body = {};
}

