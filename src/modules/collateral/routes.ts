/**
 * Collateral routes: goods (verifiers register and value, owners transfer), collateral classes (operator), positions
 * (lock, draw, repay, top up, margin call, default, release, redeem), auctions (bid, restart) and the regulator's
 * alerts. Each POST checks its rules against chain state and answers 202 with the ids and the commands it enqueued.
 */
import type { FastifyInstance } from 'fastify';
import type { Hex } from 'viem';
import type { ModuleContext } from '../../platform/context.ts';
import { requirePrincipal } from '../../api/auth.ts';
import { Accepted, Bytes32, MinorUnits, NoBody, Nullable, type Static } from '../../api/schemas.ts';
import { absentBodyIsEmpty, acceptCommand } from '../../api/commandResponse.ts';
import { NotFoundError, ValidationError } from '../../common/errors.ts';
import { parseAmount } from '../claims/index.ts';
import { registerGoods, revalueGoods, transferGoods } from './commands/goods.ts';
import {
  addGoodsToPosition, callMargin, collectPledgedClaim, declareDefault, drawOnPosition, lockCollateral, redeemCollateralClaim, releasePosition, repayDraw, setCollateralClass,
  topUpPosition,
} from './commands/positions.ts';
import { bid, restartAuction } from './commands/auctions.ts';
import { recordingDoublePledge } from './commands/attempts.ts';
import { getGoods, getPosition, listAlerts, listAuctions, listClasses, listGoods, listPositions } from './queries.ts';
import {
  Alerts, AmountBody, Auction, Auctions, BidBody, ClaimIdParams, ClassBody, CollateralClasses, Goods, GoodsBody, GoodsIdParams, GoodsList, GoodsTransferBody, LockBody, PositionDetail,
  PositionIdParams, Positions, RedeemBody, RegisterGoodsBody, ValueBody,
} from './schemas.ts';

const amount = (value: string, field: string) => parseAmount(value, `body.${field}`);
const tags = (t: string) => [t];

