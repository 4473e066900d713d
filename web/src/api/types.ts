/** Shapes of the platform API's answers that the console reads (see /openapi.json for the full reference). */

export type MemberRole = 'core_enterprise' | 'supplier' | 'distributor' | 'funder' | 'verifier' | 'regulator' | 'bank_gateway' | 'operator';
export const MEMBER_ROLES: MemberRole[] = ['core_enterprise', 'supplier', 'distributor', 'funder', 'verifier', 'regulator', 'bank_gateway'];
export type MemberStatus = 'pending' | 'registered' | 'certified' | 'suspended' | 'revoked';

export interface Member {
  id: string;
  name: string;
  registrationNumber: string;
  address: string;
  legalIdHash: string;
  documentsHash: string | null;
  requestedRoles: MemberRole[];
  status: MemberStatus;
  roles: MemberRole[];
  createdAt: string;
}

export interface Me {
  userId: string;
  userRole: 'admin' | 'member' | 'viewer';
  isOperator: boolean;
  member: Member;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type CommandStatus = 'accepted' | 'submitted' | 'confirmed' | 'failed';
export interface Command {
  id: string;
  kind: string;
  status: CommandStatus;
  signer: string;
  txHash: string | null;
  blockNumber: string | null;
  error: { code: string; name: string; message: string; args: Record<string, unknown> } | null;
  createdAt: string;
  finishedAt: string | null;
}

export interface Accepted {
  commands: Command[];
  [field: string]: unknown;
}

export interface ConsortiumMember {
  memberId: string | null;
  name: string | null;
  address: string;
  state: 'invited' | 'member' | 'declined' | 'left' | 'removed' | string;
  updatedAt: string;
}
export interface Consortium {
  id: string;
  name: string | null;
  core: { memberId: string | null; name: string | null; address: string } | null;
  status: 'pending' | 'active';
  memberCount: number;
  members: ConsortiumMember[];
  createdAt: string | null;
}

export interface Party {
  memberId: string | null;
  name: string | null;
  address: string | null;
}
export interface PartyAt extends Party {
  hops: number | null;
}

export interface Settlement {
  rootId: string;
  face: string;
  paid: string;
  distributed: string;
  outstanding: string;
  held: string;
  status: 'unpaid' | 'partially_paid' | 'paid';
}
export interface Maturity {
  asOf: string;
  daysToMaturity: number;
  overdueDays: number;
  unpaid: string;
  lateInterest: string;
}
export type DayCount = 'ACT/360' | 'ACT/365F';
export interface ClaimTerms {
  id: string;
  parentId: string | null;
  rootId: string;
  depth: number;
  kind: string;
  obligor: Party;
  consortiumId: string;
  documentsHash: string | null;
  dueDate: string;
  dueAt: string;
  lateRateBps: number;
  maxHops: number;
  dayCount: DayCount;
  totalSupply: string;
  definedAt: string;
  definedBlock: string;
}
export interface Holding {
  balance: string;
  hops: number;
  redeemed: string;
}
export interface Holder extends Holding {
  party: Party;
}
export interface Claim extends ClaimTerms {
  trade: { tradeId: string; supplier: Party } | null;
  holders: Holder[];
  yourHolding: Holding | null;
  settlement: Settlement;
  maturity: Maturity;
  partiesHidden: boolean;
}
export interface ClaimSummary extends ClaimTerms {
  holding: Holding | null;
  settlement: Settlement;
  maturity: Maturity;
}

export type TradeStatus = 'pending' | 'submitted' | 'confirmed' | 'rejected';
export interface Trade {
  tradeId: string;
  status: TradeStatus;
  supplier: Party | null;
  obligor: Party | null;
  amount: string | null;
  dueDate: string | null;
  invoiceKey: string | null;
  invoiceNumber: string | null;
  documentsHash: string | null;
  claimId: string | null;
  submittedAt: string | null;
  decidedAt: string | null;
}

export type EdgeKind = 'issue' | 'transfer' | 'modify' | 'sale' | 'redeem' | 'burn' | 'mint';
export interface TraceNode extends ClaimTerms {
  children: string[];
  holders: Holder[];
}
export interface TraceEdge {
  kind: EdgeKind;
  claimId: string;
  childId: string | null;
  from: PartyAt | null;
  to: PartyAt | null;
  amount: string;
  price: string | null;
  discount: string | null;
  offerId: string | null;
  days: number | null;
  txHash: string;
  blockNumber: string;
  logIndex: number;
  at: string;
}
export interface TracePayment {
  payer: Party;
  amount: string;
  paidTotal: string;
  txHash: string;
  blockNumber: string;
  at: string;
}
export interface Trace {
  rootId: string;
  claimId: string;
  asOf: string;
  obligor: Party;
  trade: Trade | null;
  settlement: Settlement;
  nodes: TraceNode[];
  edges: TraceEdge[];
  payments: TracePayment[];
  partiesHidden: boolean;
}

export interface CreditLine {
  obligor: Party;
  limit: string;
  used: string;
  available: string;
  updatedAt: string | null;
}

export interface Offer {
  offerId: string;
  funder: Party;
  obligor: Party;
  rateBps: number;
  limit: string;
  remaining: string;
  expiresAt: string;
  onlyHolder: Party | null;
  quoteId: string | null;
  status: 'open' | 'cancelled' | 'exhausted' | 'expired';
  postedAt: string;
  closedAt: string | null;
}
export interface OfferPrice {
  offerId: string;
  claimId: string;
  amount: string;
  price: string;
  discount: string;
  days: number;
  rateBps: number;
  dayCount: string;
  expiresAt: string;
  expired: boolean;
  remaining: string;
}
export interface QuoteAnswer {
  offerId: string;
  funder: { memberId: string; name: string };
  rateBps: number;
  expiresAt: string | null;
  status: string;
  createdAt: string;
}
export interface QuoteRequest {
  quoteId: string;
  claimId: string;
  amount: string;
  requester: { memberId: string; name: string };
  status: 'open' | 'filled';
  answers: QuoteAnswer[];
  createdAt: string;
}

export interface Financing {
  claimId: string;
  rootId: string | null;
  offerId: string;
  counterparty: Party;
  amount: string;
  price: string;
  discount: string;
  days: number;
  txHash: string;
  at: string;
}
export interface FinancingSide {
  amount: string;
  price: string;
  discount: string;
  items: Financing[];
}
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
  claimIds: string[];
  unpaid: string;
  overdueDays: number;
  lateInterest: string;
}
export interface Position {
  member: Party;
  asOf: string;
  holds: { total: string; items: PositionHolding[] };
  owes: { total: string; overdue: string; lateInterest: string; ladder: LadderRung[] };
  financed: { sold: FinancingSide; bought: FinancingSide };
  creditLine: CreditLine | null;
}

export interface XtBalance {
  memberId: string | null;
  name: string | null;
  address: string;
  balance: string;
}
export interface XtBalances {
  items: XtBalance[];
  totalSupply: string;
  paused: boolean;
}

export interface Ready {
  ready: boolean;
  checks: Record<string, string>;
}
