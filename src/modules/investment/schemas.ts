/** The investment API's shapes (TypeBox): listings and pools' epochs. */
import { Address, Bytes32, Instant, MinorUnits, Type, type Static } from '../../api/schemas.ts';

const Positive = Type.String({ ...MinorUnits, pattern: '^[1-9][0-9]{0,76}$', description: 'integer amount in minor units as a decimal string; at least 1' });
const ClaimId = Type.String({ pattern: '^[0-9]{1,78}$', description: 'claim id (decimal)' });

export const ListingStatus = Type.Union([Type.Literal('open'), Type.Literal('funded'), Type.Literal('failed'), Type.Literal('settled')]);
export const Listing = Type.Object(
  {
    listingId: Bytes32,
    holder: Address,
    claimId: Type.String(),
    units: MinorUnits,
    price: MinorUnits,
    deadline: Instant,
    targetYieldBps: Type.Integer(),
    investmentId: Type.String({ description: 'the listing\'s investment claim id on the ledger' }),
    status: ListingStatus,
    raised: MinorUnits,
    collected: MinorUnits,
    distributed: MinorUnits,
    listedAt: Instant,
  },
  { title: 'Listing' },
);
export const Listings = Type.Object({ items: Type.Array(Listing) });
export const ListingParams = Type.Object({ listingId: Bytes32 }, { additionalProperties: false });
export const CreateListingBody = Type.Object(
  {
    listingId: Bytes32,
    claimId: ClaimId,
    units: Positive,
    price: Positive,
    deadline: Type.String({ format: 'date-time', description: 'funding deadline, before the claim\'s due date' }),
  },
  { additionalProperties: false },
);
export const FundListingBody = Type.Object({ amount: Positive }, { additionalProperties: false });
export const PayoutBody = Type.Object({ investor: Type.Optional(Address) }, { additionalProperties: false });

export const TrancheEpoch = Type.Object(
  {
    epoch: Type.Integer(),
    tranche: Type.Union([Type.Literal('A'), Type.Literal('B'), Type.Literal('C')]),
    previous: MinorUnits,
    target: MinorUnits,
    value: MinorUnits,
    valueAfter: MinorUnits,
    supplyAfter: MinorUnits,
    closedAt: Instant,
  },
  { title: 'TrancheEpoch' },
);
export const PoolParams = Type.Object({ poolId: Bytes32 }, { additionalProperties: false });
export const PoolEpochs = Type.Object({ poolId: Bytes32, items: Type.Array(TrancheEpoch) }, { title: 'PoolEpochs' });

export type ListingView = Static<typeof Listing>;
export type TrancheEpochView = Static<typeof TrancheEpoch>;
export type PoolEpochsView = Static<typeof PoolEpochs>;

