/** The leasing API's shapes (TypeBox): providers and services, leases, rent payments and their split, matching. */
import { Address, Bytes32, Instant, MinorUnits, Nullable, Type, type Static } from '../../api/schemas.ts';
import { CreditBand } from '../credit/schemas.ts';

const Positive = Type.String({ ...MinorUnits, pattern: '^[1-9][0-9]{0,37}$', description: 'integer amount in minor units as a decimal string; at least 1' });
const Amount = Type.String({ ...MinorUnits, pattern: '^[0-9]{1,38}$', description: 'integer amount in minor units as a decimal string' });
const DeviceId = Type.String({ pattern: '^0x[0-9a-fA-F]{64}$', description: 'device token id: 0x + 64 hex digits, as the devices module answers it' });
const Bps = (max: number, description: string) => Type.Integer({ minimum: 0, maximum: max, description });

export const ServiceKind = Type.Union(
  [Type.Literal('certification'), Type.Literal('inspection'), Type.Literal('insurance'), Type.Literal('maintenance'), Type.Literal('financial')],
  { description: 'certification, quality inspection, insurance, maintenance or financial design' },
);
export const RiskPreference = Type.Union([Type.Literal('low'), Type.Literal('medium'), Type.Literal('high')], {
  description: 'low: lessees scoring at least 600 (bands A, B); medium: at least 450 (C); high: any',
});
export const LeaseStatus = Type.Union([
  Type.Literal('proposed'), Type.Literal('accepted'), Type.Literal('active'), Type.Literal('purchased'), Type.Literal('returned'), Type.Literal('cancelled'),
  Type.Literal('defaulted'),
]);

export const CreditRecord = Type.Object(
  {
    party: Address,
    score: Nullable(Type.Integer({ minimum: 0, maximum: 1000, description: "the platform's credit score (docs/adr/021-credit-score.md): every product's on-chain facts, rent included" })),
    band: CreditBand,
    obligations: Type.Integer({ description: 'obligations of every product that came due or were paid (rent periods among them)' }),
    paidOnTime: Type.Integer(),
    daysOverdue: Type.Integer(),
    leasesAsLessee: Type.Integer(),
    leasesAsLessor: Type.Integer(),
    leasesFunded: Type.Integer(),
    leasesCompleted: Type.Integer(),
    depositsPosted: MinorUnits,
    servicesCompleted: Type.Integer(),
    ratings: Type.Integer(),
    averageRating: Nullable(Type.Number()),
  },
  { title: 'LeasingCreditRecord' },
);
export const PartyParams = Type.Object({ party: Address }, { additionalProperties: false });

export const Provider = Type.Object(
  { provider: Address, kinds: Type.Array(ServiceKind), certified: Type.Boolean(), certifiedAt: Instant, credit: CreditRecord },
  { title: 'ServiceProvider' },
);
export const Providers = Type.Object({ items: Type.Array(Provider) });
export const CertifyProviderBody = Type.Object({ provider: Address, kinds: Type.Array(ServiceKind, { minItems: 1, maxItems: 5, uniqueItems: true }) }, { additionalProperties: false });

export const Service = Type.Object(
  {
    serviceId: Bytes32,
    provider: Address,
    client: Address,
    kind: ServiceKind,
    leaseId: Nullable(Bytes32),
    reportHash: Bytes32,
    completedAt: Instant,
    rating: Nullable(Type.Integer({ minimum: 1, maximum: 5 })),
    ratedAt: Nullable(Instant),
  },
  { title: 'Service' },
);
export const Services = Type.Object({ items: Type.Array(Service) });
export const RecordServiceBody = Type.Object(
  { serviceId: Bytes32, client: Address, kind: ServiceKind, leaseId: Type.Optional(Bytes32), reportHash: Bytes32 },
  { additionalProperties: false },
);
export const ServiceParams = Type.Object({ serviceId: Bytes32 }, { additionalProperties: false });
export const RateServiceBody = Type.Object({ score: Type.Integer({ minimum: 1, maximum: 5 }) }, { additionalProperties: false });

export const ProviderShare = Type.Object({ account: Address, kind: ServiceKind, bps: Bps(5000, 'share of each rent payment, basis points') }, { additionalProperties: false });

