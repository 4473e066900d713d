/**
 * The conditional-token ledger's and the market's API shapes (TypeBox): what the routes validate and answer, what
 * /openapi.json shows, and — as `Static` types — what the SDK and the console type their data with. Products that
 * present claims build their views from these pieces (receivables: schemas.ts there).
 */
import { BlockNumber, Bytes32, Instant, MinorUnits, Nullable, Type, Uuid, type Static } from '../../api/schemas.ts';
import { CreditSummary } from '../credit/schemas.ts';
import { Party, PartyAt } from '../identity/schemas.ts';

// ------------------------------------------------------------------------------------------- inputs

export const PositiveAmount = Type.String({ pattern: '^[1-9][0-9]{0,38}$', description: 'integer amount in minor units of XT as a decimal string; at least 1, at most 2^128 − 1' });
export const DateInput = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'YYYY-MM-DD; on-chain it is UTC midnight of that day' });
export const LateRateBps = Type.Integer({ minimum: 0, maximum: 65_535, description: 'basis points per year (100 = 1 %)' });
export const MaxHops = Type.Integer({ minimum: 0, maximum: 255, description: 'how many times a unit may be passed on after issue' });
export const DayCountInput = Type.Union([Type.Literal('ACT/360'), Type.Literal('ACT/365F')], { description: 'day-count convention (default ACT/360)' });

export const ClaimParams = Type.Object({ id: Bytes32 }, { additionalProperties: false });
export const TransferBody = Type.Object({ toMemberId: Uuid, amount: PositiveAmount }, { additionalProperties: false });
export const ModifyBody = Type.Object(
  {
    amount: PositiveAmount,
    dueDate: Type.Optional({ ...DateInput, description: 'no earlier than the parent’s (default: the parent’s)' }),
    lateRateBps: Type.Optional({ ...LateRateBps, description: 'no higher than the parent’s (default: the parent’s)' }),
    maxHops: Type.Optional({ ...MaxHops, description: 'no more than the parent’s (default: the parent’s)' }),
  },
  { additionalProperties: false },
);

const DiscountRateBps = Type.Integer({ minimum: 0, maximum: 10_000, description: 'discount rate per year in basis points (100 = 1 %; at most 100 %)' });
const InstantInput = Type.String({ format: 'date-time', description: 'ISO 8601 date-time, e.g. 2030-01-31T12:00:00Z' });
export const OfferBody = Type.Object(
  {
    obligorMemberId: Uuid,
    rateBps: DiscountRateBps,
    limit: { ...PositiveAmount, description: 'the most face amount the funder will buy' },
    expiresAt: InstantInput,
    onlyHolderMemberId: Type.Optional({ ...Uuid, description: 'only this holder may sell against the offer' }),
  },
  { additionalProperties: false },
);
export const QuoteBody = Type.Object({ claimId: Bytes32, amount: PositiveAmount }, { additionalProperties: false });
export const AnswerBody = Type.Object({ rateBps: DiscountRateBps, expiresAt: InstantInput }, { additionalProperties: false });
export const SaleBody = Type.Object(
  { offerId: Bytes32, amount: PositiveAmount, minPrice: Type.Optional({ ...MinorUnits, description: 'the least XT you accept (default: the price now)' }) },
  { additionalProperties: false },
);
export const OfferParams = Type.Object({ offerId: Bytes32 }, { additionalProperties: false });
export const QuoteParams = Type.Object({ quoteId: Bytes32 }, { additionalProperties: false });
export const PriceQuery = Type.Object({ claimId: Bytes32, amount: PositiveAmount }, { additionalProperties: false });
export const OffersQuery = Type.Object(
  {
    obligorMemberId: Type.Optional(Uuid),
    funderMemberId: Type.Optional(Uuid),
    status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('all')], { description: 'open (default): not cancelled, exhausted or expired' })),
  },
  { additionalProperties: false },
);

// ------------------------------------------------------------------------------------------ outputs

export const DateOnly = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'YYYY-MM-DD (UTC)' });
export const DayCount = Type.Union([Type.Literal('ACT/360'), Type.Literal('ACT/365F')]);

