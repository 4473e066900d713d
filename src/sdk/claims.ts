/**
 * Claims (`client.claims`): list and read them, their whole trace, and every holder operation: split-transfer,
 * narrowing modification, sale against an offer, payment by the obligor, redemption.
 */
import type { CommandSender } from './commands.ts';
import { seg, type Transport } from './http.ts';
import type { Claim, ClaimSummary, ClaimTrace } from './receivableTypes.ts';
import type { Accepted, CommandOptions, Page, PageParameters } from './types.ts';

export interface ListClaimsParameters extends PageParameters {
  /** Member id: claims this member holds now. */
  holder?: string;
  /** Member id: claims this member owes. */
  obligor?: string;
  /** Member id: claims this member guarantees. */
  guarantor?: string;
}

export interface TransferClaimParameters {
  toMemberId: string;
  /** Minor units, at most your holding. */
  amount: string;
}

export type TransferClaimResult = Accepted<{ claimId: string; toMemberId: string; amount: string }>;

export interface ModifyClaimParameters {
  /** How much of your holding becomes the child id. */
  amount: string;
  /** No earlier than the parent's (default: the parent's). */
  dueDate?: string;
  /** No higher than the parent's. */
  lateRateBps?: number;
  /** No more than the parent's. */
  maxHops?: number;
}

export type ModifyClaimResult = Accepted<{
  claimId: string;
  childId: string;
  amount: string;
  terms: { dueDate: string; lateRateBps: number; maxHops: number; dayCount: string };
}>;

export interface SellClaimParameters {
  offerId: string;
  amount: string;
  /** The least XT you accept (default: the price now). */
  minPrice?: string;
}

export type SellClaimResult = Accepted<{
  claimId: string;
  offerId: string;
  amount: string;
  price: string;
  discount: string;
  days: number;
  minPrice: string;
}>;

export interface PayClaimParameters {
  /** At most the principal outstanding plus the late interest accrued on the claim's root. */
  amount: string;
}

export type PayClaimResult = Accepted<{
  claimId: string;
  rootId: string;
  /** As whom you pay: the claim's obligor or its guarantor. */
  payer: 'obligor' | 'guarantor';
  amount: string;
  /** The late-interest part (settled first), at the chain's clock when the request was accepted. */
  interest: string;
  /** The principal part. */
  principal: string;
  /** Principal and interest still owed after the payment. */
  outstanding: string;
}>;

export interface RedeemClaimParameters {
  /** Operator only: whose holding to redeem (default: your own). */
  holderMemberId?: string;
}

export type RedeemClaimResult = Accepted<{ claimId: string; rootId: string; holderMemberId: string; payout: string }>;

export interface ClaimsApi {
  /** Claims you hold, have held, owe or guarantee, newest first (all, for operator and regulator). */
  list(p?: ListClaimsParameters): Promise<Page<ClaimSummary>>;
  /** One claim id: terms, supply, holders, settlement, overdue days and late interest. */
  get(claimId: string): Promise<Claim>;
  /** The whole tree of the claim's issued root, from chain events. */
  trace(claimId: string): Promise<ClaimTrace>;
  /** Passes part of a claim on to another member of its consortium (holder). */
  transfer(claimId: string, p: TransferClaimParameters, o?: CommandOptions): Promise<TransferClaimResult>;
  /** Turns part of a claim into a child id with narrower terms (holder). */
  modify(claimId: string, p: ModifyClaimParameters, o?: CommandOptions): Promise<ModifyClaimResult>;
  /** Sells part of a claim against an offer, claim for XT in one transaction (holder). */
  sell(claimId: string, p: SellClaimParameters, o?: CommandOptions): Promise<SellClaimResult>;
  /** Pays XT into the settlement of the claim's root (its obligor or its guarantor): late interest first, then principal. */
  pay(claimId: string, p: PayClaimParameters, o?: CommandOptions): Promise<PayClaimResult>;
  /** Redeems a matured holding for its share of the settlement (holder; the operator for any holder). */
  redeem(claimId: string, p?: RedeemClaimParameters, o?: CommandOptions): Promise<RedeemClaimResult>;
}

export function createClaimsApi(t: Transport, c: CommandSender): ClaimsApi {
  const path = (claimId: string, tail = '') => `/v1/claims/${seg(claimId)}${tail}`;
  return {
    list: (p = {}) => t.request('GET', '/v1/claims', { query: { limit: p.limit, cursor: p.cursor, holder: p.holder, obligor: p.obligor, guarantor: p.guarantor } }),
    get: (claimId) => t.request('GET', path(claimId)),
    trace: (claimId) => t.request('GET', path(claimId, '/trace')),
    transfer: (claimId, p, o) => c.send(path(claimId, '/transfers'), p, o),
    modify: (claimId, p, o) => c.send(path(claimId, '/modifications'), p, o),
    sell: (claimId, p, o) => c.send(path(claimId, '/sales'), p, o),
    pay: (claimId, p, o) => c.send(path(claimId, '/payments'), p, o),
    redeem: (claimId, p = {}, o) => c.send(path(claimId, '/redemptions'), p, o),
  };
}
