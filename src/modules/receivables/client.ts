/**
 * The receivables module's part of the SDK: claims with their settlement and trace, payments and redemptions
 * (`client.claims`, with the ledger's transfer / modify / sell from the claims module), credit lines and their
 * guarantees, trades, payables, settlement distribution and member positions.
 */
import type { Static } from '../../api/schemas.ts';
import type { CommandSender } from '../../sdk/commands.ts';
import { seg, type Transport } from '../../sdk/http.ts';
import type { Accepted, CommandOptions, Page, PageParameters } from '../../sdk/types.ts';
import type { DayCount } from '../claims/schemas.ts';
import type {
  AdvanceView,
  Claim,
  ClaimSummary,
  ClaimTrace,
  ConfirmAccepted,
  CreditLine,
  CreditLineAccepted,
  DistributionAccepted,
  GuaranteeAccepted,
  GuaranteeWithdrawalAccepted,
  NewAdvance,
  NewTrade,
  OrderClosedAccepted,
  Overview,
  PaymentAccepted,
  Position,
  RedemptionAccepted,
  RejectAccepted,
  Trade,
} from './schemas.ts';

export type {
  Accrual,
  AdvanceView,
  Claim,
  ClaimSummary,
  ClaimTrace,
  CreditLine,
  CreditLineGuarantee,
  Maturity,
  Overview,
  Payment,
  Position,
  Settlement,
  TraceNode,
  Trade,
  TradeStatus,
} from './schemas.ts';

export interface ListClaimsParameters extends PageParameters {
  /** Member id: claims this member holds now. */
  holder?: string;
  /** Member id: claims this member owes. */
  obligor?: string;
  /** Member id: claims this member guarantees. */
  guarantor?: string;
  /** A claim id (or its start), an invoice number, an obligor's or a supplier's name. */
  q?: string;
  status?: 'unpaid' | 'partially_paid' | 'paid';
  /** `YYYY-MM-DD`, inclusive. */
  dueFrom?: string;
  dueTo?: string;
  overdue?: boolean;
  sort?: 'newest' | 'due' | '-due' | 'amount' | '-amount';
}

export interface PayClaimParameters {
  /** At most the principal outstanding plus the late interest accrued on the claim's root. */
  amount: string;
}

export type PayClaimResult = Accepted<Static<typeof PaymentAccepted>>;

export interface RedeemClaimParameters {
  /** Operator only: whose holding to redeem (default: your own). */
  holderMemberId?: string;
}

export type RedeemClaimResult = Accepted<Static<typeof RedemptionAccepted>>;

/** Claims as a receivable's parties read them, and the settlement's payments and redemptions (`client.claims`). */
export interface ClaimReadsApi {
  /** Claims you hold, have held, owe or guarantee, newest first (all, for operator and regulator). */
  list(p?: ListClaimsParameters): Promise<Page<ClaimSummary>>;
  /** One claim id: terms, supply, holders, settlement, overdue days and late interest. */
  get(claimId: string): Promise<Claim>;
  /** The whole tree of the claim's issued root, from chain events. */
  trace(claimId: string): Promise<ClaimTrace>;
  /** Pays XT into the settlement of the claim's root (its obligor or its guarantor): late interest first, then principal. */
  pay(claimId: string, p: PayClaimParameters, o?: CommandOptions): Promise<PayClaimResult>;
  /** Redeems a matured holding for its share of the settlement (holder; the operator for any holder). */
  redeem(claimId: string, p?: RedeemClaimParameters, o?: CommandOptions): Promise<RedeemClaimResult>;
  /** The platform in figures (operator and regulator): outstanding by obligor and tier, overdue, financed. */
  overview(): Promise<Overview>;
}

export function createClaimReadsApi(t: Transport, c: CommandSender): ClaimReadsApi {
  const path = (claimId: string, tail = '') => `/v1/claims/${seg(claimId)}${tail}`;
  return {
    list: (p = {}) =>
      t.request('GET', '/v1/claims', {
        query: {
          limit: p.limit, cursor: p.cursor, holder: p.holder, obligor: p.obligor, guarantor: p.guarantor, q: p.q, status: p.status,
          dueFrom: p.dueFrom, dueTo: p.dueTo, overdue: p.overdue === undefined ? undefined : String(p.overdue), sort: p.sort,
        },
      }),
    get: (claimId) => t.request('GET', path(claimId)),
    trace: (claimId) => t.request('GET', path(claimId, '/trace')),
    pay: (claimId, p, o) => c.send(path(claimId, '/payments'), p, o),
    redeem: (claimId, p = {}, o) => c.send(path(claimId, '/redemptions'), p, o),
    overview: () => t.request('GET', '/v1/overview'),
  };
}

