/**
 * Receivables, command side (docs/design/receivables-api.md): credit lines and their guarantees, trades, payables,
 * payments, redemptions and settlement distribution. Each POST checks its rules against chain state, then answers
 * 202 with the ids it computed and the commands it enqueued. Reads are in reads.ts.
 */
import type { FastifyInstance } from 'fastify';
import type { Hex } from 'viem';
import type { ModuleContext } from '../../../platform/context.ts';
import { ValidationError } from '../../../common/errors.ts';
import { Accepted, NoBody, type Static } from '../../../api/schemas.ts';
import { absentBodyIsEmpty, acceptCommand } from '../../../api/commandResponse.ts';
import { parseAmount, UINT128_MAX } from '../../claims/index.ts';
import { ClaimParams } from '../../claims/schemas.ts';
import { closeOrder, issueAdvance } from '../commands/advances.ts';
import { listAdvances } from '../queries/advances.ts';
import { requirePrincipal } from '../../../api/auth.ts';
import { confirmTrade, issuePayable, rejectTrade, setCreditLine, submitTrade, type NewTradeResult } from '../commands/trades.ts';
import { distributeSettlement, payClaim, redeemClaim } from '../commands/settlement.ts';
import { acceptGuarantee, proposeGuarantee, withdrawGuarantee } from '../commands/guarantees.ts';
import {
  ConfirmAccepted,
  CreditLineAccepted,
  CreditLineBody,
  DistributionAccepted,
  PaymentAccepted,
  RedemptionAccepted,
  RejectAccepted,
  DistributeBody,
  GuaranteeAccepted,
  GuaranteeWithdrawalAccepted,
  GuaranteeBody,
  LineParams,
  MAX_REDEEM_BATCH,
  NewTrade,
  PayableBody,
  AdvanceBody,
  Advances,
  CloseOrderBody,
  NewAdvance,
  OrderClosedAccepted,
  PaymentBody,
  RedemptionBody,
  RejectBody,
  RootParams,
  TradeBody,
  TradeParams,
} from '../schemas.ts';

const amountOf = (value: string, field: string) => parseAmount(value, field);
const claimIdOf = (hex: string) => BigInt(hex);
const tradeBody = (r: NewTradeResult) => ({ tradeId: r.tradeId, invoiceKey: r.invoiceKey, claimId: r.claimId, terms: r.terms });

