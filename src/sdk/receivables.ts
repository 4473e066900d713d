/**
 * Receivables, around the claims: credit lines, trades, payables, settlement distribution and member positions
 * (`client.creditLines`, `.trades`, `.payables`, `.settlements`, `.positions`). Claims are in claims.ts.
 */
import type { CommandSender } from './commands.ts';
import { seg, type Transport } from './http.ts';
import type { CreditLine, DayCount, Position, Trade } from './receivableTypes.ts';
import type { Accepted, CommandOptions, Page, PageParameters } from './types.ts';

export interface SetCreditLineParameters {
  /** The core enterprise. */
  obligorMemberId: string;
  /** The most it may owe in outstanding claims, minor units ("0" closes the line). */
  limit: string;
}

export type SetCreditLineResult = Accepted<{ obligorMemberId: string; limit: string; used: string }>;

/** What a guarantee command leads to once confirmed. */
export type GuaranteeResult = Accepted<{ obligorMemberId: string; guarantorMemberId: string | null; status: 'proposed' | 'active' | 'withdrawn'; wasActive?: boolean }>;

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

/** The ids computed for a new trade (the claim id is known before it is minted) and the terms applied. */
export type NewTradeResult = Accepted<{
  tradeId: string;
  invoiceKey: string;
  claimId: string;
  terms: { dueDate: string; lateRateBps: number; maxHops: number; dayCount: string };
}>;

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

export type DistributeResult = Accepted<{
  rootId: string;
  holdings: number;
  batches: number;
  total: string;
  /** Ids of the tree with a later due date: distribute again once they mature. */
  notYetDue: Array<{ claimId: string; dueDate: string }>;
  /** Holdings of suspended or revoked holders, left in the settlement. */
  skipped: Array<{ claimId: string; holder: string; payout: string }>;
}>;

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
  confirm(tradeId: string, o?: CommandOptions): Promise<Accepted<{ tradeId: string; claimId: string }>>;
  /** Rejects a trade (its obligor). */
  reject(tradeId: string, p?: RejectTradeParameters, o?: CommandOptions): Promise<Accepted<{ tradeId: string; reasonHash: string }>>;
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