export interface SetCreditLineParameters {
  /** The core enterprise. */
  obligorMemberId: string;
  /** The most it may owe in outstanding claims, minor units ("0" closes the line). */
  limit: string;
}

export type SetCreditLineResult = Accepted<Static<typeof CreditLineAccepted>>;

/** What a guarantee command leads to once confirmed. */
export type GuaranteeResult = Accepted<Static<typeof GuaranteeAccepted> & Partial<Pick<Static<typeof GuaranteeWithdrawalAccepted>, 'wasActive'>>>;

/** Terms shared by trades and payables. */
export interface TradeTerms {
  consortiumId: string;
  /** The supplier's invoice number; with the supplier's address it makes the invoice key. */
  invoiceNumber: string;
  /** Face amount, minor units. */
  amount: string;
  /** `YYYY-MM-DD`, after today on the chain's clock. */
  dueDate: string;
  /** Late interest per year after the due date, basis points (default 0). */
  lateRateBps?: number;
  /** Transfer depth (default 5). */
  maxHops?: number;
  dayCount?: DayCount;
  /** Hash of the invoice and contract documents (`0x` + 64 hex); each backs one claim at most. */
  documentsHash?: string;
}

export interface SubmitTradeParameters extends TradeTerms {
  obligorMemberId: string;
}

export interface IssuePayableParameters extends TradeTerms {
  supplierMemberId: string;
}

export interface IssueAdvanceParameters extends Omit<TradeTerms, 'invoiceNumber'> {
  /** `purchase_order`: CTs to the manufacturer that will deliver; `channel`: to a distributor at the sale. */
  kind: 'purchase_order' | 'channel';
  recipientMemberId: string;
  /** The confirmed order; with the recipient it makes the order key (one set of CTs per order, ever). */
  orderNumber: string;
}

export interface AdvancesApi {
  /** Issues CTs against a confirmed order (core enterprise). */
  issue(p: IssueAdvanceParameters, o?: CommandOptions): Promise<Accepted<Static<typeof NewAdvance>>>;
  /** Closes the order on delivery and invoicing (its obligor): the invoice then backs no other claim. */
  close(claimId: string, p: { invoiceNumber: string; deliveryHash: string }, o?: CommandOptions): Promise<Accepted<Static<typeof OrderClosedAccepted>>>;
  list(): Promise<{ items: AdvanceView[] }>;
}

export function createAdvancesApi(t: Transport, c: CommandSender): AdvancesApi {
  return {
    issue: (p, o) => c.send('/v1/advances', p, o),
    close: (claimId, p, o) => c.send(`/v1/advances/${seg(claimId)}/close`, p, o),
    list: () => t.request('GET', '/v1/advances'),
  };
}

/** The ids computed for a new trade (the claim id is known before it is minted) and the terms applied. */
export type NewTradeResult = Accepted<Static<typeof NewTrade>>;

export interface ListTradesParameters extends PageParameters {
  status?: 'submitted' | 'confirmed' | 'rejected';
}

export interface RejectTradeParameters {
  /** Only its hash goes on-chain. */
  reason?: string;
}

export interface DistributeParameters {
  /** Holders per transaction (default and at most 50). */
  batchSize?: number;
}

export type DistributeResult = Accepted<Static<typeof DistributionAccepted>>;