export function collateralRoutes(ctx: ModuleContext) {
  return (app: FastifyInstance) => {
    const command = <B, P>(
      path: string,
      p: { tag: string; summary: string; body?: unknown; params?: unknown; accepted?: Record<string, unknown> },
      run: (tx: Parameters<Parameters<typeof acceptCommand>[3]>[0], by: Parameters<Parameters<typeof acceptCommand>[3]>[1], body: B, params: P) => Promise<{ commandIds: string[]; [k: string]: unknown }>,
    ) =>
      app.post<{ Body: B; Params: P }>(
        path,
        {
          config: { idempotent: true },
          ...(p.body ? {} : { preValidation: absentBodyIsEmpty }),
          schema: { tags: tags(p.tag), summary: p.summary, body: (p.body ?? NoBody) as never, ...(p.params ? { params: p.params as never } : {}), response: { 202: Accepted((p.accepted ?? {}) as never) } },
        },
        (request, reply) =>
          recordingDoublePledge(ctx.db, request.principal, request, () =>
            acceptCommand(ctx, request, reply, async (tx, by) => {
              const { commandIds, ...body } = await run(tx, by, request.body as B, request.params as P);
              return { commandIds, body };
            }),
          ),
      );

    // ------------------------------------------------------------------------------------------------- goods
    command<Static<typeof RegisterGoodsBody>, unknown>('/v1/goods', { tag: 'goods', summary: 'Register goods as a token (certified verifier); the same goods only once', body: RegisterGoodsBody, accepted: { goodsId: Bytes32 } }, (tx, by, b) =>
      registerGoods(ctx, tx, by, {
        ownerMemberId: b.ownerMemberId, classId: b.classId, quantity: amount(b.quantity, 'quantity'), unit: b.unit, description: b.description, location: b.location,
        receipt: b.receipt, lot: b.lot, documentsHash: b.documentsHash as Hex | undefined, value: amount(b.value, 'value'),
      }),
    );
    command<Static<typeof ValueBody>, Static<typeof GoodsIdParams>>('/v1/goods/:goodsId/valuations', { tag: 'goods', summary: 'Value goods again (certified verifier)', body: ValueBody, params: GoodsIdParams }, (tx, by, b, p) =>
      revalueGoods(ctx, tx, by, p.goodsId, amount(b.value, 'value')),
    );
    command<Static<typeof GoodsTransferBody>, Static<typeof GoodsIdParams>>('/v1/goods/:goodsId/transfers', { tag: 'goods', summary: 'Hand goods to another member (owner; never while locked)', body: GoodsTransferBody, params: GoodsIdParams }, (tx, by, b, p) =>
      transferGoods(ctx, tx, by, p.goodsId, b.toMemberId),
    );
    app.get('/v1/goods', { schema: { tags: tags('goods'), summary: 'Goods (your own; every item for the operator, regulator, verifiers and funders)', response: { 200: GoodsList } } }, async (request) => ({
      items: await listGoods(ctx.db, requirePrincipal(request)),
    }));
    app.get<{ Params: Static<typeof GoodsIdParams> }>('/v1/goods/:goodsId', { schema: { tags: tags('goods'), summary: 'One item of goods', params: GoodsIdParams, response: { 200: Goods } } }, async (request) =>
      getGoods(ctx.db, requirePrincipal(request), request.params.goodsId),
    );

    // ------------------------------------------------------------------------------------------- classes
    command<Static<typeof ClassBody>, unknown>('/v1/collateral/classes', { tag: 'collateral', summary: 'Set a collateral class: LTV, thresholds, penalty, auction curve (operator)', body: ClassBody }, (tx, by, b) =>
      setCollateralClass(ctx, tx, by, b),
    );
    app.get('/v1/collateral/classes', { schema: { tags: tags('collateral'), summary: 'Collateral classes', response: { 200: CollateralClasses } } }, async (request) => {
      requirePrincipal(request);
      return { items: await listClasses(ctx.db) };
    });

    // ------------------------------------------------------------------------------------------ positions
    command<Static<typeof LockBody>, unknown>(
      '/v1/collateral/positions',
      { tag: 'collateral', summary: 'Lock your goods, XT or a receivable claim into a position and draw CTs on it', body: LockBody, accepted: { positionId: Bytes32, limit: MinorUnits, claimId: Nullable(Bytes32) } },
      (tx, by, b) => {
        const kinds = [b.goodsId, b.xtAmount, b.claimId].filter(Boolean).length;
        if (kinds === 0) throw new ValidationError('body.goodsId', 'lock goods (goodsId), XT (xtAmount with classId) or a receivable claim (claimId with classId)');
        if (kinds > 1) throw new ValidationError(b.goodsId ? 'body.goodsId' : 'body.claimId', 'lock goods, XT or a claim, one of them');
        if ((b.xtAmount || b.claimId) && b.classId === undefined) throw new ValidationError('body.classId', 'a position on XT or on a claim names its collateral class');
        return lockCollateral(ctx, tx, by, {
          goodsId: b.goodsId, claimId: b.claimId?.toLowerCase(), xtAmount: b.xtAmount ? amount(b.xtAmount, 'xtAmount') : undefined, classId: b.classId, consortiumId: b.consortiumId as Hex, dueDate: b.dueDate,
          lateRateBps: b.lateRateBps ?? 0, maxHops: b.maxHops ?? 5, dayCount: b.dayCount ?? 'ACT/360', firstDraw: b.firstDraw && b.firstDraw !== '0' ? amount(b.firstDraw, 'firstDraw') : 0n,
        });
      },
    );
    command<Static<typeof AmountBody>, Static<typeof PositionIdParams>>('/v1/collateral/positions/:positionId/draws', { tag: 'collateral', summary: 'Draw more CTs on the line (pledgor)', body: AmountBody, params: PositionIdParams, accepted: { claimId: Bytes32 } }, (tx, by, b, p) =>
      drawOnPosition(ctx, tx, by, p.positionId as Hex, amount(b.amount, 'amount')),
    );
    command<Static<typeof AmountBody>, Static<typeof PositionIdParams>>('/v1/collateral/positions/:positionId/top-ups', { tag: 'collateral', summary: 'Add XT margin (pledgor)', body: AmountBody, params: PositionIdParams }, (tx, by, b, p) =>
      topUpPosition(ctx, tx, by, p.positionId as Hex, amount(b.amount, 'amount')),
    );
    command<Static<typeof GoodsBody>, Static<typeof PositionIdParams>>('/v1/collateral/positions/:positionId/goods', { tag: 'collateral', summary: 'Add goods you own to an open goods position (pledgor)', body: GoodsBody, params: PositionIdParams }, (tx, by, b, p) =>
      addGoodsToPosition(ctx, tx, by, p.positionId as Hex, b.goodsId),
    );
    command<unknown, Static<typeof PositionIdParams>>('/v1/collateral/positions/:positionId/collections', { tag: 'collateral', summary: "Collect the pledged claim's settlement into the position (anyone, from the claim's due date)", params: PositionIdParams }, (tx, by, _b, p) =>
      collectPledgedClaim(ctx, tx, by, p.positionId as Hex),
    );
    command<unknown, Static<typeof PositionIdParams>>('/v1/collateral/positions/:positionId/margin-calls', { tag: 'collateral', summary: 'Call margin when the loan-to-value passes the margin threshold (operator, funders)', params: PositionIdParams }, (tx, by, _b, p) =>
      callMargin(ctx, tx, by, p.positionId as Hex),
    );
    command<unknown, Static<typeof PositionIdParams>>('/v1/collateral/positions/:positionId/default', { tag: 'collateral', summary: 'Declare a default and start the auction (operator, funders)', params: PositionIdParams }, (tx, by, _b, p) =>
      declareDefault(ctx, tx, by, p.positionId as Hex),
    );
    command<unknown, Static<typeof PositionIdParams>>('/v1/collateral/positions/:positionId/release', { tag: 'collateral', summary: 'Take the collateral back once nothing is owed (pledgor)', params: PositionIdParams }, (tx, by, _b, p) =>
      releasePosition(ctx, tx, by, p.positionId as Hex),
    );
    command<Static<typeof AmountBody>, Static<typeof ClaimIdParams>>('/v1/collateral/claims/:claimId/repayments', { tag: 'collateral', summary: 'Repay a draw, late interest first (pledgor)', body: AmountBody, params: ClaimIdParams }, (tx, by, b, p) =>
      repayDraw(ctx, tx, by, p.claimId, amount(b.amount, 'amount')),
    );
    command<Static<typeof RedeemBody>, Static<typeof ClaimIdParams>>('/v1/collateral/claims/:claimId/redemptions', { tag: 'collateral', summary: 'Redeem a collateral CT (its holder, or the operator for any holder)', body: RedeemBody, params: ClaimIdParams }, (tx, by, b, p) =>
      redeemCollateralClaim(ctx, tx, by, p.claimId, b.holderMemberId),
    );
    app.get('/v1/collateral/positions', { schema: { tags: tags('collateral'), summary: 'Positions with their draws (your own; all for operator, regulator, verifiers, funders)', response: { 200: Positions } } }, async (request) => ({
      items: await listPositions(ctx, requirePrincipal(request)),
    }));
    app.get<{ Params: Static<typeof PositionIdParams> }>(
      '/v1/collateral/positions/:positionId',
      { schema: { tags: tags('collateral'), summary: 'One position, its draws and its history (coverage over time)', params: PositionIdParams, response: { 200: PositionDetail } } },
      async (request) => getPosition(ctx, requirePrincipal(request), request.params.positionId),
    );
    app.get('/v1/collateral/alerts', { schema: { tags: tags('collateral'), summary: 'Margin calls, defaults, auctions, liquidations and double-pledge attempts, newest first (operator, regulator)', response: { 200: Alerts } } }, async (request) => ({
      items: await listAlerts(ctx.db, requirePrincipal(request)),
    }));

    // ------------------------------------------------------------------------------------------- auctions
    command<Static<typeof BidBody>, Static<typeof PositionIdParams>>('/v1/auctions/:positionId/bids', { tag: 'auctions', summary: 'Buy the goods at the current price, at most maxPrice', body: BidBody, params: PositionIdParams, accepted: { price: MinorUnits } }, (tx, by, b, p) =>
      bid(ctx, tx, by, p.positionId as Hex, amount(b.maxPrice, 'maxPrice')),
    );
    command<unknown, Static<typeof PositionIdParams>>('/v1/auctions/:positionId/restart', { tag: 'auctions', summary: 'Restart an auction that ended unsold (operator, funders)', params: PositionIdParams }, (tx, by, _b, p) =>
      restartAuction(ctx, tx, by, p.positionId as Hex),
    );
    app.get('/v1/auctions', { schema: { tags: tags('auctions'), summary: 'Liquidation auctions, newest first, with their price curves', response: { 200: Auctions } } }, async (request) => {
      requirePrincipal(request);
      return { items: await listAuctions(ctx.db) };
    });
    app.get<{ Params: Static<typeof PositionIdParams> }>('/v1/auctions/:positionId', { schema: { tags: tags('auctions'), summary: 'The latest round of one auction', params: PositionIdParams, response: { 200: Auction } } }, async (request) => {
      requirePrincipal(request);
      const [a] = await listAuctions(ctx.db, { positionId: request.params.positionId });
      if (!a) throw new NotFoundError('auction', request.params.positionId);
      return a;
    });
  };
}