const Bps = Type.Integer({ minimum: 0, maximum: 10_000, description: 'basis points' });
export const Tranche = Type.Union([Type.Literal('A'), Type.Literal('B'), Type.Literal('C')], { description: 'A senior, B mezzanine, C junior' });
export const PolicyBody = Type.Object(
  {
    discountRateBps: Bps,
    minDiscountBps: Bps,
    maxTenorDays: Type.Integer({ minimum: 1, maximum: 3650 }),
    limitPerObligor: Positive,
  },
  { additionalProperties: false },
);
export const CreatePoolBody = Type.Object(
  {
    poolId: Bytes32,
    consortiumId: Bytes32,
    maturity: Type.String({ format: 'date-time' }),
    minEpochDays: Type.Integer({ minimum: 0, maximum: 365 }),
    dayCount: Type.Optional(Type.Union([Type.Literal('ACT/360'), Type.Literal('ACT/365F')])),
    targetYieldBps: Type.Tuple([Bps, Bps, Bps], { description: 'annual target yields of A, B and C' }),
    quorumBps: Bps,
    thresholdBps: Bps,
    votingDays: Type.Integer({ minimum: 1, maximum: 365 }),
    minSubordinationBps: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 9_999, description: "B + C's minimum share of the tranches' value: A's deposits and B's and C's redemptions execute only as far as it holds (default 0: no limit)" }),
    ),
    minCoverBps: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000, description: "the sponsor's committed cover as a share of the tranches' value (default 0); above it, cover may be withdrawn" })),
    policy: PolicyBody,
    eligibleObligorIds: Type.Array(Type.String({ format: 'uuid' }), { maxItems: 100 }),
  },
  { additionalProperties: false },
);
export const AmountBody = Type.Object({ amount: Positive }, { additionalProperties: false });
export const DepositRequestBody = Type.Object({ tranche: Tranche, amount: Positive }, { additionalProperties: false });
export const RedeemRequestBody = Type.Object({ tranche: Tranche, shares: Positive }, { additionalProperties: false });
export const ClaimOrderBody = Type.Object({ tranche: Tranche, investor: Type.Optional(Address) }, { additionalProperties: false });
export const PurchaseBody = Type.Object({ claimId: ClaimId, face: Positive, minPrice: Type.Optional(MinorUnits) }, { additionalProperties: false });
export const ProposalBody = Type.Object(
  {
    action: Type.Union([Type.Literal('valuation'), Type.Literal('write_off'), Type.Literal('policy'), Type.Literal('eligibility')]),
    assetIndex: Type.Optional(Type.Integer({ minimum: 0, maximum: 31 })),
    value: Type.Optional(MinorUnits),
    obligorMemberId: Type.Optional(Type.String({ format: 'uuid' })),
    policy: Type.Optional(PolicyBody),
  },
  { additionalProperties: false },
);
export const ProposalParams = Type.Object({ proposalId: Type.String({ pattern: '^[0-9]{1,9}$' }) }, { additionalProperties: false });
export const VoteBody = Type.Object({ support: Type.Boolean() }, { additionalProperties: false });
export const Pool = Type.Object(
  {
    poolId: Bytes32,
    sponsor: Address,
    consortiumId: Bytes32,
    maturity: Instant,
    targetYieldBps: Type.Tuple([Type.Integer(), Type.Integer(), Type.Integer()]),
    cover: MinorUnits,
    coverPosted: MinorUnits,
    coverWithdrawn: MinorUnits,
    minSubordinationBps: Type.Integer({ description: "B + C's minimum share of the tranches' value at a close" }),
    minCoverBps: Type.Integer({ description: "the cover the sponsor keeps, as a share of the tranches' value" }),
    policy: Type.Object({
      discountRateBps: Type.Integer(),
      minDiscountBps: Type.Integer(),
      maxTenorDays: Type.Integer(),
      limitPerObligor: MinorUnits,
      eligibleObligors: Type.Array(Address, { description: 'obligors whose claims the pool may buy' }),
    }, { description: "the purchase policy now (set at creation, changed by the holders' vote)" }),
    subordinationBps: Type.Union([Type.Integer(), Type.Null()], { description: "B + C's share of the tranches' value after the last close (null before any value)" }),
    createdAt: Instant,
    epochs: Type.Integer({ description: 'epochs closed' }),
    nav: Type.Union([MinorUnits, Type.Null()], { description: 'the portfolio\'s value at the last close' }),
    tranches: Type.Array(Type.Object({ tranche: Tranche, value: MinorUnits, shares: MinorUnits, realisedYieldBps: Type.Union([Type.Integer(), Type.Null()]) })),
  },
  { title: 'Pool' },
);
export type PoolView = Static<typeof Pool>;

