/**
 * Receivables financing, command side (docs/design/receivables-api.md): offers, the on-chain price of a claim
 * against an offer, quote requests and their answers, and sales (delivery versus payment). Offer listings are
 * in claimReads.ts.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Hex } from 'viem';
import type { Queryable } from '../../db/database.ts';
import type { ServiceContext } from '../../services/context.ts';
import type { Principal } from '../../services/apiKeys.ts';
import { answerQuote, cancelOffer, listQuotes, offerPrice, postOffer, requestQuote, sellClaim } from '../../services/market.ts';
import { parseAmount } from '../../services/claimChain.ts';
import { requestHash, withIdempotency } from '../../ledger/idempotency.ts';
import { requirePrincipal } from '../auth.ts';
import { idempotencyKey } from '../idempotency.ts';
import { Bytes32, MinorUnits, Type, Uuid, type Static } from '../schemas.ts';
import { absentBodyIsEmpty, Accepted, acceptCommand, NoBody } from './commandResponse.ts';
import { PositiveAmount } from './claims.ts';

const RateBps = Type.Integer({ minimum: 0, maximum: 10_000, description: 'discount rate per year in basis points (100 = 1 %; at most 100 %)' });
const Instant = Type.String({ format: 'date-time', description: 'ISO 8601 date-time, e.g. 2030-01-31T12:00:00Z' });

const OfferBody = Type.Object(
  {
    obligorMemberId: Uuid,
    rateBps: RateBps,
    limit: { ...PositiveAmount, description: 'the most face amount the funder will buy' },
    expiresAt: Instant,
    onlyHolderMemberId: Type.Optional({ ...Uuid, description: 'only this holder may sell against the offer' }),
  },
  { additionalProperties: false },
);
const QuoteBody = Type.Object({ claimId: Bytes32, amount: PositiveAmount }, { additionalProperties: false });
const AnswerBody = Type.Object({ rateBps: RateBps, expiresAt: Instant }, { additionalProperties: false });
const SaleBody = Type.Object(
  { offerId: Bytes32, amount: PositiveAmount, minPrice: Type.Optional({ ...MinorUnits, description: 'the least XT you accept (default: the price now)' }) },
  { additionalProperties: false },
);
const OfferParams = Type.Object({ offerId: Bytes32 }, { additionalProperties: false });
const QuoteParams = Type.Object({ quoteId: Bytes32 }, { additionalProperties: false });
const ClaimParams = Type.Object({ id: Bytes32 }, { additionalProperties: false });
const PriceQuery = Type.Object({ claimId: Bytes32, amount: PositiveAmount }, { additionalProperties: false });

const Nullable = <T extends ReturnType<typeof Type.String>>(s: T) => Type.Union([s, Type.Null()]);
const Member = Type.Object({ memberId: Type.String(), name: Type.String() });
const QuoteAnswer = Type.Object({
  offerId: Bytes32,
  funder: Member,
  rateBps: Type.Integer(),
  expiresAt: Nullable(Type.String()),
  status: Type.String({ description: 'pending (not yet on-chain), open, cancelled or exhausted' }),
  createdAt: Type.String(),
});
const Quote = Type.Object(
  {
    quoteId: Bytes32,
    claimId: Bytes32,
    amount: MinorUnits,
    requester: Member,
    status: Type.Union([Type.Literal('open'), Type.Literal('filled')]),
    answers: Type.Array(QuoteAnswer),
    createdAt: Type.String(),
  },
  { title: 'QuoteRequest' },
);
const Price = Type.Object(
  {
    offerId: Bytes32,
    claimId: Bytes32,
    amount: MinorUnits,
    price: MinorUnits,
    discount: MinorUnits,
    days: Type.Integer({ description: 'whole days to the due date; a started day counts' }),
    rateBps: Type.Integer(),
    dayCount: Type.String(),
    expiresAt: Type.String(),
    expired: Type.Boolean(),
    remaining: MinorUnits,
  },
  { title: 'OfferPrice' },
);

/**
 * Like acceptCommand, for a POST that only records something off-chain: once per Idempotency-Key, 201 with the
 * created resource (a replay answers the stored one).
 */
async function acceptRecord(ctx: ServiceContext, request: FastifyRequest, reply: FastifyReply, handle: (tx: Queryable, by: Principal) => Promise<object>) {
  const principal = requirePrincipal(request);
  const hash = requestHash(request.method, request.url.split('?')[0]!, request.body);
  const result = await withIdempotency(ctx.db, { scope: principal.memberId, key: idempotencyKey(request), hash }, async (tx) => ({
    statusCode: 201,
    body: { ...(await handle(tx, principal)) },
  }));
  if (result.replayed) reply.header('Idempotent-Replayed', 'true');
  return reply.code(result.statusCode).send(result.body);
}

