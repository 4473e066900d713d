/** Financing: funders' offers and the on-chain price of a claim against one, and quote requests (`client.offers`, `client.quotes`). */
import type { CommandSender } from './commands.ts';
import { seg, type Transport } from './http.ts';
import type { Offer, OfferPrice, QuoteRequest } from './receivableTypes.ts';
import type { Accepted, CommandOptions } from './types.ts';

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

export type PostOfferResult = Accepted<{ offerId: string; expiresAt: string }>;

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

export type AnswerQuoteResult = Accepted<{ quoteId: string; offerId: string; expiresAt: string }>;

export interface OffersApi {
  /** Posts a standing offer to buy claims on an obligor at a discount rate (funder). */
  post(p: PostOfferParameters, o?: CommandOptions): Promise<PostOfferResult>;
  /** Withdraws what is left of an offer (its funder). */
  cancel(offerId: string, o?: CommandOptions): Promise<Accepted<{ offerId: string }>>;
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
