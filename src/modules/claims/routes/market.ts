/**
 * The market's routes: offers (post, cancel, list, one, the price of a claim against one), quote requests and
 * their answers, and sales (delivery versus payment).
 */
import type { FastifyInstance } from 'fastify';
import type { Hex } from 'viem';
import type { ModuleContext } from '../../../platform/context.ts';
import { requirePrincipal } from '../../../api/auth.ts';
import { Accepted, NoBody, type Static } from '../../../api/schemas.ts';
import { absentBodyIsEmpty, acceptCommand, acceptRecord } from '../../../api/commandResponse.ts';
import { parseAmount } from '../chain.ts';
import { answerQuote, cancelOffer, listQuotes, offerPrice, postOffer, requestQuote, sellClaim } from '../commands/market.ts';
import { getOffer, listOffers } from '../queries/offers.ts';
import {
  AnswerAccepted,
  AnswerBody,
  OfferAccepted,
  OfferCancelAccepted,
  SaleAccepted,
  ClaimParams,
  OfferBody,
  OfferParams,
  OfferPrice,
  Offer,
  Offers,
  OffersQuery,
  PriceQuery,
  QuoteBody,
  QuoteParams,
  QuoteRequest,
  QuoteRequests,
  SaleBody,
} from '../schemas.ts';

export function marketRoutes(ctx: ModuleContext) {
  return (app: FastifyInstance) => {
    app.post<{ Body: Static<typeof OfferBody> }>(
      '/v1/offers',
      {
        config: { idempotent: true },
        schema: { tags: ['financing'], summary: 'Post a standing offer to buy claims on an obligor at a discount rate (funder)', body: OfferBody, response: { 202: Accepted(OfferAccepted.properties) } },
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
        schema: { tags: ['financing'], summary: 'Withdraw what is left of an offer (its funder)', params: OfferParams, body: NoBody, response: { 202: Accepted(OfferCancelAccepted.properties) } },
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
          response: { 200: OfferPrice },
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
        schema: { tags: ['financing'], summary: 'Ask funders for a price on part of a claim you hold', body: QuoteBody, response: { 201: QuoteRequest } },
      },
      (request, reply) =>
        acceptRecord(ctx, request, reply, (tx, by) => requestQuote(ctx, tx, by, { claimId: BigInt(request.body.claimId), amount: parseAmount(request.body.amount, 'body.amount') })),
    );

    app.get(
      '/v1/quotes',
      { schema: { tags: ['financing'], summary: 'Quote requests with their answers (yours; open ones for funders; all for operator and regulator)', response: { 200: QuoteRequests } } },
      async (request) => ({ items: await listQuotes(ctx, requirePrincipal(request)) }),
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
          response: { 202: Accepted(AnswerAccepted.properties) },
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
          response: { 202: Accepted(SaleAccepted.properties) },
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

    app.get<{ Querystring: Static<typeof OffersQuery> }>(
      '/v1/offers',
      {
        schema: {
          tags: ['offers'],
          summary: 'Offers, best rate first: open ones by default; quote answers only to their funder and holder',
          querystring: OffersQuery,
          response: { 200: Offers },
        },
      },
      async (request) =>
        listOffers(ctx, requirePrincipal(request), {
          obligorMemberId: request.query.obligorMemberId,
          funderMemberId: request.query.funderMemberId,
          status: request.query.status as 'open' | 'all' | undefined,
        }),
    );

    app.get<{ Params: Static<typeof OfferParams> }>(
      '/v1/offers/:offerId',
      { schema: { tags: ['offers'], summary: 'One offer', params: OfferParams, response: { 200: Offer } } },
      async (request) => getOffer(ctx, requirePrincipal(request), request.params.offerId),
    );
  };
}
