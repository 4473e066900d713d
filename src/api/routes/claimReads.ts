/**
 * The read side of the receivables API (docs/design/receivables-api.md): claims, their trace, trades, credit
 * lines, offers and member positions, answered from the indexer's read models (src/services/claimQueries.ts).
 * The command side (POSTs, offer prices, quotes) lives in claims.ts / market.ts.
 */
import type { FastifyInstance } from 'fastify';
import type { ServiceContext } from '../../services/context.ts';
import {
  getClaim,
  getCreditLine,
  listCreditLines,
  getOffer,
  getTrace,
  getTrade,
  listClaims,
  listOffers,
  listTrades,
  memberPosition,
} from '../../services/claimQueries.ts';
import { requirePrincipal } from '../auth.ts';
import { Bytes32, MinorUnits, Page, PaginationQueryProperties, parsePagination, Type, Uuid, type Static, type TSchema } from '../schemas.ts';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const DateOnly = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'YYYY-MM-DD (UTC)' });
const Instant = Type.String({ format: 'date-time' });
const BlockNumber = Type.String({ pattern: '^[0-9]+$', description: 'block number, decimal string' });

const Party = Type.Object(
  {
    memberId: Nullable(Type.String()),
    name: Nullable(Type.String()),
    address: Nullable(Type.String({ description: 'null when the party is hidden from you' })),
  },
  { title: 'ClaimParty', description: 'a member; every field null when the party is hidden from you' },
);
const PartyAt = Type.Object(
  {
    memberId: Nullable(Type.String()),
    name: Nullable(Type.String()),
    address: Nullable(Type.String()),
    hops: Nullable(Type.Integer({ description: 'hop count of the holding (tier depth: 0 = the supplier the claim was issued to)' })),
  },
  { title: 'ClaimPartyAt' },
);
const Holding = Type.Object({ balance: MinorUnits, hops: Type.Integer(), redeemed: MinorUnits });
const Holder = Type.Object({ party: Party, balance: MinorUnits, hops: Type.Integer(), redeemed: MinorUnits }, { title: 'ClaimHolder' });
const Settlement = Type.Object(
  {
    rootId: Bytes32,
    face: MinorUnits,
    paid: { ...MinorUnits, description: 'every XT paid in: principal and late interest (holders share it pro rata by units)' },
    distributed: MinorUnits,
    principalPaid: MinorUnits,
    interestPaid: { ...MinorUnits, description: 'the late-interest part of paid' },
    outstanding: { ...MinorUnits, description: 'face − principalPaid: principal still owed' },
    lateInterest: { ...MinorUnits, description: 'late interest accrued and unpaid at asOf: what Receivables.owed returns on-chain' },
    owed: { ...MinorUnits, description: 'outstanding + lateInterest: the most a payment may be at asOf' },
    overdueDays: Type.Integer({ description: "whole days after the root's due date while principal is unpaid (a started day counts)" }),
    accrual: Type.Object(
      {
        accruedDays: Type.Integer({ description: 'days after the due date accrued at the last late payment' }),
        interestDue: { ...MinorUnits, description: 'interest accrued to then and not yet paid' },
        carry: Type.String({ pattern: '^[0-9]+$', description: 'the floors’ residue: a fraction of a minor unit, in units of 1 / (10 000 × day-count basis)' }),
      },
      { description: 'the on-chain late-interest checkpoint' },
    ),
    held: Type.String({ description: 'paid − distributed: awaiting redemption, or residue of the floors' }),
    status: Type.Union([Type.Literal('unpaid'), Type.Literal('partially_paid'), Type.Literal('paid')], { description: 'paid once the principal is paid in full' }),
    guarantor: Nullable(Party),
    asOf: Instant,
  },
  { title: 'Settlement' },
);
const Maturity = Type.Object(
  {
    asOf: Instant,
    daysToMaturity: Type.Integer(),
    overdueDays: Type.Integer(),
    unpaid: { ...MinorUnits, description: "this id's share of the principal unpaid: floor(totalSupply × outstanding / face)" },
    lateInterest: { ...MinorUnits, description: "this id's share of the root's late interest accrued and unpaid: floor(totalSupply × lateInterest / face)" },
  },
  { title: 'Maturity' },
);
const DayCount = Type.Union([Type.Literal('ACT/360'), Type.Literal('ACT/365F')]);
const termsProperties = {
  id: Bytes32,
  parentId: Nullable(Bytes32),
  rootId: Bytes32,
  depth: Type.Integer({ description: 'depth in the modify tree: 0 = the issued claim' }),
  kind: Type.String(),
  obligor: Party,
  consortiumId: Bytes32,
  documentsHash: Nullable(Bytes32),
  dueDate: DateOnly,
  dueAt: Instant,
  lateRateBps: Type.Integer(),
  maxHops: Type.Integer(),
  dayCount: DayCount,
  totalSupply: MinorUnits,
  definedAt: Instant,
  definedBlock: BlockNumber,
};