export function marketRoutes(ctx: ServiceContext) {
  return (app: FastifyInstance) => {
    app.post<{ Body: Static<typeof OfferBody> }>(
      '/v1/offers',
      {
        config: { idempotent: true },
        schema: { tags: ['financing'], summary: 'Post a standing offer to buy claims on an obligor at a discount rate (funder)', body: OfferBody, response: { 202: Accepted({ offerId: Bytes32, expiresAt: Type.String() }) } },
      },
      (request, reply) =>
        acceptCommand(ctx, request, reply, async (tx, by) => {
          const { commandIds, ...body } = await postOffer(ctx, tx, by, { ...request.body, limit: parseAmount(request.body.limit, 'body.limit') });
          return { commandIds, body };
        }),
    );

    app.post<{ Params: Static<typeof OfferParams> }>(
      '/v1/offers/:offerId/cancel',
      {
        config: { idempotent: true },
        preValidation: absentBodyIsEmpty,
        schema: { tags: ['financing'], summary: 'Withdraw what is left of an offer (its funder)', params: OfferParams, body: NoBody, response: { 202: Accepted({ offerId: Bytes32 }) } },
      },
      (request, reply) =>
        acceptCommand(ctx, request, reply, async (tx, by) => {
          const { commandIds, ...body } = await cancelOffer(ctx, tx, by, { offerId: request.params.offerId.toLowerCase() as Hex });
          return { commandIds, body };
        }),
    );

    app.get<{ Params: Static<typeof OfferParams>; Querystring: Static<typeof PriceQuery> }>(
      '/v1/offers/:offerId/price',
      {
        schema: {
          tags: ['financing'],
          summary: "What an amount of a claim fetches against an offer now (the contract's quote: discount rounded down)",
          params: OfferParams,
          querystring: PriceQuery,
          response: { 200: Price },
        },
      },
      async (request) => {
        requirePrincipal(request);
        return offerPrice(ctx, ctx.db, {
          offerId: request.params.offerId.toLowerCase() as Hex,
          claimId: BigInt(request.query.claimId),
          amount: parseAmount(request.query.amount, 'query.amount'),
        });
      },
    );

    app.post<{ Body: Static<typeof QuoteBody> }>(
      '/v1/quotes',
      {
        config: { idempotent: true },
        schema: { tags: ['financing'], summary: 'Ask funders for a price on part of a claim you hold', body: QuoteBody, response: { 201: Quote } },
      },
      (request, reply) =>
        acceptRecord(ctx, request, reply, (tx, by) => requestQuote(ctx, tx, by, { claimId: BigInt(request.body.claimId), amount: parseAmount(request.body.amount, 'body.amount') })),
    );

    app.get(
      '/v1/quotes',
      { schema: { tags: ['financing'], summary: 'Quote requests with their answers (yours; open ones for funders; all for operator and regulator)', response: { 200: Type.Object({ items: Type.Array(Quote) }) } } },
      async (request) => ({ items: await listQuotes(ctx.db, requirePrincipal(request)) }),
    );

    app.post<{ Params: Static<typeof QuoteParams>; Body: Static<typeof AnswerBody> }>(
      '/v1/quotes/:quoteId/answers',
      {
        config: { idempotent: true },
        schema: {
          tags: ['financing'],
          summary: 'Answer a quote request with an offer only the requester may take, for the amount asked (funder)',
          params: QuoteParams,
          body: AnswerBody,
          response: { 202: Accepted({ quoteId: Bytes32, offerId: Bytes32, expiresAt: Type.String() }) },
        },
      },
      (request, reply) =>
        acceptCommand(ctx, request, reply, async (tx, by) => {
          const { commandIds, ...body } = await answerQuote(ctx, tx, by, { quoteId: request.params.quoteId.toLowerCase() as Hex, ...request.body });
          return { commandIds, body };
        }),
    );

    app.post<{ Params: Static<typeof ClaimParams>; Body: Static<typeof SaleBody> }>(
      '/v1/claims/:id/sales',
      {
        config: { idempotent: true },
        schema: {
          tags: ['financing'],
          summary: 'Sell part of a claim against an offer: claim to the funder, XT to you, in one transaction (holder)',
          params: ClaimParams,
          body: SaleBody,
          response: {
            202: Accepted({ claimId: Bytes32, offerId: Bytes32, amount: MinorUnits, price: MinorUnits, discount: MinorUnits, days: Type.Integer(), minPrice: MinorUnits }),
          },
        },
      },
      (request, reply) =>
        acceptCommand(ctx, request, reply, async (tx, by) => {
          const b = request.body;
          const { commandIds, ...body } = await sellClaim(ctx, tx, by, {
            claimId: BigInt(request.params.id),
            offerId: b.offerId.toLowerCase() as Hex,
            amount: parseAmount(b.amount, 'body.amount'),
            minPrice: b.minPrice === undefined ? undefined : BigInt(b.minPrice),
          });
          return { commandIds, body };
        }),
    );
  };
}