export const ProposeLeaseBody = Type.Object(
  {
    leaseId: Bytes32,
    deviceId: DeviceId,
    lessee: Address,
    consortiumId: Bytes32,
    price: Positive,
    rentPerPeriod: Amount,
    usageRatePerHour: Type.Optional(Amount),
    deposit: Amount,
    periodDays: Type.Integer({ minimum: 1, maximum: 366 }),
    periods: Type.Integer({ minimum: 1, maximum: 600 }),
    lateRateBps: Bps(65535, 'late interest per year, basis points'),
    dayCount: Type.Optional(Type.Union([Type.Literal('ACT/360'), Type.Literal('ACT/365F')])),
    fundingDeadline: Type.String({ format: 'date-time', description: 'the lessee accepts and investors fund before this' }),
    providers: Type.Optional(Type.Array(ProviderShare, { maxItems: 5 })),
  },
  { additionalProperties: false },
);
export const LeaseParams = Type.Object({ leaseId: Bytes32 }, { additionalProperties: false });
export const FundLeaseBody = Type.Object({ amount: Positive }, { additionalProperties: false });

/** The body of POST and the query of GET /v1/leases/{id}/usage-rent. */
export const UsageRentSelection = Type.Object(
  {
    toSeq: Type.Optional(Type.String({ pattern: '^[0-9]{1,20}$', description: "the reading that ends the period's usage (taken on or after its due day); default: the first such reading" })),
  },
  { additionalProperties: false },
);
const UsageReading = Type.Object({
  seq: Type.String(),
  time: Instant,
  usageMilliHours: Type.String({ description: 'the hour meter, thousandths of an hour' }),
  batchNumber: Type.String({ description: 'the TelemetryAnchor batch whose anchored root the reading proves against' }),
  root: Bytes32,
  proof: Type.Array(Bytes32),
});
export const UsageRentQuote = Type.Object(
  {
    leaseId: Bytes32,
    period: Type.Integer(),
    dueDate: Instant,
    from: UsageReading,
    to: UsageReading,
    usageMilliHours: Type.String({ description: 'to − from, thousandths of an hour' }),
    usageRatePerHour: MinorUnits,
    usageRent: MinorUnits,
    carryAfter: Type.Integer({ description: 'the fraction of a minor unit carried to the next period, thousandths' }),
    rent: MinorUnits,
    lateInterest: MinorUnits,
    daysLate: Type.Integer(),
    total: MinorUnits,
  },
  { title: 'UsageRentQuote' },
);

export const RentShare = Type.Object({ recipient: Address, role: Type.Union([Type.Literal('platform'), Type.Literal('provider'), Type.Literal('investor')]), amount: MinorUnits });
export const RentPayment = Type.Object(
  {
    leaseId: Bytes32,
    period: Type.Integer({ description: 'the period paid; 0 is the salvage value at a purchase; at a default, the first period owed' }),
    fromDeposit: Type.Boolean({ description: 'paid from the deposit when the lease defaulted (rent owed first, then its late interest)' }),
    payer: Address,
    rent: MinorUnits,
    usageRent: MinorUnits,
    lateInterest: MinorUnits,
    daysLate: Type.Integer(),
    usageMilliHours: Type.String(),
    total: MinorUnits,
    dueDate: Nullable(Instant),
    paidAt: Instant,
    txHash: Type.String(),
    shares: Type.Array(RentShare),
  },
  { title: 'RentPayment' },
);
export const RentPayments = Type.Object({ items: Type.Array(RentPayment) });

export const Lease = Type.Object(
  {
    leaseId: Bytes32,
    deviceId: DeviceId,
    lessor: Address,
    lessee: Address,
    consortiumId: Bytes32,
    price: MinorUnits,
    rentPerPeriod: MinorUnits,
    usageRatePerHour: MinorUnits,
    deposit: MinorUnits,
    periodDays: Type.Integer(),
    periods: Type.Integer(),
    lateRateBps: Type.Integer(),
    dayCount: Type.Union([Type.Literal('ACT/360'), Type.Literal('ACT/365F')]),
    fundingDeadline: Instant,
    platformBps: Type.Integer(),
    salvageValue: MinorUnits,
    investmentId: Type.String({ description: "the lease's investment claim id on the ledger" }),
    providers: Type.Array(Type.Object({ account: Address, kind: ServiceKind, bps: Type.Integer() })),
    status: LeaseStatus,
    raised: MinorUnits,
    startDay: Nullable(Instant),
    paidPeriods: Type.Integer(),
    collected: MinorUnits,
    nextDueDate: Nullable(Instant),
    overdueDays: Type.Integer({ description: 'whole days the next period is past its due day (0 when not overdue)' }),
    due: Nullable(
      Type.Object({
        period: Type.Integer(),
        dueDate: Instant,
        daysLate: Type.Integer(),
        rent: MinorUnits,
        lateInterest: MinorUnits,
        total: MinorUnits,
        defaultable: Type.Boolean({ description: 'the period is a whole period late: the lessor may declare a default' }),
        arrears: Type.Object(
          { periods: Type.Integer(), rent: MinorUnits, lateInterest: MinorUnits },
          { description: 'every period past its due day, with its late interest: what a default would take from the deposit first' },
        ),
        depositApplied: MinorUnits,
        depositReturned: MinorUnits,
      }, { description: "what the next period's fixed rent comes to now, late interest included (a lease billed per usage hour adds the usage part: GET …/usage-rent), and what a default would take from the deposit; null when nothing is left to pay" }),
    ),
    investors: Type.Array(Type.Object({ investor: Address, units: MinorUnits })),
    proposedAt: Instant,
    endedAt: Nullable(Instant),
    default: Nullable(
      Type.Object({
        firstPeriod: Type.Integer(),
        periodsOwed: Type.Integer({ description: 'periods due and unpaid when the lease defaulted' }),
        rentOwed: MinorUnits,
        lateInterestOwed: MinorUnits,
        depositApplied: MinorUnits,
        depositReturned: MinorUnits,
        txHash: Type.String(),
      }, { description: 'what was owed when the lease defaulted, and what its deposit paid (split as rent) and gave back' }),
    ),
  },
  { title: 'Lease' },
);
export const Leases = Type.Object({ items: Type.Array(Lease) });
export const LeasesQuery = Type.Object(
  {
    status: Type.Optional(LeaseStatus),
    party: Type.Optional(Address),
    deviceId: Type.Optional(DeviceId),
    overdue: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')])),
    limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,3}$' })),
  },
  { additionalProperties: false },
);

