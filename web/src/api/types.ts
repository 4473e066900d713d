// Response shapes of the platform API are described once, in the SDK (src/sdk); the console re-exports them
// and adds only what it needs on top.
import type { ClaimTrace, Payment, DayCount, MemberRole, Party, TraceEdge } from '../../../src/sdk/index.ts';
export type {
  Accepted,
  Claim,
  ClaimSummary,
  ClaimTerms,
  Command,
  CommandStatus,
  Consortium,
  ConsortiumMember,
  CreditLine,
  CreditLineGuarantee,
  DayCount,
  Financing,
  FinancingSide,
  Holder,
  Holding,
  Maturity,
  Me,
  Member,
  MemberRole,
  MemberStatus,
  Offer,
  Overview,
  OfferPrice,
  Page,
  Party,
  PartyAt,
  Position,
  QuoteAnswer,
  QuoteRequest,
  Settlement,
  TraceEdge,
  TraceNode,
  Trade,
  XtBalance,
  XtBalances,
  ListingView,
  PoolEpochsView,
  PoolExposuresView,
  PoolView,
} from '../../../src/sdk/index.ts';

export const MEMBER_ROLES: MemberRole[] = ['core_enterprise', 'supplier', 'distributor', 'funder', 'guarantor', 'verifier', 'regulator', 'bank_gateway'];

export type TradeStatus = 'pending' | 'submitted' | 'confirmed' | 'rejected';

export type EdgeKind = TraceEdge['kind'];
/** GET /v1/claims/{id}/trace (the SDK's ClaimTrace). */
export type Trace = ClaimTrace;
export type TracePayment = Payment;

export interface PositionHolding {
  claimId: string;
  rootId: string;
  obligor: Party;
  dueDate: string;
  dayCount: DayCount;
  balance: string;
  hops: number;
  redeemed: string;
  redeemable: string;
  overdueDays: number;
}
export interface LadderRung {
  dueDate: string;
  /** Ids due that day with principal unpaid (`claimIds` names the first of them). */
  claims?: number;
  claimIds: string[];
  unpaid: string;
  overdueDays: number;
  lateInterest: string;
}

export interface Ready {
  ready: boolean;
  checks: Record<string, string>;
}
