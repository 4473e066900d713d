/**
 * The claims module's part of the SDK: a holder's operations on the ledger (`client.claims.transfer / modify / sell`),
 * funders' offers and the on-chain price of a claim against one (`client.offers`), quote requests (`client.quotes`).
 */
import type { Static } from '../../api/schemas.ts';
import type { CommandSender } from '../../sdk/commands.ts';
import { seg, type Transport } from '../../sdk/http.ts';
import type { Accepted, CommandOptions } from '../../sdk/types.ts';
import type { AnswerAccepted, ModifyAccepted, Offer, OfferAccepted, OfferCancelAccepted, OfferPrice, QuoteRequest, SaleAccepted, TransferAccepted } from './schemas.ts';

export type {
  AppliedTerms,
  ClaimTerms,
  DayCount,
  Financing,
  FinancingSide,
  Holder,
  Holding,
  Offer,
  OfferPrice,
  QuoteAnswer,
  QuoteRequest,
  TraceEdge,
} from './schemas.ts';

export interface TransferClaimParameters {
  toMemberId: string;
  /** Minor units, at most your holding. */
  amount: string;
}
export type TransferClaimResult = Accepted<Static<typeof TransferAccepted>>;

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
export type ModifyClaimResult = Accepted<Static<typeof ModifyAccepted>>;

export interface SellClaimParameters {
  offerId: string;
  amount: string;
  /** The least XT you accept (default: the price now). */
  minPrice?: string;
}
export type SellClaimResult = Accepted<Static<typeof SaleAccepted>>;

/** A holder's operations on its claims. */
export interface ClaimLedgerApi {
  /** Passes part of a claim on to another member of its consortium (holder). */
  transfer(claimId: string, p: TransferClaimParameters, o?: CommandOptions): Promise<TransferClaimResult>;
  /** Turns part of a claim into a child id with narrower terms (holder). */
  modify(claimId: string, p: ModifyClaimParameters, o?: CommandOptions): Promise<ModifyClaimResult>;
  /** Sells part of a claim against an offer, claim for XT in one transaction (holder). */
  sell(claimId: string, p: SellClaimParameters, o?: CommandOptions): Promise<SellClaimResult>;
}

export function createClaimLedgerApi(c: CommandSender): ClaimLedgerApi {
  const path = (claimId: string, tail: string) => `/v1/claims/${seg(claimId)}${tail}`;
  return {
    transfer: (claimId, p, o) => c.send(path(claimId, '/transfers'), p, o),
    modify: (claimId, p, o) => c.send(path(claimId, '/modifications'), p, o),
    sell: (claimId, p, o) => c.send(path(claimId, '/sales'), p, o),
  };
}

export interface PostOfferParameters {
  /** The core enterprise whose claims the funder buys. */
  obligorMemberId: string;
  /** Discount rate per year, basis points (at most 10 000). */
  rateBps: number;
  /** The most face amount the funder will buy, minor units. */
  limit: string;
  /** ISO 8601 date-time, in the future on the chain's clock. */
  expiresAt: string;
  /** Only this holder may sell against the offer. */
  onlyHolderMemberId?: string;
}
export type PostOfferResult = Accepted<Static<typeof OfferAccepted>>;

export interface ListOffersParameters {
  obligorMemberId?: string;
  funderMemberId?: string;
  /** `open` (default) or `all`. */
  status?: 'open' | 'all';
}

export interface OfferPriceParameters {
  claimId: string;
  amount: string;
}

export interface RequestQuoteParameters {
  claimId: string;
  amount: string;
}

export interface AnswerQuoteParameters {
  rateBps: number;
  expiresAt: string;
}
export type AnswerQuoteResult = Accepted<Static<typeof AnswerAccepted>>;

export interface OffersApi {
  /** Posts a standing offer to buy claims on an obligor at a discount rate (funder). */
  post(p: PostOfferParameters, o?: CommandOptions): Promise<PostOfferResult>;
  /** Withdraws what is left of an offer (its funder). */
  cancel(offerId: string, o?: CommandOptions): Promise<Accepted<Static<typeof OfferCancelAccepted>>>;
  /** Offers, best rate first (open ones by default). */
  list(p?: ListOffersParameters): Promise<Offer[]>;
  /** One offer. */
  get(offerId: string): Promise<Offer>;
  /** What an amount of a claim fetches against an offer now (the contract's quote). */
  price(offerId: string, p: OfferPriceParameters): Promise<OfferPrice>;
}

export interface QuotesApi {
  /** Asks funders for a price on part of a claim you hold (recorded off-chain: no commands). */
  request(p: RequestQuoteParameters, o?: Pick<CommandOptions, 'idempotencyKey'>): Promise<QuoteRequest>;
  /** Quote requests with their answers (yours; open ones for funders; all for operator and regulator). */
  list(): Promise<QuoteRequest[]>;
  /** Answers a quote request with an offer only the requester may take (funder). */
  answer(quoteId: string, p: AnswerQuoteParameters, o?: CommandOptions): Promise<AnswerQuoteResult>;
}

export function createOffersApi(t: Transport, c: CommandSender): OffersApi {
  return {
    post: (p, o) => c.send('/v1/offers', p, o),
    cancel: (offerId, o) => c.send(`/v1/offers/${seg(offerId)}/cancel`, {}, o),
    list: async (p = {}) => (await t.request<{ items: Offer[] }>('GET', '/v1/offers', { query: { obligorMemberId: p.obligorMemberId, funderMemberId: p.funderMemberId, status: p.status } })).items,
    get: (offerId) => t.request('GET', `/v1/offers/${seg(offerId)}`),
    price: (offerId, p) => t.request('GET', `/v1/offers/${seg(offerId)}/price`, { query: { claimId: p.claimId, amount: p.amount } }),
  };
}

export function createQuotesApi(t: Transport, c: CommandSender): QuotesApi {
  return {
    request: (p, o) => c.record('/v1/quotes', p, o),
    list: async () => (await t.request<{ items: QuoteRequest[] }>('GET', '/v1/quotes')).items,
    answer: (quoteId, p, o) => c.send(`/v1/quotes/${seg(quoteId)}/answers`, p, o),
  };
}