export interface CreditLinesApi {
  /** Sets a core enterprise's credit line (operator or funder). */
  set(p: SetCreditLineParameters, o?: CommandOptions): Promise<SetCreditLineResult>;
  /** A core enterprise's credit line: limit, used, available, and its guarantee. */
  get(obligorMemberId: string): Promise<CreditLine>;
  /** Every credit line that was set or carries a guarantee, by obligor name. */
  list(): Promise<CreditLine[]>;
  /** Names a certified guarantor on the line (the operator or the funder that granted it); it must accept. */
  proposeGuarantee(obligorMemberId: string, guarantorMemberId: string, o?: CommandOptions): Promise<GuaranteeResult>;
  /** The proposed guarantor accepts: claims issued on the line from then on are guaranteed by it. */
  acceptGuarantee(obligorMemberId: string, o?: CommandOptions): Promise<GuaranteeResult>;
  /** Ends the line's guarantee for future issuance (the guarantor or the line's manager). */
  withdrawGuarantee(obligorMemberId: string, o?: CommandOptions): Promise<GuaranteeResult>;
}

export interface TradesApi {
  /** Submits the trade behind a receivable on a core enterprise (supplier). */
  submit(p: SubmitTradeParameters, o?: CommandOptions): Promise<NewTradeResult>;
  /** Confirms a trade (its obligor): the claim is minted to the supplier. */
  confirm(tradeId: string, o?: CommandOptions): Promise<Accepted<Static<typeof ConfirmAccepted>>>;
  /** Rejects a trade (its obligor). */
  reject(tradeId: string, p?: RejectTradeParameters, o?: CommandOptions): Promise<Accepted<Static<typeof RejectAccepted>>>;
  /** Trades you are the supplier or obligor of, newest first. */
  list(p?: ListTradesParameters): Promise<Page<Trade>>;
  /** One trade. */
  get(tradeId: string): Promise<Trade>;
}

export interface PayablesApi {
  /** Issues a payable to a supplier directly (core enterprise): the claim is minted at once. */
  issue(p: IssuePayableParameters, o?: CommandOptions): Promise<NewTradeResult>;
}

export interface SettlementsApi {
  /** Pushes every holder's share of a paid settlement, in bounded batches (operator). */
  distribute(rootId: string, p?: DistributeParameters, o?: CommandOptions): Promise<DistributeResult>;
}

export interface PositionsApi {
  /** What a member holds, owes (maturity ladder) and has financed or bought. */
  get(memberId: string): Promise<Position>;
}

export function createCreditLinesApi(t: Transport, c: CommandSender): CreditLinesApi {
  return {
    set: (p, o) => c.send('/v1/credit-lines', p, o),
    get: (obligorMemberId) => t.request('GET', `/v1/credit-lines/${seg(obligorMemberId)}`),
    list: async () => (await t.request<{ items: CreditLine[] }>('GET', '/v1/credit-lines')).items,
    proposeGuarantee: (obligorMemberId, guarantorMemberId, o) => c.send(`/v1/credit-lines/${seg(obligorMemberId)}/guarantee`, { guarantorMemberId }, o),
    acceptGuarantee: (obligorMemberId, o) => c.send(`/v1/credit-lines/${seg(obligorMemberId)}/guarantee/accept`, {}, o),
    withdrawGuarantee: (obligorMemberId, o) => c.send(`/v1/credit-lines/${seg(obligorMemberId)}/guarantee/withdraw`, {}, o),
  };
}

export function createTradesApi(t: Transport, c: CommandSender): TradesApi {
  return {
    submit: (p, o) => c.send('/v1/trades', p, o),
    confirm: (tradeId, o) => c.send(`/v1/trades/${seg(tradeId)}/confirm`, {}, o),
    reject: (tradeId, p = {}, o) => c.send(`/v1/trades/${seg(tradeId)}/reject`, p, o),
    list: (p = {}) => t.request('GET', '/v1/trades', { query: { limit: p.limit, cursor: p.cursor, status: p.status } }),
    get: (tradeId) => t.request('GET', `/v1/trades/${seg(tradeId)}`),
  };
}

export function createPayablesApi(c: CommandSender): PayablesApi {
  return { issue: (p, o) => c.send('/v1/payables', p, o) };
}

export function createSettlementsApi(c: CommandSender): SettlementsApi {
  return { distribute: (rootId, p = {}, o) => c.send(`/v1/settlements/${seg(rootId)}/distribute`, p, o) };
}

export function createPositionsApi(t: Transport): PositionsApi {
  return { get: (memberId) => t.request('GET', `/v1/members/${seg(memberId)}/position`) };
}