export const LeaseRequestBody = Type.Object(
  { requestId: Bytes32, equipmentType: Type.String({ minLength: 1, maxLength: 64, pattern: '\\S', description: 'equipment type, as devices are registered with it (compared trimmed, lower-case)' }), periods: Type.Integer({ minimum: 1, maximum: 600 }), periodDays: Type.Integer({ minimum: 1, maximum: 366 }), budgetPerPeriod: Positive },
  { additionalProperties: false },
);
export const DeviceOfferBody = Type.Object(
  {
    offerId: Bytes32,
    deviceId: DeviceId,
    equipmentType: Type.String({ minLength: 1, maxLength: 64, pattern: '\\S', description: 'equipment type, as devices are registered with it (compared trimmed, lower-case)' }),
    price: Positive,
    rentPerPeriod: Positive,
    periods: Type.Integer({ minimum: 1, maximum: 600 }),
    periodDays: Type.Integer({ minimum: 1, maximum: 366 }),
    deposit: Amount,
  },
  { additionalProperties: false },
);
export const CapitalOfferBody = Type.Object({ capitalId: Bytes32, amount: Positive, risk: RiskPreference }, { additionalProperties: false });
export const RequestParams = Type.Object({ requestId: Bytes32 }, { additionalProperties: false });
export const AcceptMatchBody = Type.Object({ offerId: Bytes32 }, { additionalProperties: false });
export const Posted = Type.Object({ id: Bytes32 });

export const DeviceOffer = Type.Object(
  {
    offerId: Bytes32, manufacturer: Address, deviceId: DeviceId, equipmentType: Type.String(), price: MinorUnits, rentPerPeriod: MinorUnits,
    periods: Type.Integer(), periodDays: Type.Integer(), deposit: MinorUnits, status: Type.Union([Type.Literal('open'), Type.Literal('accepted')]),
  },
  { title: 'DeviceOffer' },
);
export const Proposal = Type.Object(
  {
    rank: Type.Integer(),
    offer: DeviceOffer,
    manufacturerCredit: CreditRecord,
    covered: MinorUnits,
    fullyCovered: Type.Boolean(),
    capital: Type.Array(Type.Object({ capitalId: Bytes32, investor: Address, amount: MinorUnits, risk: RiskPreference, credit: CreditRecord })),
  },
  { title: 'LeaseProposal' },
);
export const Matches = Type.Object(
  {
    requestId: Bytes32,
    lessee: Address,
    lesseeCredit: CreditRecord,
    status: Type.Union([Type.Literal('open'), Type.Literal('accepted')]),
    acceptedOfferId: Nullable(Bytes32),
    proposals: Type.Array(Proposal),
  },
  { title: 'LeaseMatches' },
);

export type CreditRecordView = Static<typeof CreditRecord>;
export type ProviderView = Static<typeof Provider>;
export type ServiceView = Static<typeof Service>;
export type LeaseView = Static<typeof Lease>;
export type RentPaymentView = Static<typeof RentPayment>;
export type UsageRentQuoteView = Static<typeof UsageRentQuote>;
export type MatchesView = Static<typeof Matches>;
export type DeviceOfferView = Static<typeof DeviceOffer>;
export type ServiceKindName = Static<typeof ServiceKind>;
