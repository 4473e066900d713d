/** Listings and pools as the read models have them. Every certified member may see them: they are offers to invest. */
import type { Queryable } from '../../db/database.ts';
import { NotFoundError } from '../../common/errors.ts';
import { movementsOf } from '../claims/index.ts';
import type { ListingView, PoolEpochsView, PoolExposuresView, PoolSummaryView, PoolView, ProposalView } from './schemas.ts';

interface ListingRow {
  listing_id: string;
  holder: string;
  claim_id: string;
  units: string;
  price: string;
  deadline: Date;
  target_yield_bps: number;
  investment_id: string;
  status: ListingView['status'];
  raised: string;
  collected: string;
  distributed: string;
  listed_at: Date;
}

const SELECT = `SELECT listing_id, holder, claim_id::text, units::text, price::text, deadline, target_yield_bps, investment_id::text, status,
  raised::text, collected::text, distributed::text, listed_at FROM investment_listings`;

const view = (r: ListingRow): ListingView => ({
  listingId: r.listing_id,
  holder: r.holder,
  claimId: r.claim_id,
  units: r.units,
  price: r.price,
  deadline: r.deadline.toISOString(),
  targetYieldBps: r.target_yield_bps,
  investmentId: r.investment_id,
  status: r.status,
  raised: r.raised,
  collected: r.collected,
  distributed: r.distributed,
  listedAt: r.listed_at.toISOString(),
});

export async function listListings(db: Queryable, p: { status?: ListingView['status']; limit: number }): Promise<ListingView[]> {
  const { rows } = await db.query<ListingRow>(`${SELECT} ${p.status ? 'WHERE status = $2' : ''} ORDER BY listed_at DESC LIMIT $1`, p.status ? [p.limit, p.status] : [p.limit]);
  return rows.map(view);
}

export async function findListing(db: Queryable, listingId: string): Promise<ListingView | undefined> {
  const { rows } = await db.query<ListingRow>(`${SELECT} WHERE listing_id = $1`, [listingId.toLowerCase()]);
  return rows[0] ? view(rows[0]) : undefined;
}

export async function getListing(db: Queryable, listingId: string): Promise<ListingView> {
  const l = await findListing(db, listingId);
  if (!l) throw new NotFoundError('listing', listingId);
  return l;
}

export async function poolEpochs(db: Queryable, poolId: string): Promise<PoolEpochsView> {
  const { rows } = await db.query<{ epoch: number; tranche: number; previous: string; target: string; value: string; value_after: string; supply_after: string; closed_at: Date }>(
    `SELECT epoch, tranche, previous::text, target::text, value::text, value_after::text, supply_after::text, closed_at
       FROM investment_tranche_epochs WHERE pool_id = $1 ORDER BY epoch, tranche`,
    [poolId.toLowerCase()],
  );
  return {
    poolId: poolId.toLowerCase(),
    items: rows.map((r) => ({
      epoch: r.epoch,
      tranche: (['A', 'B', 'C'] as const)[r.tranche]!,
      previous: r.previous,
      target: r.target,
      value: r.value,
      valueAfter: r.value_after,
      supplyAfter: r.supply_after,
      closedAt: r.closed_at.toISOString(),
    })),
  };
}

/** A pool's proposals, newest first, with their tallies. */
export async function poolProposals(db: Queryable, poolId: string): Promise<ProposalView[]> {
  const { rows } = await db.query<{
    proposal_id: number; pool_id: string; proposer: string; action: ProposalView['action']; asset_index: number; value: string; obligor: string; snapshot: string;
    deadline: Date; total_weight: string; for_votes: string; against_votes: string; executed: boolean; proposed_at: Date;
  }>(
    `SELECT proposal_id, pool_id, proposer, action, asset_index, value::text, obligor, snapshot::text, deadline, total_weight::text, for_votes::text, against_votes::text,
            executed, proposed_at FROM investment_proposals WHERE pool_id = $1 ORDER BY proposal_id DESC`,
    [poolId.toLowerCase()],
  );
  return rows.map((r) => ({
    proposalId: String(r.proposal_id), poolId: r.pool_id, proposer: r.proposer, action: r.action, assetIndex: r.asset_index, value: r.value, obligor: r.obligor,
    snapshot: r.snapshot, deadline: r.deadline.toISOString(), totalWeight: r.total_weight, forVotes: r.for_votes, againstVotes: r.against_votes, executed: r.executed,
    proposedAt: r.proposed_at.toISOString(),
  }));
}

