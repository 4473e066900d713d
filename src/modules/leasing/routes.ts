import type { FastifyInstance } from 'fastify';
import type { Address, Hex } from 'viem';
import type { ModuleContext } from '../../platform/context.ts';
import { requirePrincipal } from '../../api/auth.ts';
import { Accepted, NoBody, parsePagination, Type, type Static } from '../../api/schemas.ts';
import { absentBodyIsEmpty, acceptCommand, acceptRecord, type CommandOutcome } from '../../api/commandResponse.ts';
import type { Queryable } from '../../db/database.ts';
import type { Principal } from '../identity/index.ts';
import { chainNow } from '../../chain/reads.ts';
import {
  acceptLease, acceptMatch, cancelOrRefund, certifyProvider, declareDefault, endLease, fundLease, payRent, postCapital, postDeviceOffer, postLeaseRequest, proposeLease,
  rateService, recordService,
} from './commands.ts';
import { creditRecords } from './credit.ts';
import { payUsageRent, quoteUsageRent } from './usageRent.ts';
import { getLease, listLeases, listProviders, listServices, matchesFor, rentPayments } from './queries.ts';
import {
  AcceptMatchBody, CapitalOfferBody, CertifyProviderBody, CreditRecord, DeviceOfferBody, FundLeaseBody, Lease, LeaseParams, LeaseRequestBody, Leases, LeasesQuery,
  Matches, PartyParams, Posted, ProposeLeaseBody, Providers, RateServiceBody, RecordServiceBody, RentPayments, RequestParams, ServiceKind, ServiceParams, Services,
  UsageRentSelection, UsageRentQuote,
} from './schemas.ts';

const Limit = Type.Optional(Type.String({ pattern: '^[0-9]{1,3}$' }));
const ProvidersQuery = Type.Object({ kind: Type.Optional(ServiceKind), limit: Limit }, { additionalProperties: false });
const ServicesQuery = Type.Object({ party: Type.Optional(Type.String({ pattern: '^0x[0-9a-fA-F]{40}$' })), limit: Limit }, { additionalProperties: false });
const RefundBody = Type.Object({ investor: Type.Optional(Type.String({ pattern: '^0x[0-9a-fA-F]{40}$' })) }, { additionalProperties: false });
const TAGS = ['leasing'];

