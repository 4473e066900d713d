/**
 * The receivables API's shapes (TypeBox): what the routes validate and answer, what /openapi.json shows, and — as
 * `Static` types — what the SDK and the console type their data with. A claim's views here are the ledger's terms
 * and holders (claims/schemas.ts) with a receivable's settlement, maturity and trade.
 */
import { BlockNumber, Bytes32, Instant, MinorUnits, Nullable, Page, PaginationQueryProperties, Type, Uuid, type Static } from '../../api/schemas.ts';

/** Holders per `redeemBatch` transaction, at most: keeps each well inside a block's gas limit. */
export const MAX_REDEEM_BATCH = 50;
import { Party } from '../identity/schemas.ts';
import {
  AppliedTerms,
  DateInput,
  DateOnly,
  DayCount,
  DayCountInput,
  FinancingSide,
  Holder,
  Holding,
  LateRateBps,
  MaxHops,
  PositiveAmount,
  TraceEdge,
  claimTermsProperties,
} from '../claims/schemas.ts';

// ------------------------------------------------------------------------------------------ outputs

export const Settlement = Type.Object(
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
    overdueDays: Type.Integer({ description: "whole days after the root's due date while principal is unpaid (0 on the due day itself; ACT)" }),
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
export const Maturity = Type.Object(
  {
    asOf: Instant,
    daysToMaturity: Type.Integer(),
    overdueDays: Type.Integer(),
    unpaid: { ...MinorUnits, description: "this id's share of the principal unpaid: floor(totalSupply × outstanding / face)" },
    lateInterest: { ...MinorUnits, description: "this id's share of the root's late interest accrued and unpaid: floor(totalSupply × lateInterest / face)" },
  },
  { title: 'Maturity' },
);
export const Claim = Type.Object(
  {
    ...claimTermsProperties,
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
/**
 * What a clerk knows a claim by (issue 14, item 2): the trade behind its issued root. The supplier, its invoice number
 * and date are named to whoever may name the supplier (docs/adr/017-disclosure.md); the face and dates to everyone
 * who may read the claim.
 */
export const BusinessIdentifiers = Type.Object(
  {
    invoiceNumber: Nullable(Type.String({ description: 'the supplier’s invoice or order number; null when the supplier is not named to you' })),
    invoiceDate: Nullable(DateOnly),
    supplier: Nullable(Party),
    originalAmount: MinorUnits,
    issuedOn: Nullable(DateOnly),
    dueDate: DateOnly,
  },
  { title: 'BusinessIdentifiers' },
);

export const ClaimSummary = Type.Object(
  { ...claimTermsProperties, holding: Nullable(Holding), settlement: Settlement, maturity: Maturity, business: BusinessIdentifiers },
  { title: 'ClaimSummary' },
);

export const Trade = Type.Object(
  {
    tradeId: Bytes32,
    status: Type.Union((['pending', 'submitted', 'confirmed', 'rejected'] as const).map((s) => Type.Literal(s))),
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

export const TraceNode = Type.Object({ ...claimTermsProperties, children: Type.Array(Bytes32), holders: Type.Array(Holder) }, { title: 'TraceNode' });
export const Trace = Type.Object(
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

export const Guarantee = Type.Object(
  {
    guarantor: Party,
    status: Type.Union([Type.Literal('proposed'), Type.Literal('active')], { description: 'active once the guarantor accepted on-chain' }),
    proposedBy: Party,
    proposedAt: Instant,
    acceptedAt: Nullable(Instant),
  },
  { title: 'CreditLineGuarantee' },
);
export const CreditLine = Type.Object(
  {
    obligor: Party,
    limit: MinorUnits,
    used: MinorUnits,
    available: MinorUnits,
    updatedAt: Nullable(Instant),
    guarantee: Nullable(Guarantee),
    grantedBy: Nullable(Party),
    grantedByOperator: Type.Boolean({ description: 'true when the platform operator granted the line (then only the operator manages it)' }),
    youManage: Type.Boolean({ description: 'whether you may change this line and its guarantee: the operator, or the funder that granted it' }),
  },
  { title: 'CreditLine' },
);

/** GET /v1/overview: the platform's figures for the operator and the regulator, amounts in minor units. */
export const Overview = Type.Object(
  {
    asOf: Instant,
    outstanding: Type.Object({
      total: MinorUnits,
      claims: Type.Integer({ description: 'issued claims with principal unpaid' }),
      byObligor: Type.Array(
        Type.Object({
          obligor: Party,
          issued: MinorUnits,
          principalPaid: MinorUnits,
          interestPaid: MinorUnits,
          outstanding: MinorUnits,
          claims: Type.Integer(),
          openClaims: Type.Integer(),
        }),
        { description: 'largest outstanding first' },
      ),
      byTier: Type.Array(Type.Object({ tier: Type.Integer({ description: 'tier 1 = the supplier the claim was issued to' }), units: MinorUnits, holdings: Type.Integer() })),
    }),
    overdue: Type.Object({ total: MinorUnits, claims: Type.Integer({ description: 'issued claims past their due date (from the day after) with principal unpaid' }) }),
    financed: Type.Object({
      sales: Type.Integer(),
      volume: MinorUnits,
      price: MinorUnits,
      discount: MinorUnits,
      averageDiscountBps: Nullable(Type.Integer({ description: 'Σ discount / Σ face sold, in basis points (rounded down)' })),
      averageDays: Nullable(Type.Integer({ description: 'days to maturity at sale, weighted by face sold' })),
    }),
  },
  { title: 'Overview' },
);

export const Position = Type.Object(
  {
    member: Party,
    asOf: Instant,
    holds: Type.Object({
      total: MinorUnits,
      count: Type.Integer({ minimum: 0, description: 'ids the member holds units of; `items` lists the first 100, earliest due first (all of them: GET /v1/claims?holder=)' }),
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
        Type.Object({
          dueDate: DateOnly,
          claims: Type.Integer({ minimum: 0, description: 'ids due that day with principal unpaid' }),
          claimIds: Type.Array(Bytes32, { description: 'in the first 31 rungs, the first 20 of them, earliest due first; later rungs name none (all: GET /v1/claims?obligor=&dueFrom=&dueTo=)' }),
          unpaid: MinorUnits,
          overdueDays: Type.Integer(),
          lateInterest: MinorUnits,
        }),
      ),
    }),
    financed: Type.Object({
      sold: FinancingSide,
      bought: FinancingSide,
      discountEarned: Type.String({ ...MinorUnits, description: 'discount on the claims bought that have matured (their face is due now)' }),
      discountUnearned: Type.String({ ...MinorUnits, description: 'discount on the claims bought not yet matured: not earned until then' }),
    }),
    creditLine: Nullable(CreditLine),
    guarantees: Type.Object(
      {
        total: MinorUnits,
        overdue: MinorUnits,
        lateInterest: MinorUnits,
        count: Type.Integer({ minimum: 0, description: 'unsettled claims guaranteed; `items` lists the first 100, earliest due first' }),
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

export const MemberParams = Type.Object({ id: Uuid }, { additionalProperties: false });
export const ClaimsQuery = Type.Object(
  {
    ...PaginationQueryProperties,
    holder: Type.Optional(Type.String({ ...Uuid, description: 'member id: claims this member holds now' })),
    obligor: Type.Optional(Type.String({ ...Uuid, description: 'member id: claims this member owes' })),
    guarantor: Type.Optional(Type.String({ ...Uuid, description: 'member id: claims this member guarantees' })),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'search: a claim id (or its start), an invoice number, an obligor’s or supplier’s name' })),
    status: Type.Optional(Type.Union((['unpaid', 'partially_paid', 'paid'] as const).map((x) => Type.Literal(x)), { description: 'the settlement of the claim’s root' })),
    dueFrom: Type.Optional(DateOnly),
    dueTo: Type.Optional(Type.String({ ...DateOnly, description: 'YYYY-MM-DD (UTC), inclusive' })),
    overdue: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')], { description: 'true: only claims past their due date (from the day after) with principal unpaid' })),
    sort: Type.Optional(Type.Union((['newest', 'due', '-due', 'amount', '-amount'] as const).map((x) => Type.Literal(x)), { description: 'default newest first' })),
  },
  { additionalProperties: false },
);
export const ClaimsExportQuery = Type.Object(
  (({ limit: _limit, cursor: _cursor, ...rest }) => rest)(ClaimsQuery.properties),
  { additionalProperties: false },
);
export const TradesQuery = Type.Object(
  { ...PaginationQueryProperties, status: Type.Optional(Type.Union((['submitted', 'confirmed', 'rejected'] as const).map((s) => Type.Literal(s)))) },
  { additionalProperties: false },
);
// ------------------------------------------------------------------------------------------- inputs

export const InvoiceNumber = Type.String({ minLength: 1, maxLength: 128, pattern: '\\S', description: "the supplier's invoice number; with the supplier's address it makes the invoice key" });

export const tradeFields = {
  consortiumId: Bytes32,
  invoiceNumber: InvoiceNumber,
  amount: PositiveAmount,
  dueDate: DateInput,
  lateRateBps: Type.Optional({ ...LateRateBps, description: 'late interest per year after the due date, in basis points (default 0)' }),
  maxHops: Type.Optional({ ...MaxHops, description: 'transfer depth (default 5)' }),
  dayCount: Type.Optional(DayCountInput),
  documentsHash: Type.Optional({ ...Bytes32, description: 'hash of the invoice and contract documents; each backs one claim at most' }),
};
export const TradeBody = Type.Object({ obligorMemberId: Uuid, ...tradeFields }, { additionalProperties: false });
export const PayableBody = Type.Object({ supplierMemberId: Uuid, ...tradeFields }, { additionalProperties: false });
const { invoiceNumber: _invoiceNumber, ...orderTradeFields } = tradeFields;
export const AdvanceBody = Type.Object(
  {
    kind: Type.Union([Type.Literal('purchase_order'), Type.Literal('channel')], { description: 'purchase_order: CTs to the manufacturer that will deliver; channel: CTs to a distributor at the sale' }),
    recipientMemberId: Uuid,
    orderNumber: { ...InvoiceNumber, description: 'the confirmed order; with the recipient it makes the order key (one set of CTs per order, ever)' },
    ...orderTradeFields,
    documentsHash: Type.Optional({ ...Bytes32, description: "hash of the order's documents; each backs one claim at most" }),
  },
  { additionalProperties: false },
);
export const CloseOrderBody = Type.Object(
  {
    invoiceNumber: { ...InvoiceNumber, description: "the invoice of the delivery (the manufacturer's for a purchase order, yours for a channel sale); it then backs no other claim" },
    deliveryHash: { ...Bytes32, pattern: '^0x(?!0{64})[0-9a-fA-F]{64}$', description: 'hash of the delivery documents (not zero)' },
  },
  { additionalProperties: false },
);
export const CreditLineBody = Type.Object(
  { obligorMemberId: Uuid, limit: { ...MinorUnits, pattern: '^(0|[1-9][0-9]{0,38})$', description: 'the most the core enterprise may owe in outstanding claims' } },
  { additionalProperties: false },
);
export const GuaranteeBody = Type.Object(
  { guarantorMemberId: { ...Uuid, description: 'a certified guarantor (not the core enterprise itself); it must accept before the guarantee takes effect' } },
  { additionalProperties: false },
);
export const RejectBody = Type.Object({ reason: Type.Optional(Type.String({ maxLength: 1000 })) }, { additionalProperties: false });
export const PaymentBody = Type.Object({ amount: PositiveAmount }, { additionalProperties: false });
export const RedemptionBody = Type.Object({ holderMemberId: Type.Optional({ ...Uuid, description: 'operator only: whose holding to redeem (default: your own)' }) }, { additionalProperties: false });
export const DistributeBody = Type.Object(
  { batchSize: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_REDEEM_BATCH, description: `holders per transaction (default and at most ${MAX_REDEEM_BATCH})` })) },
  { additionalProperties: false },
);

export const LineParams = Type.Object({ memberId: Uuid }, { additionalProperties: false });
export const CreditLineParams = LineParams;
const guaranteeAnswer = {
  obligorMemberId: Uuid,
  guarantorMemberId: Type.Union([Uuid, Type.Null()]),
  status: Type.Union([Type.Literal('proposed'), Type.Literal('active'), Type.Literal('withdrawn')], { description: 'what the guarantee will be once the command is confirmed' }),
};
export const TradeParams = Type.Object({ tradeId: Bytes32 }, { additionalProperties: false });
export const RootParams = Type.Object({ rootId: Bytes32 }, { additionalProperties: false });


// What the commands answer besides their commands (Accepted(X.properties) in the routes).
export const NewTrade = Type.Object({ tradeId: Bytes32, invoiceKey: Bytes32, claimId: Bytes32, terms: AppliedTerms });
export const NewAdvance = Type.Object({ ...NewTrade.properties, orderKey: Bytes32, kind: Type.String() });
export const OrderClosedAccepted = Type.Object({ claimId: Bytes32, invoiceKey: Bytes32 });
export const AdvanceView = Type.Object(
  {
    claimId: Bytes32,
    kind: Type.Union([Type.Literal('purchase_order'), Type.Literal('channel')]),
    orderKey: Bytes32,
    orderNumber: Nullable(Type.String()),
    obligor: Party,
    recipient: Party,
    amount: MinorUnits,
    status: Type.Union([Type.Literal('open'), Type.Literal('closed')], { description: 'open until delivery and invoicing close the order' }),
    invoiceKey: Nullable(Bytes32),
    deliveryHash: Nullable(Bytes32),
    issuedAt: Instant,
    closedAt: Nullable(Instant),
  },
  { title: 'Advance' },
);
export const Advances = Type.Object({ items: Type.Array(AdvanceView) });
export type AdvanceView = Static<typeof AdvanceView>;
export const GuaranteeAccepted = Type.Object(guaranteeAnswer);
export const GuaranteeWithdrawalAccepted = Type.Object({ ...guaranteeAnswer, wasActive: Type.Boolean() });
export const PaymentAccepted = Type.Object({
              claimId: Bytes32,
              rootId: Bytes32,
              payer: Type.Union([Type.Literal('obligor'), Type.Literal('guarantor')], { description: 'as whom you pay' }),
              amount: MinorUnits,
              interest: { ...MinorUnits, description: 'the late-interest part, at the chain clock now (settled first)' },
              principal: { ...MinorUnits, description: 'the principal part, at the chain clock now (frees the credit line)' },
              outstanding: { ...MinorUnits, description: 'principal and late interest still owed after this payment, at the chain clock now' },
            });
export const DistributionAccepted = Type.Object({
              rootId: Bytes32,
              holdings: Type.Integer({ description: 'holdings with something to redeem' }),
              batches: Type.Integer(),
              total: MinorUnits,
              notYetDue: Type.Array(Type.Object({ claimId: Bytes32, dueDate: DateInput }), { description: 'ids of the tree with a later due date: distribute again once they mature' }),
              skipped: Type.Array(Type.Object({ claimId: Bytes32, holder: Type.String(), payout: MinorUnits }), { description: 'holdings of suspended or revoked holders, left in the settlement' }),
            });
export const RedemptionAccepted = Type.Object({ claimId: Bytes32, rootId: Bytes32, holderMemberId: Uuid, payout: MinorUnits });
export const CreditLineAccepted = Type.Object({ obligorMemberId: Uuid, limit: MinorUnits, used: MinorUnits });
export const ConfirmAccepted = Type.Object({ tradeId: Bytes32, claimId: Bytes32 });
export const RejectAccepted = Type.Object({ tradeId: Bytes32, reasonHash: Bytes32 });


export const ClaimPage = Page(ClaimSummary);
export const TradePage = Page(Trade);
export const CreditLines = Type.Object({ items: Type.Array(CreditLine) });

export type Settlement = Static<typeof Settlement>;
export type Maturity = Static<typeof Maturity>;
export type Claim = Static<typeof Claim>;
export type ClaimSummary = Static<typeof ClaimSummary>;
export type BusinessIdentifiers = Static<typeof BusinessIdentifiers>;
export type Trade = Static<typeof Trade>;
export type TradeStatus = Trade['status'];
export type TraceNode = Static<typeof TraceNode>;
export type ClaimTrace = Static<typeof Trace>;
export type Payment = ClaimTrace['payments'][number];
export type Accrual = ClaimTrace['accruals'][number];
export type CreditLineGuarantee = Static<typeof Guarantee>;
export type CreditLine = Static<typeof CreditLine>;
export type Overview = Static<typeof Overview>;
export type Position = Static<typeof Position>;
