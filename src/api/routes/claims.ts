/**
 * Receivables, command side (docs/design/receivables-api.md): credit lines, trades, payables, transfers,
 * modifications, payments, redemptions and settlement distribution. Each POST checks its rules against chain
 * state, then answers 202 with the ids it computed and the commands it enqueued. Reads are in claimReads.ts.
 */
import type { FastifyInstance } from 'fastify';
import type { Hex } from 'viem';
import type { ServiceContext } from '../../services/context.ts';
import {
  confirmTrade,
  issuePayable,
  modifyClaim,
  payClaim,
  redeemClaim,
  rejectTrade,
  setCreditLine,
  submitTrade,
  transferClaim,
  checkClaimTransfer,
  type CheckedTransfer,
  type NewTradeResult,
} from '../../services/claims.ts';
import { distributeSettlement, MAX_REDEEM_BATCH } from '../../services/settlement.ts';
import { acceptGuarantee, proposeGuarantee, withdrawGuarantee } from '../../services/guarantees.ts';
import { parseAmount, UINT128_MAX } from '../../services/claimChain.ts';
import { ValidationError } from '../../common/errors.ts';
import { Bytes32, MinorUnits, Type, Uuid, type Static } from '../schemas.ts';
import { absentBodyIsEmpty, Accepted, acceptCommand, NoBody } from './commandResponse.ts';

export const PositiveAmount = Type.String({ pattern: '^[1-9][0-9]{0,38}$', description: 'integer amount in minor units of XT as a decimal string; at least 1, at most 2^128 − 1' });
export const DateOnly = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'YYYY-MM-DD; on-chain it is UTC midnight of that day' });
const RateBps = Type.Integer({ minimum: 0, maximum: 65_535, description: 'basis points per year (100 = 1 %)' });
const MaxHops = Type.Integer({ minimum: 0, maximum: 255, description: 'how many times a unit may be passed on after issue' });
const DayCount = Type.Union([Type.Literal('ACT/360'), Type.Literal('ACT/365F')], { description: 'day-count convention (default ACT/360)' });
const InvoiceNumber = Type.String({ minLength: 1, maxLength: 128, pattern: '\\S', description: "the supplier's invoice number; with the supplier's address it makes the invoice key" });

const tradeFields = {
  consortiumId: Bytes32,
  invoiceNumber: InvoiceNumber,
  amount: PositiveAmount,
  dueDate: DateOnly,
  lateRateBps: Type.Optional({ ...RateBps, description: 'late interest per year after the due date, in basis points (default 0)' }),
  maxHops: Type.Optional({ ...MaxHops, description: 'transfer depth (default 5)' }),
  dayCount: Type.Optional(DayCount),
  documentsHash: Type.Optional({ ...Bytes32, description: 'hash of the invoice and contract documents; each backs one claim at most' }),
};
const TradeBody = Type.Object({ obligorMemberId: Uuid, ...tradeFields }, { additionalProperties: false });
const PayableBody = Type.Object({ supplierMemberId: Uuid, ...tradeFields }, { additionalProperties: false });
const CreditLineBody = Type.Object(
  { obligorMemberId: Uuid, limit: { ...MinorUnits, pattern: '^(0|[1-9][0-9]{0,38})$', description: 'the most the core enterprise may owe in outstanding claims' } },
  { additionalProperties: false },
);
const GuaranteeBody = Type.Object(
  { guarantorMemberId: { ...Uuid, description: 'a certified guarantor (not the core enterprise itself); it must accept before the guarantee takes effect' } },
  { additionalProperties: false },
);
const RejectBody = Type.Object({ reason: Type.Optional(Type.String({ maxLength: 1000 })) }, { additionalProperties: false });
const TransferBody = Type.Object({ toMemberId: Uuid, amount: PositiveAmount }, { additionalProperties: false });
const ModifyBody = Type.Object(
  {
    amount: PositiveAmount,
    dueDate: Type.Optional({ ...DateOnly, description: 'no earlier than the parent’s (default: the parent’s)' }),
    lateRateBps: Type.Optional({ ...RateBps, description: 'no higher than the parent’s (default: the parent’s)' }),
    maxHops: Type.Optional({ ...MaxHops, description: 'no more than the parent’s (default: the parent’s)' }),
  },
  { additionalProperties: false },
);
const PaymentBody = Type.Object({ amount: PositiveAmount }, { additionalProperties: false });
const RedemptionBody = Type.Object({ holderMemberId: Type.Optional({ ...Uuid, description: 'operator only: whose holding to redeem (default: your own)' }) }, { additionalProperties: false });
const DistributeBody = Type.Object(
  { batchSize: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_REDEEM_BATCH, description: `holders per transaction (default and at most ${MAX_REDEEM_BATCH})` })) },
  { additionalProperties: false },
);

const ClaimParams = Type.Object({ id: Bytes32 }, { additionalProperties: false });
const LineParams = Type.Object({ memberId: Uuid }, { additionalProperties: false });
const GuaranteeAnswer = {
  obligorMemberId: Uuid,
  guarantorMemberId: Type.Union([Uuid, Type.Null()]),
  status: Type.Union([Type.Literal('proposed'), Type.Literal('active'), Type.Literal('withdrawn')], { description: 'what the guarantee will be once the command is confirmed' }),
};
const TradeParams = Type.Object({ tradeId: Bytes32 }, { additionalProperties: false });
const RootParams = Type.Object({ rootId: Bytes32 }, { additionalProperties: false });