export const Proposal = Type.Object(
  {
    proposalId: Type.String(),
    poolId: Bytes32,
    proposer: Address,
    action: Type.Union([Type.Literal('valuation'), Type.Literal('write_off'), Type.Literal('policy'), Type.Literal('eligibility')]),
    assetIndex: Type.Integer(),
    value: MinorUnits,
    obligor: Address,
    snapshot: Type.String({ description: 'block whose holdings weigh the votes' }),
    deadline: Instant,
    totalWeight: MinorUnits,
    forVotes: MinorUnits,
    againstVotes: MinorUnits,
    executed: Type.Boolean(),
    proposedAt: Instant,
  },
  { title: 'Proposal' },
);
export const Proposals = Type.Object({ items: Type.Array(Proposal) });
export type ProposalView = Static<typeof Proposal>;

export const PoolSummary = Type.Object(
  {
    poolId: Bytes32,
    sponsor: Address,
    maturity: Instant,
    targetYieldBps: Type.Tuple([Type.Integer(), Type.Integer(), Type.Integer()]),
    cover: MinorUnits,
    epochs: Type.Integer({ description: 'epochs closed' }),
    createdAt: Instant,
  },
  { title: 'PoolSummary' },
);
export const PoolList = Type.Object({ items: Type.Array(PoolSummary) });
export const PoolListQuery = Type.Object({ limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,3}$' })) }, { additionalProperties: false });
export type PoolSummaryView = Static<typeof PoolSummary>;

export const ObligorExposure = Type.Object(
  {
    obligor: Address,
    claims: Type.Integer(),
    face: MinorUnits,
    paidFor: MinorUnits,
    collected: MinorUnits,
    outstanding: MinorUnits,
    writtenOff: MinorUnits,
  },
  { title: 'ObligorExposure' },
);
export const TierExposure = Type.Object(
  {
    obligor: Address,
    tier: Type.Integer({ minimum: 1, description: "the seller's supply-chain tier when the pool bought the claim (1: the supplier it was issued to)" }),
    claims: Type.Integer(),
    face: MinorUnits,
    outstanding: MinorUnits,
  },
  { title: 'TierExposure' },
);
export const PoolExposures = Type.Object({ poolId: Bytes32, items: Type.Array(ObligorExposure), byTier: Type.Array(TierExposure) }, { title: 'PoolExposures' });
export type PoolExposuresView = Static<typeof PoolExposures>;

const Signed = Type.String({ pattern: '^-?[0-9]{1,78}$', description: 'signed integer amount in minor units' });
export const StatementLine = Type.Object(
  {
    epoch: Type.Integer(),
    tranche: Tranche,
    closedAt: Instant,
    sharesHeld: MinorUnits,
    earned: Type.String({ ...Signed, description: "the shares held through the epoch's part of the tranche's change at its close (negative: a loss)" }),
    deposited: MinorUnits,
    depositReturned: MinorUnits,
    sharesIssued: MinorUnits,
    redeemRequested: MinorUnits,
    sharesRedeemed: MinorUnits,
    redemptionPaid: MinorUnits,
    sharesAfter: MinorUnits,
    valueAfter: MinorUnits,
  },
  { title: 'StatementLine' },
);
export const PoolStatement = Type.Object(
  {
    poolId: Bytes32,
    investor: Address,
    lines: Type.Array(StatementLine),
    tranches: Type.Array(
      Type.Object({ tranche: Tranche, earned: Signed, deposited: MinorUnits, depositReturned: MinorUnits, redemptionPaid: MinorUnits, shares: MinorUnits, value: MinorUnits }),
    ),
    toDate: Type.Object({ earned: Signed, deposited: MinorUnits, redemptionPaid: MinorUnits, value: MinorUnits }),
  },
  { title: 'PoolStatement' },
);
export const StatementQuery = Type.Object({ investor: Type.Optional(Address) }, { additionalProperties: false });
export const StatementExportQuery = Type.Object({ poolId: Bytes32, investor: Type.Optional(Address) }, { additionalProperties: false });
export type StatementLineView = Static<typeof StatementLine>;
export type PoolStatementView = Static<typeof PoolStatement>;
