import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/database.ts';
import type { Indexer } from '../../indexer/indexer.ts';
import type { TransactionManager } from '../../ledger/transactionManager.ts';
import { getCommand, listCommands, type CommandStatus, type CommandView } from '../../ledger/commands.ts';
import { ForbiddenError, ValidationError } from '../../common/errors.ts';
import { requirePrincipal, type Principal } from '../auth.ts';
import { Page, PaginationQueryProperties, parsePagination, Type, Uuid, type Static } from '../schemas.ts';
import { CommandSchema } from '../schemas.ts';

/** What the engines' own routes read: the outbox, the indexer and the transaction manager's notices. */
export interface EngineRouteContext {
  db: Database;
  indexer: Indexer;
  txManager: TransactionManager;
}

const IdParams = Type.Object({ id: Uuid }, { additionalProperties: false });
const WaitQuery = Type.Object(
  { waitMs: Type.Optional(Type.String({ pattern: '^[0-9]{1,5}$', description: 'long-poll: wait up to this many ms (max 30000) for the command to finish' })) },
  { additionalProperties: false },
);
const ListQuery = Type.Object(
  { ...PaginationQueryProperties, status: Type.Optional(Type.Union(['accepted', 'submitted', 'confirmed', 'failed'].map((s) => Type.Literal(s)))) },
  { additionalProperties: false },
);

const isFinished = (c: CommandView) => c.status === 'confirmed' || c.status === 'failed';

const canSee = (by: Principal, c: CommandView) =>
  by.isOperator || by.memberRoles.includes('regulator') || c.signer === by.memberAddress;

export function commandRoutes(ctx: EngineRouteContext) {
  /** True when the read models include the command's block (or it never reached a block). */
  const isIndexed = async (c: CommandView) =>
    c.blockNumber === null ? isFinished(c) : (await ctx.indexer.cursor()) >= BigInt(c.blockNumber);

  return (app: FastifyInstance) => {
    app.get<{ Params: Static<typeof IdParams>; Querystring: Static<typeof WaitQuery> }>(
      '/v1/commands/:id',
      {
        schema: {
          tags: ['commands'],
          summary: 'Status of a command: accepted → submitted → confirmed, or failed with the decoded reason',
          params: IdParams,
          querystring: WaitQuery,
          response: { 200: CommandSchema },
        },
      },
      async (request) => {
        const by = requirePrincipal(request);
        let command = await getCommand(ctx.db, request.params.id);
        if (!canSee(by, command)) throw new ForbiddenError('this command belongs to another enterprise');
        const deadline = Date.now() + Math.min(Number(request.query.waitMs ?? 0), 30_000);
        let indexed = await isIndexed(command);
        // A long-poll ends when the command has finished AND its block is in the read models, so what the
        // client reads next already reflects it.
        while ((!isFinished(command) || !indexed) && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 100));
          command = await getCommand(ctx.db, request.params.id);
          indexed = await isIndexed(command);
        }
        return { ...command, indexed };
      },
    );

    app.get<{ Querystring: Static<typeof ListQuery> }>(
      '/v1/commands',
      { schema: { tags: ['commands'], summary: "Your enterprise's commands, newest first (all, for the operator)", querystring: ListQuery, response: { 200: Page(CommandSchema) } } },
      async (request) => {
        const by = requirePrincipal(request);
        const { limit, cursor } = parsePagination(request.query);
        // A cursor is a command's seq (a bigint): more than 2^63 - 1 would make the query fail.
        if (cursor !== undefined && (!/^[0-9]{1,19}$/.test(cursor) || BigInt(cursor) > 9223372036854775807n)) {
          throw new ValidationError('query.cursor', 'is not a cursor returned by this endpoint');
        }
        return listCommands(ctx.db, {
          signer: by.isOperator || by.memberRoles.includes('regulator') ? undefined : by.memberAddress,
          status: request.query.status as CommandStatus | undefined,
          limit,
          beforeSeq: cursor,
        });
      },
    );
  };
}
