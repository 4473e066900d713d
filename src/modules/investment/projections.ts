import type { Queryable } from '../../db/database.ts';
import type { ChainEvent, ReadModel } from '../../indexer/projections.ts';

const hex32 = (v: unknown) => String(v).toLowerCase();
const time = (v: unknown) => new Date(Number(v) * 1000);

async function movement(db: Queryable, e: ChainEvent, kind: string, party: unknown, amount: unknown, burned: unknown = '0') {
  await db.query(
    `INSERT INTO investment_listing_movements (block_number, log_index, tx_hash, listing_id, kind, party, amount, burned, block_time)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [e.blockNumber.toString(), e.logIndex, e.txHash, hex32(e.args.listingId), kind, party ?? null, amount, burned, e.blockTime],
  );
}

/** An investor's request joins its order of that epoch (the contract's one open order per investor and tranche). */
const order = (db: Queryable, e: ChainEvent, column: 'deposit' | 'redeem', amount: unknown) =>
  db.query(
    `INSERT INTO investment_pool_orders (pool_id, tranche, investor, epoch, ${column}) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (pool_id, tranche, investor, epoch) DO UPDATE SET ${column} = investment_pool_orders.${column} + EXCLUDED.${column}`,
    [hex32(e.args.poolId), Number(e.args.tranche), String(e.args.investor).toLowerCase(), Number(e.args.epoch), amount],
  );

/** The contract's Action enum, in order (the API's names). */
const PROPOSAL_ACTIONS = ['valuation', 'write_off', 'policy', 'eligibility'] as const;

const idHex = (v: unknown) => `0x${BigInt(String(v)).toString(16).padStart(64, '0')}`;

const setListing = (db: Queryable, listingId: unknown, set: string, params: unknown[]) =>
  db.query(`UPDATE investment_listings SET ${set} WHERE listing_id = $1`, [hex32(listingId), ...params]);

/** The investment read models: listings and their XT movements, pools and what each epoch close did. */
export const investmentReadModel: ReadModel = {
  tables: [
    'investment_listings', 'investment_listing_movements', 'investment_pools', 'investment_tranche_epochs', 'investment_pool_epochs', 'investment_pool_assets',
    'investment_pool_tranches', 'investment_pool_orders', 'investment_deposits_returned', 'investment_pool_obligors', 'investment_proposals', 'investment_votes',
  ],
  projections: {
    P2PListings: {
      Listed: (db, e) =>
        db.query(
          `INSERT INTO investment_listings (listing_id, holder, claim_id, units, price, deadline, target_yield_bps, investment_id, status, listed_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'open', $9)`,
          [hex32(e.args.listingId), e.args.holder, e.args.claimId, e.args.units, e.args.price, time(e.args.deadline), Number(e.args.targetYieldBps), e.args.investmentId, e.blockTime],
        ),
      ListingFunded: async (db, e) => {
        await setListing(db, e.args.listingId, 'raised = $2::numeric', [e.args.raised]);
        await movement(db, e, 'funded', e.args.investor, e.args.amount);
      },
      ListingCompleted: async (db, e) => {
        await setListing(db, e.args.listingId, "status = 'funded'", []);
        await movement(db, e, 'paid_holder', e.args.holder, e.args.price);
      },
      ListingFailed: (db, e) => setListing(db, e.args.listingId, "status = 'failed'", []),
      ListingRefunded: (db, e) => movement(db, e, 'refunded', e.args.investor, e.args.amount),
      ListingCollected: async (db, e) => {
        await setListing(db, e.args.listingId, `collected = $2::numeric${e.args.settled === true ? ", status = 'settled'" : ''}`, [e.args.collected]);
        await movement(db, e, 'collected', null, e.args.amount);
      },
      ListingPaidOut: async (db, e) => {
        await setListing(db, e.args.listingId, 'distributed = distributed + $2::numeric', [e.args.payout]);
        await movement(db, e, 'paid_out', e.args.investor, e.args.payout, e.args.burned);
      },
    },
    PoolGovernance: {
      Proposed: (db, e) =>
        db.query(
          `INSERT INTO investment_proposals (proposal_id, pool_id, proposer, action, asset_index, value, obligor, snapshot, deadline, total_weight, proposed_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
          [
            Number(e.args.proposalId), hex32(e.args.poolId), String(e.args.proposer).toLowerCase(), PROPOSAL_ACTIONS[Number(e.args.action)] ?? String(e.args.action),
            Number(e.args.assetIndex), e.args.value, String(e.args.obligor).toLowerCase(), String(e.args.snapshot), time(e.args.deadline), e.args.totalWeight, e.blockTime,
          ],
        ),
      VoteCast: async (db, e) => {
        await db.query('INSERT INTO investment_votes (proposal_id, voter, support, weight) VALUES ($1, $2, $3, $4)', [
          Number(e.args.proposalId), String(e.args.voter).toLowerCase(), e.args.support === true, e.args.weight,
        ]);
        const column = e.args.support === true ? 'for_votes' : 'against_votes';
        await db.query(`UPDATE investment_proposals SET ${column} = ${column} + $2::numeric WHERE proposal_id = $1`, [Number(e.args.proposalId), e.args.weight]);
      },
      ProposalExecuted: (db, e) => db.query('UPDATE investment_proposals SET executed = true WHERE proposal_id = $1', [Number(e.args.proposalId)]),
    },
    TranchedPools: {
      PoolCreated: (db, e) => {
        const targets = String(e.args.targetYieldBps).split(',').map(Number);
        return db.query(
          `INSERT INTO investment_pools (pool_id, sponsor, consortium_id, maturity, target_a_bps, target_b_bps, target_c_bps, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [hex32(e.args.poolId), e.args.sponsor, hex32(e.args.consortiumId), time(e.args.maturity), targets[0] ?? 0, targets[1] ?? 0, targets[2] ?? 0, e.blockTime],
        );
      },
      // One row per claim id held: more of the same claim adds to it (as the contract does).
      AssetBought: (db, e) =>
        db.query(
          `INSERT INTO investment_pool_assets (pool_id, asset_index, claim_id, obligor, seller, face, price, bought_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
           ON CONFLICT (pool_id, asset_index) DO UPDATE SET face = investment_pool_assets.face + EXCLUDED.face, price = investment_pool_assets.price + EXCLUDED.price`,
          [hex32(e.args.poolId), Number(e.args.assetIndex), e.args.claimId, e.args.obligor, e.args.seller, e.args.face, e.args.price, e.blockTime],
        ),
      AssetCollected: (db, e) =>
        db.query('UPDATE investment_pool_assets SET collected = $3::numeric, closed = $4 WHERE pool_id = $1 AND asset_index = $2', [
          hex32(e.args.poolId), Number(e.args.assetIndex), e.args.collected, e.args.closed === true,
        ]),
      AssetWrittenOff: (db, e) => db.query('UPDATE investment_pool_assets SET written_off = true WHERE pool_id = $1 AND asset_index = $2', [hex32(e.args.poolId), Number(e.args.assetIndex)]),
      AssetValued: (db, e) =>
        db.query('UPDATE investment_pool_assets SET valuation = $3::numeric WHERE pool_id = $1 AND asset_index = $2', [hex32(e.args.poolId), Number(e.args.assetIndex), e.args.valuation]),
      CoverPosted: (db, e) =>
        db.query('UPDATE investment_pools SET cover = $2::numeric, cover_posted = cover_posted + $3::numeric WHERE pool_id = $1', [hex32(e.args.poolId), e.args.cover, e.args.amount]),
      CoverWithdrawn: (db, e) =>
        db.query('UPDATE investment_pools SET cover = $2::numeric, cover_withdrawn = cover_withdrawn + $3::numeric WHERE pool_id = $1', [hex32(e.args.poolId), e.args.cover, e.args.amount]),
      PolicySet: (db, e) =>
        db.query(
          'UPDATE investment_pools SET discount_rate_bps = $2, min_discount_bps = $3, max_tenor_days = $4, limit_per_obligor = $5::numeric WHERE pool_id = $1',
          [hex32(e.args.poolId), Number(e.args.discountRateBps), Number(e.args.minDiscountBps), Number(e.args.maxTenorDays), e.args.limitPerObligor],
        ),
      ObligorEligibilitySet: (db, e) =>
        db.query(
          `INSERT INTO investment_pool_obligors (pool_id, obligor, eligible) VALUES ($1, $2, $3)
           ON CONFLICT (pool_id, obligor) DO UPDATE SET eligible = EXCLUDED.eligible`,
          [hex32(e.args.poolId), String(e.args.obligor).toLowerCase(), e.args.eligible === true],
        ),
      PoolLimitsSet: (db, e) =>
        db.query('UPDATE investment_pools SET min_subordination_bps = $2, min_cover_bps = $3 WHERE pool_id = $1', [hex32(e.args.poolId), Number(e.args.minSubordinationBps), Number(e.args.minCoverBps)]),
      InvestmentDefined: (db, e) =>
        db.query('INSERT INTO investment_pool_tranches (pool_id, tranche, investment_id) VALUES ($1, $2, $3)', [hex32(e.args.series), Number(e.args.tranche), idHex(e.args.id)]),
      DepositRequested: (db, e) => order(db, e, 'deposit', e.args.assets),
      RedeemRequested: (db, e) => order(db, e, 'redeem', e.args.shares),
      DepositsReturned: (db, e) =>
        db.query('INSERT INTO investment_deposits_returned (pool_id, epoch, tranche, assets) VALUES ($1, $2, $3, $4)', [hex32(e.args.poolId), Number(e.args.epoch), Number(e.args.tranche), e.args.assets]),
      EpochClosed: async (db, e) => {
        await db.query(
          `INSERT INTO investment_pool_epochs (pool_id, epoch, nav, cash, cover_used, num_days, closed_at, block_number) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [hex32(e.args.poolId), Number(e.args.epoch), e.args.nav, e.args.cash, e.args.coverUsed, Number(e.args.numDays), e.blockTime, e.blockNumber.toString()],
        );
        // The cover drawn into the pool at this close is no longer the sponsor's.
        await db.query('UPDATE investment_pools SET cover = cover - $2::numeric WHERE pool_id = $1', [hex32(e.args.poolId), e.args.coverUsed]);
      },
      TrancheSettled: (db, e) =>
        db.query(
          `INSERT INTO investment_tranche_epochs (pool_id, epoch, tranche, previous, target, value, deposit_assets, deposit_shares, redeem_shares,
             redeem_fulfilled, redeem_assets, value_after, supply_after, closed_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
          [
            hex32(e.args.poolId), Number(e.args.epoch), Number(e.args.tranche), e.args.previous, e.args.target, e.args.value, e.args.depositAssets,
            e.args.depositShares, e.args.redeemShares, e.args.redeemFulfilled, e.args.redeemAssets, e.args.valueAfter, e.args.supplyAfter, e.blockTime,
          ],
        ),
    },
  },
};