/** The terms a new id got on-chain, defaults included. */
export const AppliedTerms = Type.Object(
  { dueDate: DateInput, lateRateBps: Type.Integer(), maxHops: Type.Integer(), dayCount: Type.String() },
  { title: 'ClaimTermsApplied', description: 'the terms as sent to the chain, defaults included' },
);

export const Holding = Type.Object({ balance: MinorUnits, hops: Type.Integer(), redeemed: MinorUnits });
export const Holder = Type.Object({ party: Party, balance: MinorUnits, hops: Type.Integer(), redeemed: MinorUnits }, { title: 'ClaimHolder' });

/** The terms of one id, as every view of a claim shows them. */
export const claimTermsProperties = {
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
export const ClaimTerms = Type.Object(claimTermsProperties, { title: 'ClaimTerms' });

export const TraceEdge = Type.Object(
  {
    kind: Type.Union((['issue', 'transfer', 'modify', 'sale', 'redeem', 'burn', 'mint'] as const).map((k) => Type.Literal(k))),
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

export const Offer = Type.Object(
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
    status: Type.Union((['open', 'cancelled', 'exhausted', 'expired'] as const).map((s) => Type.Literal(s))),
    postedAt: Instant,
    closedAt: Nullable(Instant),
    obligorCredit: CreditSummary,
  },
  { title: 'Offer' },
);
export const Offers = Type.Object({ items: Type.Array(Offer) });

export const Financing = Type.Object({
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
export const FinancingSide = Type.Object({
  amount: MinorUnits,
  price: MinorUnits,
  discount: MinorUnits,
  count: Type.Integer({ minimum: 0, description: 'sales in all; `items` lists the latest 100, in chain order' }),
  items: Type.Array(Financing),
});

const QuoteParty = Type.Object({ memberId: Type.String(), name: Type.String() });
export const QuoteAnswer = Type.Object({
  offerId: Bytes32,
  funder: QuoteParty,
  rateBps: Type.Integer(),
  expiresAt: Nullable(Type.String()),
  status: Type.Union((['pending', 'open', 'cancelled', 'exhausted'] as const).map((s) => Type.Literal(s)), {
    description: 'pending (not yet on-chain), open, cancelled or exhausted',
  }),
  createdAt: Type.String(),
});
export const QuoteRequest = Type.Object(
  {
    quoteId: Bytes32,
    claimId: Bytes32,
    amount: MinorUnits,
    requester: QuoteParty,
    status: Type.Union([Type.Literal('open'), Type.Literal('filled')]),
    answers: Type.Array(QuoteAnswer),
    createdAt: Type.String(),
    obligorCredit: CreditSummary,
  },
  { title: 'QuoteRequest' },
);
export const QuoteRequests = Type.Object({ items: Type.Array(QuoteRequest) });
export const OfferPrice = Type.Object(
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

// What the commands answer besides their commands (Accepted(X.properties) in the routes).
export const TransferAccepted = Type.Object({ claimId: Bytes32, toMemberId: Uuid, amount: MinorUnits });
export const ModifyAccepted = Type.Object({ claimId: Bytes32, childId: Bytes32, amount: MinorUnits, terms: AppliedTerms });
export const SaleAccepted = Type.Object({ claimId: Bytes32, offerId: Bytes32, amount: MinorUnits, price: MinorUnits, discount: MinorUnits, days: Type.Integer(), minPrice: MinorUnits });
export const OfferAccepted = Type.Object({ offerId: Bytes32, expiresAt: Type.String() });
export const OfferCancelAccepted = Type.Object({ offerId: Bytes32 });
export const AnswerAccepted = Type.Object({ quoteId: Bytes32, offerId: Bytes32, expiresAt: Type.String() });

export type DayCount = Static<typeof DayCount>;
export type Holding = Static<typeof Holding>;
export type Holder = Static<typeof Holder>;
export type ClaimTerms = Static<typeof ClaimTerms>;
export type TraceEdge = Static<typeof TraceEdge>;
export type Offer = Static<typeof Offer>;
export type Financing = Static<typeof Financing>;
export type FinancingSide = Static<typeof FinancingSide>;
export type QuoteAnswer = Static<typeof QuoteAnswer>;
export type QuoteRequest = Static<typeof QuoteRequest>;
export type OfferPrice = Static<typeof OfferPrice>;
export type AppliedTerms = Static<typeof AppliedTerms>;
