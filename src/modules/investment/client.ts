/** Investment: P2P listings and pools' epochs (`client.listings`, `client.pools`). */
import type { CommandSender } from '../../sdk/commands.ts';
import { seg, type Transport } from '../../sdk/http.ts';
import type { Accepted, CommandOptions } from '../../sdk/types.ts';
import type { ListingView, PoolEpochsView, PoolExposuresView, PoolStatementView, PoolSummaryView, PoolView, ProposalView } from './schemas.ts';

export type { ListingView, PoolEpochsView, PoolExposuresView, PoolStatementView, PoolSummaryView, PoolView, ProposalView, StatementLineView, TrancheEpochView } from './schemas.ts';

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

export type TrancheName = 'A' | 'B' | 'C';

export interface PoolPolicy {
  discountRateBps: number;
  minDiscountBps: number;
  maxTenorDays: number;
  /** Face held per obligor, at most (minor units). */
  limitPerObligor: string;
}

export interface CreatePoolParameters {
  /** 0x + 64 hex, chosen by the sponsor. */
  poolId: string;
  consortiumId: string;
  /** ISO date-time. */
  maturity: string;
  minEpochDays: number;
  dayCount?: 'ACT/360' | 'ACT/365F';
  /** Annual target yields of A, B and C in basis points. */
  targetYieldBps: [number, number, number];
  quorumBps: number;
  thresholdBps: number;
  votingDays: number;
  /** B + C's minimum share of the tranches' value (bps, below 10,000; default 0). */
  minSubordinationBps?: number;
  /** The cover the sponsor keeps committed, as a share of the tranches' value (bps; default 0). */
  minCoverBps?: number;
  policy: PoolPolicy;
  eligibleObligorIds: string[];
}

export interface ProposalParameters {
  action: 'valuation' | 'write_off' | 'policy' | 'eligibility';
  assetIndex?: number;
  /** The valuation (minor units), or 1/0 for an obligor's eligibility. */
  value?: string;
  obligorMemberId?: string;
  policy?: PoolPolicy;
}

export interface PoolsApi {
  list(p?: { limit?: number }): Promise<PoolSummaryView[]>;
  create(p: CreatePoolParameters, o?: CommandOptions): Promise<Accepted>;
  get(poolId: string): Promise<PoolView>;
  epochs(poolId: string): Promise<PoolEpochsView>;
  exposures(poolId: string): Promise<PoolExposuresView>;
  /** What `investor`'s position earned (default: yours), per epoch and to date. */
  statement(poolId: string, investor?: string): Promise<PoolStatementView>;
  /** The holders' proposals on a pool with their tallies. */
  proposals(poolId: string): Promise<ProposalView[]>;
  /** The same as CSV text. */
  statementCsv(poolId: string, investor?: string): Promise<string>;
  /** The sponsor posts first-loss cover. */
  postCover(poolId: string, amount: string, o?: CommandOptions): Promise<Accepted>;
  /** The sponsor takes back unused cover. */
  withdrawCover(poolId: string, amount: string, o?: CommandOptions): Promise<Accepted>;
  deposit(poolId: string, tranche: TrancheName, amount: string, o?: CommandOptions): Promise<Accepted>;
  redeem(poolId: string, tranche: TrancheName, shares: string, o?: CommandOptions): Promise<Accepted>;
  /** Delivers `investor`'s (default: your) executed order of a tranche. */
  claim(poolId: string, tranche: TrancheName, investor?: string, o?: CommandOptions): Promise<Accepted>;
  /** Sells `face` units of a claim you hold to the pool at its policy's price. */
  sell(poolId: string, p: { claimId: string; face: string; minPrice?: string }, o?: CommandOptions): Promise<Accepted>;
  closeEpoch(poolId: string, o?: CommandOptions): Promise<Accepted>;
  propose(poolId: string, p: ProposalParameters, o?: CommandOptions): Promise<Accepted<{ proposalId: string }>>;
  vote(proposalId: string, support: boolean, o?: CommandOptions): Promise<Accepted>;
  execute(proposalId: string, o?: CommandOptions): Promise<Accepted>;
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

export function createPoolsApi(t: Transport, c: CommandSender): PoolsApi {
  const pool = (poolId: string, path: string) => `/v1/pools/${seg(poolId)}/${path}`;
  return {
    create: (p, o) => c.send('/v1/pools', p, o),
    list: async (p = {}) => (await t.request<{ items: PoolSummaryView[] }>('GET', '/v1/pools', { query: { limit: p.limit } })).items,
    proposals: async (poolId) => (await t.request<{ items: ProposalView[] }>('GET', pool(poolId, 'proposals'))).items,
    statement: (poolId, investor) => t.request('GET', pool(poolId, 'statement'), { query: { investor } }),
    statementCsv: (poolId, investor) => t.request<string>('GET', '/v1/exports/pool-statement.csv', { query: { poolId, investor }, headers: { accept: 'text/csv' } }),
    postCover: (poolId, amount, o) => c.send(pool(poolId, 'cover'), { amount }, o),
    withdrawCover: (poolId, amount, o) => c.send(pool(poolId, 'cover/withdrawals'), { amount }, o),
    deposit: (poolId, tranche, amount, o) => c.send(pool(poolId, 'deposits'), { tranche, amount }, o),
    redeem: (poolId, tranche, shares, o) => c.send(pool(poolId, 'redemptions'), { tranche, shares }, o),
    claim: (poolId, tranche, investor, o) => c.send(pool(poolId, 'claims'), investor ? { tranche, investor } : { tranche }, o),
    sell: (poolId, p, o) => c.send(pool(poolId, 'purchases'), p, o),
    closeEpoch: (poolId, o) => c.send(pool(poolId, 'epochs'), {}, o),
    propose: (poolId, p, o) => c.send(pool(poolId, 'proposals'), p, o),
    vote: (proposalId, support, o) => c.send(`/v1/proposals/${seg(proposalId)}/votes`, { support }, o),
    execute: (proposalId, o) => c.send(`/v1/proposals/${seg(proposalId)}/execute`, {}, o),
    get: (poolId) => t.request('GET', `/v1/pools/${seg(poolId)}`),
    epochs: (poolId) => t.request('GET', `/v1/pools/${seg(poolId)}/epochs`),
    exposures: (poolId) => t.request('GET', `/v1/pools/${seg(poolId)}/exposures`),
  };
}
