/** Investment: P2P listings and pools' epochs (`client.listings`, `client.pools`). */
import type { CommandSender } from '../../sdk/commands.ts';
import { seg, type Transport } from '../../sdk/http.ts';
import type { Accepted, CommandOptions } from '../../sdk/types.ts';
import type { ListingView, PoolEpochsView, PoolExposuresView, PoolView } from './schemas.ts';

export type { ListingView, PoolEpochsView, PoolExposuresView, PoolView, TrancheEpochView } from './schemas.ts';

export interface CreateListingParameters {
  /** 0x + 64 hex: the listing's id, chosen by the caller. */
  listingId: string;
  claimId: string;
  /** Units of the claim listed (its face), minor units. */
  units: string;
  /** XT asked for them: the funding target. */
  price: string;
  /** ISO date-time, before the claim's due date. */
  deadline: string;
}

export interface ListingsApi {
  create(p: CreateListingParameters, o?: CommandOptions): Promise<Accepted>;
  fund(listingId: string, amount: string, o?: CommandOptions): Promise<Accepted>;
  /** Pays `investor` (default: you) its share of what the listing collected. */
  claim(listingId: string, investor?: string, o?: CommandOptions): Promise<Accepted>;
  refund(listingId: string, investor?: string, o?: CommandOptions): Promise<Accepted>;
  collect(listingId: string, o?: CommandOptions): Promise<Accepted>;
  list(p?: { status?: ListingView['status']; limit?: number }): Promise<ListingView[]>;
  get(listingId: string): Promise<ListingView>;
}

export interface PoolsApi {
  get(poolId: string): Promise<PoolView>;
  epochs(poolId: string): Promise<PoolEpochsView>;
  exposures(poolId: string): Promise<PoolExposuresView>;
}

export function createListingsApi(t: Transport, c: CommandSender): ListingsApi {
  return {
    create: (p, o) => c.send('/v1/listings', p, o),
    fund: (id, amount, o) => c.send(`/v1/listings/${seg(id)}/fund`, { amount }, o),
    claim: (id, investor, o) => c.send(`/v1/listings/${seg(id)}/claim`, investor ? { investor } : {}, o),
    refund: (id, investor, o) => c.send(`/v1/listings/${seg(id)}/refund`, investor ? { investor } : {}, o),
    collect: (id, o) => c.send(`/v1/listings/${seg(id)}/collect`, {}, o),
    list: async (p = {}) => (await t.request<{ items: ListingView[] }>('GET', '/v1/listings', { query: { status: p.status, limit: p.limit } })).items,
    get: (id) => t.request('GET', `/v1/listings/${seg(id)}`),
  };
}

export function createPoolsApi(t: Transport): PoolsApi {
  return {
    get: (poolId) => t.request('GET', `/v1/pools/${seg(poolId)}`),
    epochs: (poolId) => t.request('GET', `/v1/pools/${seg(poolId)}/epochs`),
    exposures: (poolId) => t.request('GET', `/v1/pools/${seg(poolId)}/exposures`),
  };
}
