/**
 * Read-side types of the receivables API (docs/design/receivables-api.md): claims, their trace, trades, credit
 * lines, offers, quotes, offer prices and member positions. Amounts are decimal strings of minor units.
 */

export type DayCount = 'ACT/360' | 'ACT/365F';

/** A member as a party of a claim: every field null when hidden from the caller (or not a member). */
export interface Party {
  memberId: string | null;
  name: string | null;
  address: string | null;
}

/** A party at a point of a movement, with the hop count (tier depth since issuance) of its holding. */
export interface PartyAt extends Party {
  hops: number | null;
}

export interface Holder {
  party: Party;
  balance: string;
  /** Transfers the units made since issuance: 0 = the supplier it was issued to. */
  hops: number;
  /** XT already paid out to this holding. */
  redeemed: string;
}

export interface Holding {
  balance: string;
  hops: number;
  redeemed: string;
}

export interface Settlement {
  rootId: string;
  face: string;
  /** Every XT paid in: principal and late interest (holders share it pro rata by units). */
  paid: string;
  distributed: string;
  /** paid − interestPaid. */
  principalPaid: string;
  /** The late-interest part of `paid`. */
  interestPaid: string;
  /** face − principalPaid: principal still owed. */
  outstanding: string;
  /** Late interest accrued and unpaid at `asOf` (equal to Receivables.owed on-chain). */
  lateInterest: string;
  /** outstanding + lateInterest: the most a payment may be at `asOf`. */
  owed: string;
  /** Whole days after the root's due date while principal is unpaid. */
  overdueDays: number;
  /** The on-chain checkpoint: interest due up to `accruedDays`, and the floors' residue (`carry`). */
  accrual: { accruedDays: number; interestDue: string; carry: string };
  /** paid − distributed. */
  held: string;
  /** `paid` once the principal is paid in full. */
  status: 'unpaid' | 'partially_paid' | 'paid';
  /** The claim's guarantor, when it was issued under an accepted guarantee. */
  guarantor: Party | null;
  asOf: string;
}

export interface Maturity {
  asOf: string;
  daysToMaturity: number;
  overdueDays: number;
  /** This id's share of the principal unpaid. */
  unpaid: string;
  /** This id's share of the root's late interest accrued and unpaid (pro rata by units). */
  lateInterest: string;
}

export interface ClaimTerms {
  id: string;
  parentId: string | null;
  rootId: string;
  /** Depth in the modify tree: 0 = the issued claim. */
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

/** GET /v1/claims/{id}. */
export interface Claim extends ClaimTerms {
  trade: { tradeId: string; supplier: Party } | null;
  /** Current holders, largest first. */
  holders: Holder[];
  /** The caller's holding (null when it never held this id). */
  yourHolding: Holding | null;
  /** null unless you participate in the claim's tree (obligor, guarantor, holder now or before, offered funder), or are the operator or regulator. */
  settlement: Settlement | null;
  maturity: Maturity | null;
  partiesHidden: boolean;
}

/** An item of GET /v1/claims. */
export interface ClaimSummary extends ClaimTerms {
  holding: Holding | null;
  settlement: Settlement;
  maturity: Maturity;
}

export interface TraceNode extends ClaimTerms {
  children: string[];
  holders: Holder[];
}

export interface TraceEdge {
  kind: 'issue' | 'transfer' | 'modify' | 'sale' | 'redeem' | 'burn' | 'mint';
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

export interface Payment {
  payer: Party;
  payerRole: 'obligor' | 'guarantor' | 'other';
  amount: string;
  /** The principal part. */
  principal: string;
  /** The late-interest part (settled first). */
  interest: string;
  paidTotal: string;
  txHash: string;
  blockNumber: string;
  at: string;
}

/** GET /v1/claims/{id}/trace: the whole tree of the claim's issued root. */
export interface ClaimTrace {
  rootId: string;
  claimId: string;
  asOf: string;
  obligor: Party;
  trade: Trade | null;
  settlement: Settlement;
  /** Every id of the tree, parents before children. */
  nodes: TraceNode[];
  /** Every operation on the tree's ids, in chain order. */
  edges: TraceEdge[];
  payments: Payment[];
  /** Late-interest checkpoints on the root, in chain order. */
  accruals: Accrual[];
  /** The root's guarantor, when it was issued under an accepted guarantee. */
  guarantee: { guarantor: Party; since: string } | null;
  partiesHidden: boolean;
}

export interface Accrual {
  daysLate: number;
  principal: string;
  accrued: string;
  interestDue: string;
  carry: string;
  txHash: string;
  blockNumber: string;
  at: string;
}

export interface Trade {
  tradeId: string;
  status: 'pending' | 'submitted' | 'confirmed' | 'rejected';
  supplier: Party | null;
  obligor: Party | null;
  amount: string | null;
  dueDate: string | null;
  invoiceKey: string | null;
  invoiceNumber: string | null;
  issueDate: string | null;
  note: string | null;
  documentsHash: string | null;
  claimId: string | null;
  reasonHash: string | null;
  submittedAt: string | null;
  decidedAt: string | null;
}

export interface CreditLine {
  obligor: Party;
  limit: string;
  used: string;
  available: string;
  updatedAt: string | null;
  /** The guarantee on the line (null when none): proposed by its manager, active once the guarantor accepted. */
  guarantee: CreditLineGuarantee | null;
}

export interface CreditLineGuarantee {
  guarantor: Party;
  status: 'proposed' | 'active';
  proposedBy: Party;
  proposedAt: string;
  acceptedAt: string | null;
}

export interface Offer {
  offerId: string;
  funder: Party;
  obligor: Party;
  rateBps: number;
  limit: string;
  remaining: string;
  expiresAt: string;
  /** The only holder who may sell against it (a quote answer); null for a standing offer. */
  onlyHolder: Party | null;
  quoteId: string | null;
  status: 'open' | 'cancelled' | 'exhausted' | 'expired';
  postedAt: string;
  closedAt: string | null;
}

/** GET /v1/offers/{offerId}/price: the contract's quote for an amount of a claim. */
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
  /** pending (not yet on-chain), open, cancelled or exhausted. */
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

/** GET /v1/members/{id}/position: what a member holds, owes and has financed or bought. */
export interface Position {
  member: Party;
  asOf: string;
  holds: {
    total: string;
    items: Array<{
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
    }>;
  };
  owes: {
    total: string;
    overdue: string;
    lateInterest: string;
    ladder: Array<{ dueDate: string; claimIds: string[]; unpaid: string; overdueDays: number; lateInterest: string }>;
  };
  financed: { sold: FinancingSide; bought: FinancingSide };
  creditLine: CreditLine | null;
  /** Unsettled claims the member guarantees, and what is owed on them. */
  guarantees: {
    total: string;
    overdue: string;
    lateInterest: string;
    items: Array<{ rootId: string; obligor: Party; dueDate: string; outstanding: string; lateInterest: string; overdueDays: number; status: Settlement['status'] }>;
  };
}