const Claim = Type.Object(
  {
    ...termsProperties,
    trade: Nullable(Type.Object({ tradeId: Bytes32, supplier: Party })),
    holders: Type.Array(Holder),
    yourHolding: Nullable(Holding),
    settlement: Type.Union([Settlement, Type.Null()], {
      description: "the root's payment state; null unless you participate in the claim's tree (obligor, guarantor, holder now or before, a funder it is offered to) or are the operator or regulator",
    }),
    maturity: Type.Union([Maturity, Type.Null()], { description: 'null when settlement is' }),
    partiesHidden: Type.Boolean(),
  },
  { title: 'Claim' },
);
const ClaimSummary = Type.Object(
  { ...termsProperties, holding: Nullable(Holding), settlement: Settlement, maturity: Maturity },
  { title: 'ClaimSummary' },
);

const Trade = Type.Object(
  {
    tradeId: Bytes32,
    status: Type.Union(['pending', 'submitted', 'confirmed', 'rejected'].map((s) => Type.Literal(s))),
    supplier: Nullable(Party),
    obligor: Nullable(Party),
    amount: Nullable(MinorUnits),
    dueDate: Nullable(DateOnly),
    invoiceKey: Nullable(Bytes32),
    invoiceNumber: Nullable(Type.String()),
    issueDate: Nullable(Type.String()),
    note: Nullable(Type.String()),
    documentsHash: Nullable(Bytes32),
    claimId: Nullable(Bytes32),
    reasonHash: Nullable(Bytes32),
    submittedAt: Nullable(Instant),
    decidedAt: Nullable(Instant),
  },
  { title: 'Trade' },
);

const TraceNode = Type.Object({ ...termsProperties, children: Type.Array(Bytes32), holders: Type.Array(Holder) }, { title: 'TraceNode' });
const TraceEdge = Type.Object(
  {
    kind: Type.Union(['issue', 'transfer', 'modify', 'sale', 'redeem', 'burn', 'mint'].map((k) => Type.Literal(k))),
    claimId: Bytes32,
    childId: Nullable(Bytes32),
    from: Nullable(PartyAt),
    to: Nullable(PartyAt),
    amount: MinorUnits,
    price: Nullable(MinorUnits),
    discount: Nullable(MinorUnits),
    offerId: Nullable(Bytes32),
    days: Nullable(Type.Integer()),
    txHash: Type.String(),
    blockNumber: BlockNumber,
    logIndex: Type.Integer(),
    at: Instant,
  },
  { title: 'TraceEdge' },
);
const Trace = Type.Object(
  {
    rootId: Bytes32,
    claimId: Bytes32,
    asOf: Instant,
    obligor: Party,
    trade: Nullable(Trade),
    settlement: Settlement,
    nodes: Type.Array(TraceNode),
    edges: Type.Array(TraceEdge),
    payments: Type.Array(
      Type.Object({
        payer: Party,
        payerRole: Type.Union([Type.Literal('obligor'), Type.Literal('guarantor'), Type.Literal('other')]),
        amount: MinorUnits,
        principal: MinorUnits,
        interest: { ...MinorUnits, description: 'the late-interest part (settled first)' },
        paidTotal: MinorUnits,
        txHash: Type.String(),
        blockNumber: BlockNumber,
        at: Instant,
      }),
    ),
    accruals: Type.Array(
      Type.Object({
        daysLate: Type.Integer(),
        principal: MinorUnits,
        accrued: MinorUnits,
        interestDue: MinorUnits,
        carry: Type.String({ pattern: '^[0-9]+$' }),
        txHash: Type.String(),
        blockNumber: BlockNumber,
        at: Instant,
      }),
      { description: 'late-interest checkpoints on the root (one per late payment that reached a new day)' },
    ),
    guarantee: Nullable(Type.Object({ guarantor: Party, since: Instant })),
    partiesHidden: Type.Boolean(),
  },
  { title: 'ClaimTrace' },
);