export function leasingRoutes(ctx: ModuleContext) {
  return (app: FastifyInstance) => {
    // ── providers, services, ratings, credit ───────────────────────────────────────────────────────────────
    app.post<{ Body: Static<typeof CertifyProviderBody> }>(
      '/v1/leasing/providers',
      { config: { idempotent: true }, schema: { tags: TAGS, summary: 'Certify a member as a third-party service provider of some kinds (operator)', body: CertifyProviderBody, response: { 202: Accepted() } } },
      (request, reply) => acceptCommand(ctx, request, reply, (tx, by) => certifyProvider(ctx, tx, by, { provider: request.body.provider as Address, kinds: request.body.kinds })),
    );
    app.get<{ Querystring: Static<typeof ProvidersQuery> }>(
      '/v1/leasing/providers',
      { schema: { tags: TAGS, summary: 'Certified service providers with their credit records (ratings, services)', querystring: ProvidersQuery, response: { 200: Providers } } },
      async (request) => {
        requirePrincipal(request);
        return { items: await listProviders(ctx, { kind: request.query.kind, limit: parsePagination(request.query).limit }) };
      },
    );
    app.post<{ Body: Static<typeof RecordServiceBody> }>(
      '/v1/leasing/services',
      { config: { idempotent: true }, schema: { tags: TAGS, summary: 'Record a service the caller (a certified provider) completed for a member', body: RecordServiceBody, response: { 202: Accepted() } } },
      (request, reply) =>
        acceptCommand(ctx, request, reply, (tx, by) =>
          recordService(ctx, tx, by, {
            serviceId: request.body.serviceId as Hex, client: request.body.client as Address, kind: request.body.kind, leaseId: request.body.leaseId as Hex | undefined, reportHash: request.body.reportHash as Hex,
          }),
        ),
    );
    app.get<{ Querystring: Static<typeof ServicesQuery> }>(
      '/v1/leasing/services',
      { schema: { tags: TAGS, summary: 'Completed services and their ratings, newest first (public history)', querystring: ServicesQuery, response: { 200: Services } } },
      async (request) => {
        requirePrincipal(request);
        return { items: await listServices(ctx.db, { party: request.query.party, limit: parsePagination(request.query).limit }) };
      },
    );
    app.post<{ Params: Static<typeof ServiceParams>; Body: Static<typeof RateServiceBody> }>(
      '/v1/leasing/services/:serviceId/rating',
      { config: { idempotent: true }, schema: { tags: TAGS, summary: 'Rate a completed service, once, 1 to 5 (the party served)', params: ServiceParams, body: RateServiceBody, response: { 202: Accepted() } } },
      (request, reply) => acceptCommand(ctx, request, reply, (tx, by) => rateService(ctx, tx, by, { serviceId: request.params.serviceId as Hex, score: request.body.score })),
    );
    app.get<{ Params: Static<typeof PartyParams> }>(
      '/v1/leasing/credit/:party',
      { schema: { tags: TAGS, summary: "A party's credit record from its leasing history on-chain (leases, rent on time and late, deposits, ratings)", params: PartyParams, response: { 200: CreditRecord } } },
      async (request) => {
        requirePrincipal(request);
        const party = request.params.party.toLowerCase();
        return (await creditRecords(ctx, [party])).get(party)!;
      },
    );

    // ── leases ────────────────────────────────────────────────────────────────────────────────────────────
    app.post<{ Body: Static<typeof ProposeLeaseBody> }>(
      '/v1/leases',
      { config: { idempotent: true }, schema: { tags: TAGS, summary: "Propose a lease of the caller's device to a lessee (the device goes into the lease book's custody)", body: ProposeLeaseBody, response: { 202: Accepted() } } },
      (request, reply) => {
        const b = request.body;
        return acceptCommand(ctx, request, reply, (tx, by) =>
          proposeLease(ctx, tx, by, {
            leaseId: b.leaseId as Hex, deviceId: BigInt(b.deviceId), lessee: b.lessee as Address, consortiumId: b.consortiumId as Hex, price: BigInt(b.price),
            rentPerPeriod: BigInt(b.rentPerPeriod), usageRatePerHour: BigInt(b.usageRatePerHour ?? '0'), deposit: BigInt(b.deposit), periodDays: b.periodDays, periods: b.periods,
            lateRateBps: b.lateRateBps, dayCount: b.dayCount === 'ACT/365F' ? 1 : 0, fundingDeadline: new Date(b.fundingDeadline),
            providers: (b.providers ?? []).map((p) => ({ account: p.account as Address, kind: p.kind, bps: p.bps })),
          }),
        );
      },
    );
    app.get<{ Querystring: Static<typeof LeasesQuery> }>(
      '/v1/leases',
      { schema: { tags: TAGS, summary: 'Leases, newest first: by status, party (lessor, lessee or investor), device, or overdue (the regulator\'s view)', querystring: LeasesQuery, response: { 200: Leases } } },
      async (request) => {
        requirePrincipal(request);
        const q = request.query;
        return {
          items: await listLeases(ctx.db, {
            status: q.status, party: q.party, deviceId: q.deviceId, overdue: q.overdue === 'true', limit: parsePagination(q).limit, nowMs: (await chainNow(ctx)) * 1000,
          }),
        };
      },
    );
    app.get<{ Params: Static<typeof LeaseParams> }>(
      '/v1/leases/:leaseId',
      { schema: { tags: TAGS, summary: 'One lease: terms, providers, investors, rent paid, what is due next', params: LeaseParams, response: { 200: Lease } } },
      async (request) => {
        requirePrincipal(request);
        return getLease(ctx.db, request.params.leaseId, (await chainNow(ctx)) * 1000);
      },
    );
    app.get<{ Params: Static<typeof LeaseParams> }>(
      '/v1/leases/:leaseId/payments',
      { schema: { tags: TAGS, summary: "A lease's rent payments, each with its split among the platform, providers and investors", params: LeaseParams, response: { 200: RentPayments } } },
      async (request) => {
        requirePrincipal(request);
        return { items: await rentPayments(ctx.db, request.params.leaseId) };
      },
    );
    const leaseAction = (path: string, summary: string, run: (leaseId: Hex) => (tx: Queryable, by: Principal) => Promise<CommandOutcome>) =>
      app.post<{ Params: Static<typeof LeaseParams> }>(
        `/v1/leases/:leaseId/${path}`,
        { config: { idempotent: true }, preValidation: absentBodyIsEmpty, schema: { tags: TAGS, summary, params: LeaseParams, body: NoBody, response: { 202: Accepted() } } },
        (request, reply) => acceptCommand(ctx, request, reply, run(request.params.leaseId as Hex)),
      );
    leaseAction('accept', 'Accept a lease and post its deposit (the lessee)', (leaseId) => (tx, by) => acceptLease(ctx, tx, by, { leaseId }));
    leaseAction('rent', "Pay the next period's fixed rent, split on-chain at once (the lessee)", (leaseId) => (tx, by) => payRent(ctx, tx, by, { leaseId }));
    leaseAction('purchase', 'After the last period: buy the device at its salvage value (the lessee)', (leaseId) => (tx, by) => endLease(ctx, tx, by, { leaseId, action: 'purchase' }));
    leaseAction('return', 'After the last period: return the device to the lessor (the lessee)', (leaseId) => (tx, by) => endLease(ctx, tx, by, { leaseId, action: 'return' }));
    leaseAction(
      'default',
      "Declare a lease in default once its oldest unpaid period is a whole period late: the deposit pays the rent owed and late interest (split as rent), the rest goes back to the lessee, the device to the lessor",
      (leaseId) => (tx, by) => declareDefault(ctx, tx, by, { leaseId }),
    );
    leaseAction('cancel', 'Cancel a lease not funded by its deadline (device and deposit back)', (leaseId) => (tx, by) => cancelOrRefund(ctx, tx, by, { leaseId, action: 'cancel' }));
    app.get<{ Params: Static<typeof LeaseParams>; Querystring: Static<typeof UsageRentSelection> }>(
      '/v1/leases/:leaseId/usage-rent',
      {
        schema: {
          tags: TAGS, summary: "What the next period's rent per usage hour comes to now: the two anchored readings that bound it, with their Merkle proofs", params: LeaseParams,
          querystring: UsageRentSelection, response: { 200: UsageRentQuote },
        },
      },
      async (request) => {
        requirePrincipal(request);
        const toSeq = request.query.toSeq === undefined ? undefined : BigInt(request.query.toSeq);
        return (await quoteUsageRent(ctx, ctx.db, { leaseId: request.params.leaseId as Hex, toSeq })).quote;
      },
    );
    app.post<{ Params: Static<typeof LeaseParams>; Body: Static<typeof UsageRentSelection> }>(
      '/v1/leases/:leaseId/usage-rent',
      {
        config: { idempotent: true }, preValidation: absentBodyIsEmpty,
        schema: {
          tags: TAGS, summary: "Pay the next period's rent with its usage hours, measured between two anchored readings the platform proves on-chain (the lessee)",
          params: LeaseParams, body: UsageRentSelection, response: { 202: Accepted({ usage: UsageRentQuote }) },
        },
      },
      (request, reply) =>
        acceptCommand(ctx, request, reply, (tx, by) =>
          payUsageRent(ctx, tx, by, { leaseId: request.params.leaseId as Hex, toSeq: request.body.toSeq === undefined ? undefined : BigInt(request.body.toSeq) }),
        ),
    );
    app.post<{ Params: Static<typeof LeaseParams>; Body: Static<typeof FundLeaseBody> }>(
      '/v1/leases/:leaseId/fund',
      { config: { idempotent: true }, schema: { tags: TAGS, summary: "Fund part of an accepted lease's price (certified investors); mints its investment claims", params: LeaseParams, body: FundLeaseBody, response: { 202: Accepted() } } },
      (request, reply) => acceptCommand(ctx, request, reply, (tx, by) => fundLease(ctx, tx, by, { leaseId: request.params.leaseId as Hex, amount: BigInt(request.body.amount) })),
    );
    app.post<{ Params: Static<typeof LeaseParams>; Body: Static<typeof RefundBody> }>(
      '/v1/leases/:leaseId/refund',
      { config: { idempotent: true }, preValidation: absentBodyIsEmpty, schema: { tags: TAGS, summary: 'Give an investor of a cancelled lease its XT back', params: LeaseParams, body: RefundBody, response: { 202: Accepted() } } },
      (request, reply) =>
        acceptCommand(ctx, request, reply, (tx, by) => cancelOrRefund(ctx, tx, by, { leaseId: request.params.leaseId as Hex, action: 'refund', investor: request.body.investor as Address | undefined })),
    );

    // ── the marketplace and its matching ───────────────────────────────────────────────────────────────────
    app.post<{ Body: Static<typeof LeaseRequestBody> }>(
      '/v1/leasing/requests',
      { config: { idempotent: true }, schema: { tags: TAGS, summary: 'Post a lease request: equipment type, term, budget per period (a lessee)', body: LeaseRequestBody, response: { 201: Posted } } },
      (request, reply) =>
        acceptRecord(ctx, request, reply, (tx, by) =>
          postLeaseRequest(ctx, tx, by, { ...request.body, requestId: request.body.requestId as Hex, budgetPerPeriod: BigInt(request.body.budgetPerPeriod) }),
        ),
    );
    app.post<{ Body: Static<typeof DeviceOfferBody> }>(
      '/v1/leasing/offers',
      { config: { idempotent: true }, schema: { tags: TAGS, summary: 'Offer a device for lease: price, rent, term, deposit (a manufacturer)', body: DeviceOfferBody, response: { 201: Posted } } },
      (request, reply) => {
        const b = request.body;
        return acceptRecord(ctx, request, reply, (tx, by) =>
          postDeviceOffer(ctx, tx, by, { ...b, offerId: b.offerId as Hex, deviceId: BigInt(b.deviceId), price: BigInt(b.price), rentPerPeriod: BigInt(b.rentPerPeriod), deposit: BigInt(b.deposit) }),
        );
      },
    );
    app.post<{ Body: Static<typeof CapitalOfferBody> }>(
      '/v1/leasing/capital',
      { config: { idempotent: true }, schema: { tags: TAGS, summary: 'Offer capital for leases with a risk preference (a certified investor)', body: CapitalOfferBody, response: { 201: Posted } } },
      (request, reply) => acceptRecord(ctx, request, reply, (tx, by) => postCapital(ctx, tx, by, { capitalId: request.body.capitalId as Hex, amount: BigInt(request.body.amount), risk: request.body.risk })),
    );
    app.get<{ Params: Static<typeof RequestParams> }>(
      '/v1/leasing/requests/:requestId/matches',
      { schema: { tags: TAGS, summary: "A lease request's proposals, ranked by the documented rule, each party with its credit record", params: RequestParams, response: { 200: Matches } } },
      async (request) => {
        requirePrincipal(request);
        return matchesFor(ctx, request.params.requestId);
      },
    );
    app.post<{ Params: Static<typeof RequestParams>; Body: Static<typeof AcceptMatchBody> }>(
      '/v1/leasing/requests/:requestId/accept',
      { config: { idempotent: true }, schema: { tags: TAGS, summary: 'Accept one proposal of your lease request (the lessee); the manufacturer then proposes the lease', params: RequestParams, body: AcceptMatchBody, response: { 201: Posted } } },
      (request, reply) => acceptRecord(ctx, request, reply, (tx, by) => acceptMatch(ctx, tx, by, { requestId: request.params.requestId as Hex, offerId: request.body.offerId as Hex })),
    );
  };
}