/** Every pool, newest first: its id, sponsor, maturity, epochs closed and cover (the list investors choose from). */
export async function listPools(db: Queryable, limit: number): Promise<PoolSummaryView[]> {
  const { rows } = await db.query<{ pool_id: string; sponsor: string; maturity: Date; a: number; b: number; c: number; cover: string; epochs: number; created_at: Date }>(
    `SELECT p.pool_id, p.sponsor, p.maturity, p.target_a_bps AS a, p.target_b_bps AS b, p.target_c_bps AS c, p.cover::text, p.created_at,
            (SELECT count(*)::int FROM investment_pool_epochs e WHERE e.pool_id = p.pool_id) AS epochs
       FROM investment_pools p ORDER BY p.created_at DESC, p.pool_id LIMIT $1`,
    [limit],
  );
  return rows.map((r) => ({ poolId: r.pool_id, sponsor: r.sponsor, maturity: r.maturity.toISOString(), targetYieldBps: [r.a, r.b, r.c], cover: r.cover, epochs: r.epochs, createdAt: r.created_at.toISOString() }));
}

/** A pool as the read models have it, with each tranche after the last close and its realised yield over that epoch. */
export async function getPool(db: Queryable, poolId: string): Promise<PoolView> {
  const id = poolId.toLowerCase();
  const { rows } = await db.query<{
    pool_id: string; sponsor: string; consortium_id: string; maturity: Date; a: number; b: number; c: number; cover: string; cover_posted: string; cover_withdrawn: string;
    min_subordination_bps: number; min_cover_bps: number; created_at: Date;
    discount_rate_bps: number; min_discount_bps: number; max_tenor_days: number; limit_per_obligor: string;
  }>(
    `SELECT pool_id, sponsor, consortium_id, maturity, target_a_bps AS a, target_b_bps AS b, target_c_bps AS c, cover::text, cover_posted::text, cover_withdrawn::text,
            min_subordination_bps, min_cover_bps, created_at, discount_rate_bps, min_discount_bps, max_tenor_days, limit_per_obligor::text
       FROM investment_pools WHERE pool_id = $1`,
    [id],
  );
  const pool = rows[0];
  if (!pool) throw new NotFoundError('pool', poolId);
  const { rows: last } = await db.query<{ epoch: number; nav: string; num_days: number }>(
    'SELECT epoch, nav::text, num_days FROM investment_pool_epochs WHERE pool_id = $1 ORDER BY epoch DESC LIMIT 1',
    [id],
  );
  const { rows: tranches } = await db.query<{ tranche: number; previous: string; value: string; value_after: string; supply_after: string }>(
    `SELECT tranche, previous::text, value::text, value_after::text, supply_after::text FROM investment_tranche_epochs WHERE pool_id = $1 AND epoch = $2 ORDER BY tranche`,
    [id, last[0]?.epoch ?? -1],
  );
  const { rows: obligors } = await db.query<{ obligor: string }>('SELECT obligor FROM investment_pool_obligors WHERE pool_id = $1 AND eligible ORDER BY obligor', [id]);
  const days = last[0]?.num_days ?? 0;
  const after = [0, 1, 2].map((i) => BigInt(tranches.find((x) => x.tranche === i)?.value_after ?? '0'));
  const total = after[0]! + after[1]! + after[2]!;
  return {
    poolId: id,
    sponsor: pool.sponsor,
    consortiumId: pool.consortium_id,
    maturity: pool.maturity.toISOString(),
    targetYieldBps: [pool.a, pool.b, pool.c],
    cover: pool.cover,
    coverPosted: pool.cover_posted,
    coverWithdrawn: pool.cover_withdrawn,
    minSubordinationBps: pool.min_subordination_bps,
    minCoverBps: pool.min_cover_bps,
    policy: {
      discountRateBps: pool.discount_rate_bps, minDiscountBps: pool.min_discount_bps, maxTenorDays: pool.max_tenor_days, limitPerObligor: pool.limit_per_obligor,
      eligibleObligors: obligors.map((o) => o.obligor),
    },
    // Rounded down, as the contract's limit compares it.
    subordinationBps: total > 0n ? Number(((after[1]! + after[2]!) * 10_000n) / total) : null,
    createdAt: pool.created_at.toISOString(),
    epochs: last[0]?.epoch ?? 0,
    nav: last[0]?.nav ?? null,
    tranches: (['A', 'B', 'C'] as const).map((tranche, i) => {
      const r = tranches.find((x) => x.tranche === i);
      const previous = BigInt(r?.previous ?? '0');
      // Annualised on ACT/360 over the last epoch, rounded down; none before a tranche has value and a day has passed.
      const realised = previous > 0n && days > 0 ? Number(((BigInt(r!.value) - previous) * 10_000n * 360n) / (previous * BigInt(days))) : null;
      return { tranche, value: r?.value_after ?? '0', shares: r?.supply_after ?? '0', realisedYieldBps: realised };
    }),
  };
}

