import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Queryable } from '../../db/database.ts';
import { getCommands, type CommandView } from '../../ledger/commands.ts';
import { requestHash, withIdempotency } from '../../ledger/idempotency.ts';
import type { ServiceContext } from '../../services/context.ts';
import type { Principal } from '../../services/apiKeys.ts';
import { requirePrincipal } from '../auth.ts';
import { idempotencyKey } from '../idempotency.ts';
import { Type, type TSchema } from '../schemas.ts';

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
  ctx: ServiceContext,
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

export const CommandSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    kind: Type.String({ description: 'what the command does, e.g. xt.deposit' }),
    status: Type.Union([Type.Literal('accepted'), Type.Literal('submitted'), Type.Literal('confirmed'), Type.Literal('failed')]),
    signer: Type.String(),
    contract: Type.Union([Type.String(), Type.Null()]),
    functionName: Type.Union([Type.String(), Type.Null()]),
    args: Type.Array(Type.Unknown()),
    dependsOn: Type.Array(Type.String()),
    txHash: Type.Union([Type.String(), Type.Null()]),
    nonce: Type.Union([Type.Integer(), Type.Null()]),
    blockNumber: Type.Union([Type.String(), Type.Null()]),
    blockHash: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: 'the block the transaction was mined in (reconciled with the chain: see docs/operations.md)' })),
    gasUsed: Type.Union([Type.String(), Type.Null()]),
    error: Type.Union([
      Type.Object(
        {
          code: Type.String({ description: 'the contract error name, e.g. XtDepositReferenceUsed' }),
          name: Type.String(),
          message: Type.String({ description: 'what went wrong, in plain words' }),
          args: Type.Record(Type.String(), Type.Unknown()),
        },
        { additionalProperties: true },
      ),
      Type.Null(),
    ]),
    result: Type.Unknown({ description: 'decoded events of the confirmed transaction' }),
    createdAt: Type.String({ format: 'date-time' }),
    submittedAt: Type.Union([Type.String(), Type.Null()]),
    finishedAt: Type.Union([Type.String(), Type.Null()]),
    indexed: Type.Optional(Type.Boolean({ description: 'the read models already include this command\'s block (GET /v1/commands/{id} only)' })),
  },
  { title: 'Command', additionalProperties: true },
);

/**
 * Body of a command POST that takes no input: none, or `{}`. Declared so that anything else is a 400
 * (an unvalidated body would otherwise be hashed for idempotency as is, however large or deep).
 */
export const NoBody = Type.Object({}, { additionalProperties: false, description: 'no input: send no body, or {}' });

/**
 * preValidation hook for routes whose body fields are all optional: a request without a body is taken as
 * `{}` (Fastify validates an absent body as null, which an object schema refuses).
 */
export async function absentBodyIsEmpty(request: FastifyRequest): Promise<void> {
  if (request.body === undefined || (request.body === null && request.headers['content-type'] === undefined)) request.body = {};
}

/** A 202 response: the commands created, plus `extra` fields. */
export function Accepted(extra: Record<string, TSchema> = {}) {
  return Type.Object({ ...extra, commands: Type.Array(CommandSchema) }, { additionalProperties: true });
}
