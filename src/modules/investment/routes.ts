import type { FastifyInstance } from 'fastify';
import type { Address, Hex } from 'viem';
import type { ModuleContext } from '../../platform/context.ts';
import { requirePrincipal } from '../../api/auth.ts';
import { Accepted, NoBody, parsePagination, Type, type Static } from '../../api/schemas.ts';
import { absentBodyIsEmpty, acceptCommand } from '../../api/commandResponse.ts';
import { collectListing, createListing, fundListing, listingPayout } from './commands.ts';
import { getListing, listListings, poolEpochs } from './queries.ts';
import { CreateListingBody, FundListingBody, Listing, ListingParams, Listings, ListingStatus, PayoutBody, PoolEpochs, PoolParams } from './schemas.ts';

const ListingsQuery = Type.Object({ status: Type.Optional(ListingStatus), limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,3}$' })) }, { additionalProperties: false });

export function investmentRoutes(ctx: ModuleContext) {
  return (app: FastifyInstance) => {
    app.post<{ Body: Static<typeof CreateListingBody> }>(
      '/v1/listings',
      { config: { idempotent: true }, schema: { tags: ['investment'], summary: 'List claim units for P2P financing (escrowed until funded or failed)', body: CreateListingBody, response: { 202: Accepted() } } },
      (request, reply) =>
        acceptCommand(ctx, request, reply, (tx, by) =>
          createListing(ctx, tx, by, {
            listingId: request.body.listingId as Hex,
            claimId: BigInt(request.body.claimId),
            units: BigInt(request.body.units),
            price: BigInt(request.body.price),
            deadline: new Date(request.body.deadline),
          }),
        ),
    );

    app.post<{ Params: Static<typeof ListingParams>; Body: Static<typeof FundListingBody> }>(
      '/v1/listings/:listingId/fund',
      { config: { idempotent: true }, schema: { tags: ['investment'], summary: 'Fund part of an open listing (certified investors); mints investment claims', params: ListingParams, body: FundListingBody, response: { 202: Accepted() } } },
      (request, reply) => acceptCommand(ctx, request, reply, (tx, by) => fundListing(ctx, tx, by, { listingId: request.params.listingId as Hex, amount: BigInt(request.body.amount) })),
    );

    for (const action of ['claim', 'refund'] as const) {
      app.post<{ Params: Static<typeof ListingParams>; Body: Static<typeof PayoutBody> }>(
        `/v1/listings/:listingId/${action}`,
        {
          config: { idempotent: true },
          preValidation: absentBodyIsEmpty,
          schema: {
            tags: ['investment'],
            summary: action === 'claim' ? "Pay an investor its share of what the listing collected (burns its units at the end)" : 'Refund an investor of a listing that missed its deadline',
            params: ListingParams,
            body: PayoutBody,
            response: { 202: Accepted() },
          },
        },
        (request, reply) =>
          acceptCommand(ctx, request, reply, (tx, by) =>
            listingPayout(ctx, tx, by, { listingId: request.params.listingId as Hex, investor: request.body.investor as Address | undefined, action }),
          ),
      );
    }

    app.post<{ Params: Static<typeof ListingParams> }>(
      '/v1/listings/:listingId/collect',
      { config: { idempotent: true }, preValidation: absentBodyIsEmpty, schema: { tags: ['investment'], summary: "Collect what settlement owes a funded listing's claim", params: ListingParams, body: NoBody, response: { 202: Accepted() } } },
      (request, reply) => acceptCommand(ctx, request, reply, (tx, by) => collectListing(ctx, tx, by, { listingId: request.params.listingId as Hex })),
    );

    app.get<{ Querystring: Static<typeof ListingsQuery> }>(
      '/v1/listings',
      { schema: { tags: ['investment'], summary: 'P2P listings, newest first', querystring: ListingsQuery, response: { 200: Listings } } },
      async (request) => {
        requirePrincipal(request);
        return { items: await listListings(ctx.db, { status: request.query.status, limit: parsePagination(request.query).limit }) };
      },
    );

    app.get<{ Params: Static<typeof ListingParams> }>(
      '/v1/listings/:listingId',
      { schema: { tags: ['investment'], summary: 'One listing: its terms, funding and payouts', params: ListingParams, response: { 200: Listing } } },
      async (request) => {
        requirePrincipal(request);
        return getListing(ctx.db, request.params.listingId);
      },
    );

    app.get<{ Params: Static<typeof PoolParams> }>(
      '/v1/pools/:poolId/epochs',
      { schema: { tags: ['investment'], summary: "A pool's epochs: each tranche's previous value, target, value after the waterfall and after the requests", params: PoolParams, response: { 200: PoolEpochs } } },
      async (request) => {
        requirePrincipal(request);
        return poolEpochs(ctx.db, request.params.poolId);
      },
    );
  };
}