export function claimReceivableRoutes(ctx: ModuleContext) {
  return (app: FastifyInstance) => {
    app.post<{ Body: Static<typeof CreditLineBody> }>(
      '/v1/credit-lines',
      {
        config: { idempotent: true },
        schema: { tags: ['receivables'], summary: "Set a core enterprise's credit line (operator or funder)", body: CreditLineBody, response: { 202: Accepted(CreditLineAccepted.properties) } },
      },
      (request, reply) =>
        acceptCommand(ctx, request, reply, async (tx, by) => {
          const limit = BigInt(request.body.limit);
          if (limit > UINT128_MAX) throw new ValidationError('body.limit', `must be at most ${UINT128_MAX}`);
          const { commandIds, ...body } = await setCreditLine(ctx, tx, by, { obligorMemberId: request.body.obligorMemberId, limit });
          return { commandIds, body };
        }),
    );

    app.post<{ Params: Static<typeof LineParams>; Body: Static<typeof GuaranteeBody> }>(
      '/v1/credit-lines/:memberId/guarantee',
      {
        config: { idempotent: true },
        schema: {
          tags: ['receivables'],
          summary:
            "Name a guarantor on a core enterprise's credit line (the operator, or the funder that granted the line); it takes effect when the guarantor accepts",
          params: LineParams,
          body: GuaranteeBody,
          response: { 202: Accepted(GuaranteeAccepted.properties) },
        },
      },
      (request, reply) =>
        acceptCommand(ctx, request, reply, async (tx, by) => {
          const { commandIds, ...body } = await proposeGuarantee(ctx, tx, by, { obligorMemberId: request.params.memberId, guarantorMemberId: request.body.guarantorMemberId });
          return { commandIds, body };
        }),
    );

    app.post<{ Params: Static<typeof LineParams> }>(
      '/v1/credit-lines/:memberId/guarantee/accept',
      {
        config: { idempotent: true },
        preValidation: absentBodyIsEmpty,
        schema: {
          tags: ['receivables'],
          summary: 'Accept the guarantee proposed to you (guarantor): claims issued on the line from then on are guaranteed by you',
          params: LineParams,
          body: NoBody,
          response: { 202: Accepted(GuaranteeAccepted.properties) },
        },
      },
      (request, reply) =>
        acceptCommand(ctx, request, reply, async (tx, by) => {
          const { commandIds, ...body } = await acceptGuarantee(ctx, tx, by, { obligorMemberId: request.params.memberId });
          return { commandIds, body };
        }),
    );

    app.post<{ Params: Static<typeof LineParams> }>(
      '/v1/credit-lines/:memberId/guarantee/withdraw',
      {
        config: { idempotent: true },
        preValidation: absentBodyIsEmpty,
        schema: {
          tags: ['receivables'],
          summary: "Withdraw a credit line's proposed or active guarantee for future issuance (the guarantor or the line's manager); issued claims keep their guarantor",
          params: LineParams,
          body: NoBody,
          response: { 202: Accepted(GuaranteeWithdrawalAccepted.properties) },
        },
      },
      (request, reply) =>
        acceptCommand(ctx, request, reply, async (tx, by) => {
          const { commandIds, ...body } = await withdrawGuarantee(ctx, tx, by, { obligorMemberId: request.params.memberId });
          return { commandIds, body };
        }),
    );

    app.post<{ Body: Static<typeof TradeBody> }>(
      '/v1/trades',
      {
        config: { idempotent: true },
        schema: {
          tags: ['receivables'],
          summary: 'Submit a trade behind a receivable on a core enterprise (supplier); the invoice key is keccak256(supplier address ‖ invoice number)',
          body: TradeBody,
          response: { 202: Accepted(NewTrade.properties) },
        },
      },
      (request, reply) =>
        acceptCommand(ctx, request, reply, async (tx, by) => {
          const b = request.body;
          const r = await submitTrade(ctx, tx, by, { ...b, consortiumId: b.consortiumId as Hex, documentsHash: b.documentsHash as Hex | undefined, amount: amountOf(b.amount, 'body.amount') });
          return { commandIds: r.commandIds, body: tradeBody(r) };
        }),
    );

    app.post<{ Params: Static<typeof TradeParams> }>(
      '/v1/trades/:tradeId/confirm',
      {
        config: { idempotent: true },
        preValidation: absentBodyIsEmpty,
        schema: { tags: ['receivables'], summary: "Confirm a trade (its obligor): the claim is minted to the supplier", params: TradeParams, body: NoBody, response: { 202: Accepted(ConfirmAccepted.properties) } },
      },
      (request, reply) =>
        acceptCommand(ctx, request, reply, async (tx, by) => {
          const { commandIds, ...body } = await confirmTrade(ctx, tx, by, { tradeId: request.params.tradeId.toLowerCase() as Hex });
          return { commandIds, body };
        }),
    );

    app.post<{ Params: Static<typeof TradeParams>; Body: Static<typeof RejectBody> }>(
      '/v1/trades/:tradeId/reject',
      {
        config: { idempotent: true },
        preValidation: absentBodyIsEmpty,
        schema: { tags: ['receivables'], summary: 'Reject a trade (its obligor); only the reason’s hash goes on-chain', params: TradeParams, body: RejectBody, response: { 202: Accepted(RejectAccepted.properties) } },
      },
      (request, reply) =>
        acceptCommand(ctx, request, reply, async (tx, by) => {
          const { commandIds, ...body } = await rejectTrade(ctx, tx, by, { tradeId: request.params.tradeId.toLowerCase() as Hex, reason: request.body.reason });
          return { commandIds, body };
        }),
    );

    app.post<{ Body: Static<typeof PayableBody> }>(
      '/v1/payables',
      {
        config: { idempotent: true },
        schema: { tags: ['receivables'], summary: 'Issue a payable to a supplier directly (core enterprise): the claim is minted at once', body: PayableBody, response: { 202: Accepted(NewTrade.properties) } },
      },
      (request, reply) =>
        acceptCommand(ctx, request, reply, async (tx, by) => {
          const b = request.body;
          const r = await issuePayable(ctx, tx, by, { ...b, consortiumId: b.consortiumId as Hex, documentsHash: b.documentsHash as Hex | undefined, amount: amountOf(b.amount, 'body.amount') });
          return { commandIds: r.commandIds, body: tradeBody(r) };
        }),
    );

    app.post<{ Body: Static<typeof AdvanceBody> }>(
      '/v1/advances',
      {
        config: { idempotent: true },
        schema: {
          tags: ['receivables'],
          summary: 'Issue CTs against a confirmed order (core enterprise): to the manufacturer (purchase-order financing) or to a distributor at the sale (channel financing)',
          body: AdvanceBody,
          response: { 202: Accepted(NewAdvance.properties) },
        },
      },
      (request, reply) =>
        acceptCommand(ctx, request, reply, async (tx, by) => {
          const b = request.body;
          const r = await issueAdvance(ctx, tx, by, { ...b, consortiumId: b.consortiumId as Hex, documentsHash: b.documentsHash as Hex | undefined, amount: amountOf(b.amount, 'body.amount') });
          return { commandIds: r.commandIds, body: { ...tradeBody(r), orderKey: r.orderKey, kind: r.kind } };
        }),
    );

    app.post<{ Params: Static<typeof ClaimParams>; Body: Static<typeof CloseOrderBody> }>(
      '/v1/advances/:id/close',
      {
        config: { idempotent: true },
        schema: {
          tags: ['receivables'],
          summary: "Close an advance's order on delivery and invoicing (its obligor): the invoice then backs these CTs and no other claim",
          params: ClaimParams,
          body: CloseOrderBody,
          response: { 202: Accepted(OrderClosedAccepted.properties) },
        },
      },
      (request, reply) =>
        acceptCommand(ctx, request, reply, async (tx, by) => {
          const { commandIds, ...body } = await closeOrder(ctx, tx, by, { claimId: request.params.id, invoiceNumber: request.body.invoiceNumber, deliveryHash: request.body.deliveryHash.toLowerCase() as Hex });
          return { commandIds, body };
        }),
    );

    app.get(
      '/v1/advances',
      { schema: { tags: ['receivables'], summary: 'Advances and their orders, open or closed (the parties, funders, operator and regulator)', response: { 200: Advances } } },
      async (request) => listAdvances(ctx.db, requirePrincipal(request)),
    );

    app.post<{ Params: Static<typeof ClaimParams>; Body: Static<typeof PaymentBody> }>(
      '/v1/claims/:id/payments',
      {
        config: { idempotent: true },
        schema: {
          tags: ['receivables'],
          summary:
            "Pay XT into the settlement of the claim's root (its obligor or its guarantor): at most the principal outstanding plus the late interest accrued; after the due date interest is settled first, then principal",
          params: ClaimParams,
          body: PaymentBody,
          response: {
            202: Accepted(PaymentAccepted.properties),
          },
        },
      },
      (request, reply) =>
        acceptCommand(ctx, request, reply, async (tx, by) => {
          const { commandIds, ...body } = await payClaim(ctx, tx, by, { claimId: claimIdOf(request.params.id), amount: amountOf(request.body.amount, 'body.amount') });
          return { commandIds, body };
        }),
    );

    app.post<{ Params: Static<typeof ClaimParams>; Body: Static<typeof RedemptionBody> }>(
      '/v1/claims/:id/redemptions',
      {
        config: { idempotent: true },
        preValidation: absentBodyIsEmpty,
        schema: {
          tags: ['receivables'],
          summary: "Redeem a matured holding for its share of the settlement (holder; the operator for any holder)",
          params: ClaimParams,
          body: RedemptionBody,
          response: { 202: Accepted(RedemptionAccepted.properties) },
        },
      },
      (request, reply) =>
        acceptCommand(ctx, request, reply, async (tx, by) => {
          const { commandIds, ...body } = await redeemClaim(ctx, tx, by, { claimId: claimIdOf(request.params.id), holderMemberId: request.body.holderMemberId });
          return { commandIds, body };
        }),
    );

    app.post<{ Params: Static<typeof RootParams>; Body: Static<typeof DistributeBody> }>(
      '/v1/settlements/:rootId/distribute',
      {
        config: { idempotent: true },
        preValidation: absentBodyIsEmpty,
        schema: {
          tags: ['receivables'],
          summary: `Push every holder's share of a paid settlement in batches of at most ${MAX_REDEEM_BATCH} holders per transaction (operator)`,
          params: RootParams,
          body: DistributeBody,
          response: {
            202: Accepted(DistributionAccepted.properties),
          },
        },
      },
      (request, reply) =>
        acceptCommand(ctx, request, reply, async (tx, by) => {
          const { commandIds, ...body } = await distributeSettlement(ctx, tx, by, { rootId: claimIdOf(request.params.rootId), batchSize: request.body.batchSize });
          return { commandIds, body };
        }),
    );
  };
}
