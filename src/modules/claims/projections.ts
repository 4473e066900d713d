/**
 * Read models of the conditional-token ledger and its market (ClaimLedger, ClaimMarket), derived only from their
 * events, and the hooks a product module's projections use to record its own operations on claims.
 *
 * Every handler depends on the event and on read-model rows written by earlier events, never on anything
 * else, so a replay of `chain_events` in (block, log index) order rebuilds the tables exactly.
 *
 * One business operation emits several events in one transaction; `claim_movements` keeps one edge per
 * operation and pairs the ledger's ERC-6909 Transfer with the event that names the operation, by
 * transaction hash, claim id, parties and amount (the latest unpaired candidate earlier in the transaction):
 *
 * | operation                   | events, in log order                                                        | edge       |
 * |-----------------------------|-----------------------------------------------------------------------------|------------|
 * | a product mints a claim     | [product events], the product's issue event, ClaimDefined, Transfer(0 → holder) | `issue` |
 * | ERC-6909 transfer           | Transfer(holder → holder)                                                    | `transfer` |
 * | ClaimMarket.sell            | ClaimFinanced, Transfer(seller → funder), XT Transfer(funder → seller)        | `sale`     |
 * | ClaimLedger.modify          | [ClaimDefined(child)], Transfer(holder → 0, parent), Transfer(0 → holder, child), ClaimModified | `modify` |
 * | a product redeems units     | the product's redeem event, [Transfer(holder → 0)], XT Transfer               | `redeem`   |
 *
 * A product records its `issue` and `redeem` edges with {@link recordClaimMovement} from its own event, before the
 * ledger's Transfer that this module then pairs with it (receivables: ClaimIssued, ClaimRedeemed).
 *
 * A modify's two legs come before the event that explains them: they are written as provisional `burn` and
 * `mint` rows, and ClaimModified replaces them with the one `modify` edge. Hop counts follow
 * ClaimLedger._update: units arriving at an empty holding (mint: 0; transfer: the sender's hops + 1) set its
 * count, units joining a non-empty holding take its count, and a modify's child holding keeps at least the
 * holder's hops in the parent.
 */
import type { Queryable } from '../../db/database.ts';
import {
  argAddressOrNull as addressOrNull,
  argDate as secondsToDate,
  blockOf as block,
  type ChainEvent,
  type ReadModel,
} from '../../indexer/projections.ts';
import { claimsBatched } from './batch.ts';

export { claimKinds } from './batch.ts';

const str = (value: unknown): string => String(value);

/** The hop count (tier depth) of a holding as the read model has it; 0 when there is none. */
export async function holdingHops(db: Queryable, claimId: string, holder: string): Promise<number> {
  const { rows } = await db.query<{ hops: number }>('SELECT hops FROM claim_holdings WHERE claim_id = $1 AND holder = $2', [claimId, holder]);
  return rows[0]?.hops ?? 0;
}

/** One edge of a claim tree (see the table above). */
export interface ClaimMovement {
  kind: 'issue' | 'transfer' | 'modify' | 'sale' | 'redeem' | 'burn' | 'mint';
  claimId: string;
  childId?: string | null;
  from?: string | null;
  to?: string | null;
  amount: string;
  price?: string | null;
  offerId?: string | null;
  days?: number | null;
  fromHops?: number | null;
  toHops?: number | null;
  legLogIndex?: number | null;
}

/** Records an edge at the event `e` (a product's issue or redeem, or one of this module's). */
export function recordClaimMovement(db: Queryable, e: ChainEvent, m: ClaimMovement) {
  return db.query(
    `INSERT INTO claim_movements (block_number, log_index, tx_hash, claim_id, child_id, kind, from_address, to_address, amount, price,
       offer_id, days, from_hops, to_hops, leg_log_index, block_time)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::numeric, $10::numeric, $11, $12, $13, $14, $15, $16)`,
    [
      block(e), e.logIndex, e.txHash, m.claimId, m.childId ?? null, m.kind, m.from ?? null, m.to ?? null, m.amount, m.price ?? null,
      m.offerId ?? null, m.days ?? null, m.fromHops ?? null, m.toHops ?? null, m.legLogIndex ?? null, e.blockTime,
    ],
  );
}

/** XT paid out to a holding (a product's redemption): the `redeemed` figure holders see. */
export async function creditRedeemed(db: Queryable, claimId: string, holder: string, payout: string): Promise<void> {
  await db.query('UPDATE claim_holdings SET redeemed = redeemed + $3::numeric WHERE claim_id = $1 AND holder = $2', [claimId, holder, payout]);
}

/** The claims read model: ids and their terms, holdings, the edges of every tree, offers and sales. */
export const claimsReadModel: ReadModel = {
  tables: ['claims', 'claim_holdings', 'claim_movements', 'offers', 'financings', 'claim_tier_totals', 'financing_totals', 'claim_ladder'],
  // ClaimDefined, the ledger's Transfer, ClaimModified and ClaimFinanced: batch.ts.
  batched: claimsBatched,
  projections: {
    ClaimMarket: {
      OfferPosted: (db, e) =>
        db.query(
          `INSERT INTO offers (offer_id, funder, obligor, rate_bps, offer_limit, remaining, expires_at, only_holder, status, posted_at, posted_block)
           VALUES ($1, $2, $3, $4, $5::numeric, $5::numeric, $6, $7, 'open', $8, $9)`,
          [
            str(e.args.offerId), str(e.args.funder), str(e.args.obligor), Number(e.args.rateBps), str(e.args.limit),
            secondsToDate(e.args.expiresAt), addressOrNull(e.args.onlyHolder), e.blockTime, block(e),
          ],
        ),
      OfferCancelled: (db, e) =>
        db.query(`UPDATE offers SET remaining = 0, status = 'cancelled', closed_at = $2 WHERE offer_id = $1`, [str(e.args.offerId), e.blockTime]),
    },
  },
};
