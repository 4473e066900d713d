import type { FastifyInstance } from 'fastify';
import type { ModuleContext } from '../../platform/context.ts';
import { deposit, setPaused, transfer, withdraw } from './commands.ts';
import { listBalances, listMovements, memberBalance } from './queries.ts';
import { sendCsv, toCsv, xtDecimal } from '../../api/csv.ts';
import { requirePrincipal } from '../../api/auth.ts';
import { Accepted, Bytes32, NoBody, parsePagination, type Static } from '../../api/schemas.ts';
import { absentBodyIsEmpty, acceptCommand } from '../../api/commandResponse.ts';

import { Balance, DepositBody, MemberParams, Movements, MovementsExportQuery, MovementsQuery, TransferBody, WithdrawBody, XtBalancesBody } from './schemas.ts';

export function xtRoutes(ctx: ModuleContext) {
  return (app: FastifyInstance) => {
    app.post<{ Body: Static<typeof DepositBody> }>(
      '/v1/xt/deposits',
      {
        config: { idempotent: true },
        schema: { tags: ['xt'], summary: 'Credit XT against a fiat deposit (bank gateway); a reference credits once', body: DepositBody, response: { 202: Accepted({ referenceHash: Bytes32 }) } },
      },
      (request, reply) =>
        acceptCommand(ctx, request, reply, async (tx, by) => {
          const r = await deposit(ctx, tx, by, { memberId: request.body.memberId, amount: BigInt(request.body.amount), reference: request.body.reference });
          return { commandIds: r.commandIds, body: { referenceHash: r.referenceHash } };
        }),
    );

    app.post<{ Body: Static<typeof WithdrawBody> }>(
      '/v1/xt/withdrawals',
      { config: { idempotent: true }, schema: { tags: ['xt'], summary: 'Burn XT for a fiat payout', body: WithdrawBody, response: { 202: Accepted({ referenceHash: Bytes32 }) } } },
      (request, reply) =>
        acceptCommand(ctx, request, reply, async (tx, by) => {
          const r = await withdraw(ctx, tx, by, { amount: BigInt(request.body.amount), reference: request.body.reference });
          return { commandIds: r.commandIds, body: { referenceHash: r.referenceHash } };
        }),
    );

    app.post<{ Body: Static<typeof TransferBody> }>(
      '/v1/xt/transfers',
      { config: { idempotent: true }, schema: { tags: ['xt'], summary: 'Transfer XT to another certified member', body: TransferBody, response: { 202: Accepted() } } },
      (request, reply) => acceptCommand(ctx, request, reply, (tx, by) => transfer(ctx, tx, by, { toMemberId: request.body.toMemberId, amount: BigInt(request.body.amount) })),
    );

    for (const paused of [true, false]) {
      app.post(
        paused ? '/v1/xt/pause' : '/v1/xt/unpause',
        {
          config: { idempotent: true },
          preValidation: absentBodyIsEmpty,
          schema: { tags: ['xt'], summary: paused ? 'Pause every XT movement (operator)' : 'Resume XT movements (operator)', body: NoBody, response: { 202: Accepted() } },
        },
        (request, reply) => acceptCommand(ctx, request, reply, (tx, by) => setPaused(ctx, tx, by, paused)),
      );
    }

    app.get(
      '/v1/xt/balances',
      { schema: { tags: ['xt'], summary: 'XT balances (your own; all for operator, regulator and bank gateways)', response: { 200: XtBalancesBody } } },
      async (request) => listBalances(ctx.db, requirePrincipal(request)),
    );

    app.get<{ Params: Static<typeof MemberParams> }>(
      '/v1/xt/balances/:memberId',
      { schema: { tags: ['xt'], summary: "One member's XT balance", params: MemberParams, response: { 200: Balance } } },
      async (request) => memberBalance(ctx.db, requirePrincipal(request), request.params.memberId),
    );

    app.get<{ Querystring: Static<typeof MovementsQuery> }>(
      '/v1/xt/movements',
      { schema: { tags: ['xt'], summary: 'Deposits, withdrawals and transfers, newest first', querystring: MovementsQuery, response: { 200: Movements } } },
      async (request) => ({
        items: await listMovements(ctx.db, requirePrincipal(request), { memberId: request.query.memberId, limit: parsePagination(request.query).limit }),
      }),
    );

    app.get<{ Querystring: Static<typeof MovementsExportQuery> }>(
      '/v1/exports/xt-movements.csv',
      {
        schema: {
          tags: ['xt', 'exports'],
          summary: 'XT movements as CSV for reconciliation (the same rows and names as /v1/xt/movements, up to 10 000, exact amounts)',
          querystring: MovementsExportQuery,
          produces: ['text/csv'],
        },
      },
      async (request, reply) => {
        const items = await listMovements(ctx.db, requirePrincipal(request), { memberId: request.query.memberId, limit: 10_000 });
        const name = (p: { name?: string | null; pseudonym?: string } | null) => p?.name ?? (p?.pseudonym ? `party ${p.pseudonym}` : '');
        return sendCsv(
          reply,
          'xt-movements.csv',
          toCsv(
            ['at', 'kind', 'amount_minor', 'amount_xt', 'from', 'from_address', 'to', 'to_address', 'reference', 'tx_hash', 'block'],
            items.map((m) => [m.at, m.kind, m.amount, xtDecimal(m.amount), name(m.fromMember), m.from, name(m.toMember), m.to, m.reference, m.txHash, m.blockNumber]),
          ),
        );
      },
    );
  };
}