const Terms = Type.Object(
  { dueDate: DateOnly, lateRateBps: Type.Integer(), maxHops: Type.Integer(), dayCount: Type.String() },
  { title: 'ClaimTermsApplied', description: 'the terms as sent to the chain, defaults included' },
);
const NewTrade = { tradeId: Bytes32, invoiceKey: Bytes32, claimId: Bytes32, terms: Terms };

const amountOf = (value: string, field: string) => parseAmount(value, field);
const claimIdOf = (hex: string) => BigInt(hex);
const tradeBody = (r: NewTradeResult) => ({ tradeId: r.tradeId, invoiceKey: r.invoiceKey, claimId: r.claimId, terms: r.terms });

export function claimRoutes(ctx: ServiceContext) {
  return (app: FastifyInstance) => {
    app.post<{ Body: Static<typeof CreditLineBody> }>(
      '/v1/credit-lines',
      {
        config: { idempotent: true },
        schema: { tags: ['receivables'], summary: "Set a core enterprise's credit line (operator or funder)", body: CreditLineBody, response: { 202: Accepted({ obligorMemberId: Uuid, limit: MinorUnits, used: MinorUnits }) } },
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
          response: { 202: Accepted(GuaranteeAnswer) },
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
          response: { 202: Accepted(GuaranteeAnswer) },
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
          response: { 202: Accepted({ ...GuaranteeAnswer, wasActive: Type.Boolean() }) },
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
          response: { 202: Accepted(NewTrade) },
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
        schema: { tags: ['receivables'], summary: "Confirm a trade (its obligor): the claim is minted to the supplier", params: TradeParams, body: NoBody, response: { 202: Accepted({ tradeId: Bytes32, claimId: Bytes32 }) } },
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
        schema: { tags: ['receivables'], summary: 'Reject a trade (its obligor); only the reason’s hash goes on-chain', params: TradeParams, body: RejectBody, response: { 202: Accepted({ tradeId: Bytes32, reasonHash: Bytes32 }) } },
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
        schema: { tags: ['receivables'], summary: 'Issue a payable to a supplier directly (core enterprise): the claim is minted at once', body: PayableBody, response: { 202: Accepted(NewTrade) } },
      },
      (request, reply) =>
        acceptCommand(ctx, request, reply, async (tx, by) => {
          const b = request.body;
          const r = await issuePayable(ctx, tx, by, { ...b, consortiumId: b.consortiumId as Hex, documentsHash: b.documentsHash as Hex | undefined, amount: amountOf(b.amount, 'body.amount') });
          return { commandIds: r.commandIds, body: tradeBody(r) };
        }),
    );

    app.post<{ Params: Static<typeof ClaimParams>; Body: Static<typeof TransferBody> }>(
      '/v1/claims/:id/transfers',
      {
        config: { idempotent: true },
        schema: { tags: ['receivables'], summary: 'Pass part of a claim on to another member of its consortium (holder)', params: ClaimParams, body: TransferBody, response: { 202: Accepted({ claimId: Bytes32, toMemberId: Uuid, amount: MinorUnits }) } },
      },
      (request, reply) => {
        const transfer = { claimId: claimIdOf(request.params.id), toMemberId: request.body.toMemberId, amount: amountOf(request.body.amount, 'body.amount') };
        return acceptCommand<CheckedTransfer>(
          ctx,
          request,
          reply,
          async (tx, by, checked) => {
            const { commandIds, ...body } = await transferClaim(ctx, tx, by, transfer, checked);
            return { commandIds, body };
          },
          (by) => checkClaimTransfer(ctx, ctx.db, by, transfer),
        );
      },
    );

    app.post<{ Params: Static<typeof ClaimParams>; Body: Static<typeof ModifyBody> }>(
      '/v1/claims/:id/modifications',
      {
        config: { idempotent: true },
        schema: {
          tags: ['receivables'],
          summary: 'Turn part of a claim into a child id with narrower terms (holder); omitted fields keep the parent’s value',
          params: ClaimParams,
          body: ModifyBody,
          response: { 202: Accepted({ claimId: Bytes32, childId: Bytes32, amount: MinorUnits, terms: Terms }) },
        },
      },
      (request, reply) =>
        acceptCommand(ctx, request, reply, async (tx, by) => {
          const { commandIds, ...body } = await modifyClaim(ctx, tx, by, { ...request.body, claimId: claimIdOf(request.params.id), amount: amountOf(request.body.amount, 'body.amount') });
          return { commandIds, body };
        }),
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
            202: Accepted({
              claimId: Bytes32,
              rootId: Bytes32,
              payer: Type.Union([Type.Literal('obligor'), Type.Literal('guarantor')], { description: 'as whom you pay' }),
              amount: MinorUnits,
              interest: { ...MinorUnits, description: 'the late-interest part, at the chain clock now (settled first)' },
              principal: { ...MinorUnits, description: 'the principal part, at the chain clock now (frees the credit line)' },
              outstanding: { ...MinorUnits, description: 'principal and late interest still owed after this payment, at the chain clock now' },
            }),
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
          response: { 202: Accepted({ claimId: Bytes32, rootId: Bytes32, holderMemberId: Uuid, payout: MinorUnits }) },
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
            202: Accepted({
              rootId: Bytes32,
              holdings: Type.Integer({ description: 'holdings with something to redeem' }),
              batches: Type.Integer(),
              total: MinorUnits,
              notYetDue: Type.Array(Type.Object({ claimId: Bytes32, dueDate: DateOnly }), { description: 'ids of the tree with a later due date: distribute again once they mature' }),
              skipped: Type.Array(Type.Object({ claimId: Bytes32, holder: Type.String(), payout: MinorUnits }), { description: 'holdings of suspended or revoked holders, left in the settlement' }),
            }),
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
