/**
 * The read side of the receivables API (docs/design/receivables-api.md): claims with their settlement, their trace,
 * trades, credit lines and member positions, answered from the read models (../queries/).
 */
import type { FastifyInstance } from 'fastify';
import type { ModuleContext } from '../../../platform/context.ts';
import { requirePrincipal } from '../../../api/auth.ts';
import { parsePagination, type Static } from '../../../api/schemas.ts';
import { ClaimParams } from '../../claims/schemas.ts';
import { getClaim, getTrace, listClaims } from '../queries/claims.ts';
import { getCreditLine, listCreditLines } from '../queries/creditLines.ts';
import { memberPosition } from '../queries/positions.ts';
import { overview } from '../queries/overview.ts';
import { getTrade, listTrades } from '../queries/trades.ts';
import { Claim, ClaimPage, ClaimsQuery, CreditLine, Overview, CreditLineParams, CreditLines, MemberParams, Position, Trace, Trade, TradePage, TradeParams, TradesQuery } from '../schemas.ts';

export function claimReadRoutes(ctx: ModuleContext) {
  return (app: FastifyInstance) => {
    app.get<{ Querystring: Static<typeof ClaimsQuery> }>(
      '/v1/claims',
      {
        schema: {
          tags: ['claims'],
          summary: 'Claims you hold, have held, owe or guarantee (all, for the operator and the regulator), with the holding and the business identifiers; searchable (q), filtered (obligor, status, due range, overdue), sorted and paged on the server',
          querystring: ClaimsQuery,
          response: { 200: ClaimPage },
        },
      },
      async (request) => {
        const { limit, cursor } = parsePagination(request.query);
        return listClaims(ctx.db, requirePrincipal(request), {
          holderMemberId: request.query.holder,
          obligorMemberId: request.query.obligor,
          guarantorMemberId: request.query.guarantor,
          q: request.query.q,
          status: request.query.status,
          dueFrom: request.query.dueFrom,
          dueTo: request.query.dueTo,
          overdue: request.query.overdue === undefined ? undefined : request.query.overdue === 'true',
          sort: request.query.sort,
          limit,
          cursor,
        });
      },
    );

    app.get<{ Params: Static<typeof ClaimParams> }>(
      '/v1/claims/:id',
      {
        schema: {
          tags: ['claims'],
          summary:
            "One claim id: terms, supply, holders; for the tree's participants (obligor, guarantor, holders), operator and regulator also its settlement, overdue days and accrued late interest (equal to Receivables.owed)",
          params: ClaimParams,
          response: { 200: Claim },
        },
      },
      async (request) => getClaim(ctx.db, requirePrincipal(request), request.params.id),
    );

    app.get<{ Params: Static<typeof ClaimParams> }>(
      '/v1/claims/:id/trace',
      {
        schema: {
          tags: ['claims'],
          summary:
            "The whole tree of the claim's issued root: ids with tier depth, and every issue, split-transfer, modification, sale and redemption with parties, amounts, prices and times",
          params: ClaimParams,
          response: { 200: Trace },
        },
      },
      async (request) => getTrace(ctx.db, requirePrincipal(request), request.params.id),
    );

    app.get<{ Querystring: Static<typeof TradesQuery> }>(
      '/v1/trades',
      {
        schema: {
          tags: ['trades'],
          summary: 'Trades you are the supplier or obligor of, newest first (all, for the operator and the regulator)',
          querystring: TradesQuery,
          response: { 200: TradePage },
        },
      },
      async (request) => {
        const { limit, cursor } = parsePagination(request.query);
        return listTrades(ctx.db, requirePrincipal(request), {
          status: request.query.status as 'submitted' | 'confirmed' | 'rejected' | undefined,
          limit,
          cursor,
        });
      },
    );

    app.get<{ Params: Static<typeof TradeParams> }>(
      '/v1/trades/:tradeId',
      { schema: { tags: ['trades'], summary: 'One trade (its supplier and obligor, operator, regulator)', params: TradeParams, response: { 200: Trade } } },
      async (request) => getTrade(ctx.db, requirePrincipal(request), request.params.tradeId),
    );

    app.get(
      '/v1/credit-lines',
      {
        schema: {
          tags: ['credit-lines'],
          summary: 'Every credit line that was set or carries a guarantee (proposed or active), by obligor name',
          response: { 200: CreditLines },
        },
      },
      async (request) => {
        return { items: await listCreditLines(ctx.db, requirePrincipal(request)) };
      },
    );

    app.get(
      '/v1/overview',
      {
        schema: {
          tags: ['claims'],
          summary: 'The platform in figures, for the operator and the regulator: outstanding by obligor and tier, overdue, financed volume and average discount',
          response: { 200: Overview },
        },
      },
      async (request) => overview(ctx.db, requirePrincipal(request)),
    );

    app.get<{ Params: Static<typeof CreditLineParams> }>(
      '/v1/credit-lines/:memberId',
      {
        schema: {
          tags: ['credit-lines'],
          summary: "A core enterprise's credit line: limit, used by unpaid claims, available",
          params: CreditLineParams,
          response: { 200: CreditLine },
        },
      },
      async (request) => {
        return getCreditLine(ctx.db, request.params.memberId, requirePrincipal(request));
      },
    );

    app.get<{ Params: Static<typeof MemberParams> }>(
      '/v1/members/:id/position',
      {
        schema: {
          tags: ['claims'],
          summary: 'What a member holds, owes (maturity ladder by due date) and has financed or bought (the member, operator, regulator)',
          params: MemberParams,
          response: { 200: Position },
        },
      },
      async (request) => memberPosition(ctx.db, requirePrincipal(request), request.params.id),
    );
  };
}