const Guarantee = Type.Object(
  {
    guarantor: Party,
    status: Type.Union([Type.Literal('proposed'), Type.Literal('active')], { description: 'active once the guarantor accepted on-chain' }),
    proposedBy: Party,
    proposedAt: Instant,
    acceptedAt: Nullable(Instant),
  },
  { title: 'CreditLineGuarantee' },
);
const CreditLine = Type.Object(
  { obligor: Party, limit: MinorUnits, used: MinorUnits, available: MinorUnits, updatedAt: Nullable(Instant), guarantee: Nullable(Guarantee) },
  { title: 'CreditLine' },
);

const Offer = Type.Object(
  {
    offerId: Bytes32,
    funder: Party,
    obligor: Party,
    rateBps: Type.Integer(),
    limit: MinorUnits,
    remaining: MinorUnits,
    expiresAt: Instant,
    onlyHolder: Nullable(Party),
    quoteId: Nullable(Type.String()),
    status: Type.Union(['open', 'cancelled', 'exhausted', 'expired'].map((s) => Type.Literal(s))),
    postedAt: Instant,
    closedAt: Nullable(Instant),
  },
  { title: 'Offer' },
);

const Financing = Type.Object({
  claimId: Bytes32,
  rootId: Nullable(Bytes32),
  offerId: Bytes32,
  counterparty: Party,
  amount: MinorUnits,
  price: MinorUnits,
  discount: MinorUnits,
  days: Type.Integer(),
  txHash: Type.String(),
  at: Instant,
});
const FinancingSide = Type.Object({ amount: MinorUnits, price: MinorUnits, discount: MinorUnits, items: Type.Array(Financing) });
const Position = Type.Object(
  {
    member: Party,
    asOf: Instant,
    holds: Type.Object({
      total: MinorUnits,
      items: Type.Array(
        Type.Object({
          claimId: Bytes32,
          rootId: Bytes32,
          obligor: Party,
          dueDate: DateOnly,
          dayCount: DayCount,
          balance: MinorUnits,
          hops: Type.Integer(),
          redeemed: MinorUnits,
          redeemable: MinorUnits,
          overdueDays: Type.Integer(),
        }),
      ),
    }),
    owes: Type.Object({
      total: MinorUnits,
      overdue: MinorUnits,
      lateInterest: MinorUnits,
      ladder: Type.Array(
        Type.Object({ dueDate: DateOnly, claimIds: Type.Array(Bytes32), unpaid: MinorUnits, overdueDays: Type.Integer(), lateInterest: MinorUnits }),
      ),
    }),
    financed: Type.Object({ sold: FinancingSide, bought: FinancingSide }),
    creditLine: Nullable(CreditLine),
    guarantees: Type.Object(
      {
        total: MinorUnits,
        overdue: MinorUnits,
        lateInterest: MinorUnits,
        items: Type.Array(
          Type.Object({
            rootId: Bytes32,
            obligor: Party,
            dueDate: DateOnly,
            outstanding: MinorUnits,
            lateInterest: MinorUnits,
            overdueDays: Type.Integer(),
            status: Type.Union([Type.Literal('unpaid'), Type.Literal('partially_paid'), Type.Literal('paid')]),
          }),
        ),
      },
      { description: 'unsettled claims the member guarantees, and what is owed on them' },
    ),
  },
  { title: 'MemberPosition' },
);