/**
 * What a pool holds, by obligor: face bought, price paid, collected, outstanding (not closed, not written off),
 * written off; and by obligor and supply-chain tier (the seller's tier in the claim's tree when the pool bought it: 1 =
 * the supplier the claim was issued to), read from the ledger's movements into the pool contract `pools`.
 */
export async function poolExposures(db: Queryable, poolId: string, pools: string): Promise<PoolExposuresView> {
  const id = poolId.toLowerCase();
  const { rows } = await db.query<{ obligor: string; claims: number; face: string; paid_for: string; collected: string; outstanding: string; written_off: string }>(
    `SELECT obligor, count(*)::int AS claims, sum(face)::text AS face, sum(price)::text AS paid_for, sum(collected)::text AS collected,
            sum(CASE WHEN closed OR written_off OR collected >= face THEN 0 ELSE face - collected END)::text AS outstanding,
            sum(CASE WHEN written_off AND NOT closed AND collected < face THEN face - collected ELSE 0 END)::text AS written_off
       FROM investment_pool_assets WHERE pool_id = $1 GROUP BY obligor ORDER BY obligor`,
    [id],
  );
  const { rows: assets } = await db.query<{ claim_id: string; obligor: string; seller: string; face: string; outstanding: string }>(
    `SELECT claim_id::text, obligor, seller, face::text,
            (CASE WHEN closed OR written_off OR collected >= face THEN 0 ELSE face - collected END)::text AS outstanding
       FROM investment_pool_assets WHERE pool_id = $1`,
    [id],
  );
  const hex = (d: string) => `0x${BigInt(d).toString(16).padStart(64, '0')}`;
  const moves = await movementsOf(db, [...new Set(assets.map((a) => hex(a.claim_id)))]);
  const tiers = new Map<string, { obligor: string; tier: number; claims: number; face: bigint; outstanding: bigint }>();
  for (const a of assets) {
    // The purchase: units from the seller into the pool contract (several purchases of one id share its first tier).
    const bought = moves.find((m) => m.claim_id === hex(a.claim_id) && m.from_address === a.seller.toLowerCase() && m.to_address === pools.toLowerCase());
    const tier = (bought?.from_hops ?? 0) + 1;
    const key = `${a.obligor}:${tier}`;
    const row = tiers.get(key) ?? { obligor: a.obligor, tier, claims: 0, face: 0n, outstanding: 0n };
    row.claims += 1;
    row.face += BigInt(a.face);
    row.outstanding += BigInt(a.outstanding);
    tiers.set(key, row);
  }
  return {
    poolId: id,
    items: rows.map((r) => ({ obligor: r.obligor, claims: r.claims, face: r.face, paidFor: r.paid_for, collected: r.collected, outstanding: r.outstanding, writtenOff: r.written_off })),
    byTier: [...tiers.values()]
      .sort((x, y) => x.obligor.localeCompare(y.obligor) || x.tier - y.tier)
      .map((r) => ({ obligor: r.obligor, tier: r.tier, claims: r.claims, face: r.face.toString(), outstanding: r.outstanding.toString() })),
  };
}