const ClaimParams = Type.Object({ id: Bytes32 }, { additionalProperties: false });
const TradeParams = Type.Object({ tradeId: Bytes32 }, { additionalProperties: false });
const OfferParams = Type.Object({ offerId: Bytes32 }, { additionalProperties: false });
const CreditLineParams = Type.Object({ memberId: Uuid }, { additionalProperties: false });
const MemberParams = Type.Object({ id: Uuid }, { additionalProperties: false });
const ClaimsQuery = Type.Object(
  {
    ...PaginationQueryProperties,
    holder: Type.Optional(Type.String({ ...Uuid, description: 'member id: claims this member holds now' })),
    obligor: Type.Optional(Type.String({ ...Uuid, description: 'member id: claims this member owes' })),
    guarantor: Type.Optional(Type.String({ ...Uuid, description: 'member id: claims this member guarantees' })),
  },
  { additionalProperties: false },
);
const TradesQuery = Type.Object(
  { ...PaginationQueryProperties, status: Type.Optional(Type.Union(['submitted', 'confirmed', 'rejected'].map((s) => Type.Literal(s)))) },
  { additionalProperties: false },
);
const OffersQuery = Type.Object(
  {
    obligorMemberId: Type.Optional(Uuid),
    funderMemberId: Type.Optional(Uuid),
    status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('all')], { description: 'open (default): not cancelled, exhausted or expired' })),
  },
  { additionalProperties: false },
);

export function claimReadRoutes(ctx: ServiceContext) {
  return (app: FastifyInstance) => {
    app.get<{ Querystring: Static<typeof ClaimsQuery> }>(
      '/v1/claims',
      {
        schema: {
          tags: ['claims'],
          summary: 'Claims you hold, have held, owe or guarantee, newest first (all, for the operator and the regulator), with the holding',
          querystring: ClaimsQuery,
          response: { 200: Page(ClaimSummary) },
        },
      },
      async (request) => {
        const { limit, cursor } = parsePagination(request.query);
        return listClaims(ctx.db, requirePrincipal(request), {
          holderMemberId: request.query.holder,
          obligorMemberId: request.query.obligor,
          guarantorMemberId: request.query.guarantor,
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
          response: { 200: Page(Trade) },
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
          response: { 200: Type.Object({ items: Type.Array(CreditLine) }) },
        },
      },
      async (request) => {
        requirePrincipal(request);
        return { items: await listCreditLines(ctx.db) };
      },
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
        requirePrincipal(request);
        return getCreditLine(ctx.db, request.params.memberId);
      },
    );

    app.get<{ Querystring: Static<typeof OffersQuery> }>(
      '/v1/offers',
      {
        schema: {
          tags: ['offers'],
          summary: 'Offers, best rate first: open ones by default; quote answers only to their funder and holder',
          querystring: OffersQuery,
          response: { 200: Type.Object({ items: Type.Array(Offer) }) },
        },
      },
      async (request) =>
        listOffers(ctx.db, requirePrincipal(request), {
          obligorMemberId: request.query.obligorMemberId,
          funderMemberId: request.query.funderMemberId,
          status: request.query.status as 'open' | 'all' | undefined,
        }),
    );

    app.get<{ Params: Static<typeof OfferParams> }>(
      '/v1/offers/:offerId',
      { schema: { tags: ['offers'], summary: 'One offer', params: OfferParams, response: { 200: Offer } } },
      async (request) => getOffer(ctx.db, requirePrincipal(request), request.params.offerId),
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
