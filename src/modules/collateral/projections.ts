/**
 * Read models of GoodsToken and CollateralVault, derived only from their events (a replay of chain_events rebuilds
 * them): goods with their valuations, collateral classes, positions and their draws, every step of a position in
 * `collateral_events` (the coverage history and the regulator's alerts), auction rounds and written-off losses.
 *
 * The indexer lower-cases every string argument, so the goods' texts as the verifier wrote them are kept off-chain
 * too (`goods_texts`, written by the command); the queries prefer them.
 *
 * Draws and redemptions are edges of the claim tree, recorded through the claims module as Receivables records
 * its own: Drawn → `issue`, ClaimRedeemed → `redeem` (each before the ledger's Transfer the claims module pairs).
 */
import type { Queryable } from '../../db/database.ts';
import { argDate, argHashOrNull, argId, blockOf, type ChainEvent, type ReadModel } from '../../indexer/projections.ts';
import { creditRedeemed, holdingHops, recordClaimMovement } from '../claims/index.ts';
import { positionStatuses } from './chain.ts';

const str = (v: unknown): string => String(v);
const kinds = ['receivable', 'inventory', 'pledge', 'margin', 'investment'];
const curves = ['linear', 'stepwise'];
const defaultReasons = ['past due date and grace', 'margin call not cured', 'past the liquidation threshold'];

function step(db: Queryable, e: ChainEvent, p: { positionId?: unknown; goodsId?: unknown; kind: string; actor?: unknown; amount?: unknown; debt?: unknown; value?: unknown; ratioBps?: unknown; detail?: string }) {
  const n = (v: unknown) => (v === undefined || v === null ? null : str(v));
  return db.query(
    `INSERT INTO collateral_events (block_number, log_index, tx_hash, position_id, goods_id, kind, actor, amount, debt, value, ratio_bps, detail, block_time)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::numeric, $9::numeric, $10::numeric, $11::numeric, $12, $13)`,
    [
      blockOf(e), e.logIndex, e.txHash, p.positionId === undefined ? null : str(p.positionId), p.goodsId === undefined ? null : argId(p.goodsId), p.kind,
      n(p.actor), n(p.amount), n(p.debt), n(p.value), n(p.ratioBps), p.detail ?? null, e.blockTime,
    ],
  );
}

/** SQL: the current valuation of every goods item of position `p` (the locked item and those added since). */
export const goodsValueOf = (p: string) =>
  `(COALESCE((SELECT value FROM goods WHERE id = ${p}.goods_id), 0) + COALESCE((SELECT sum(g.value) FROM collateral_added_goods a JOIN goods g ON g.id = a.goods_id WHERE a.position_id = ${p}.id), 0))::text`;

const setStatus = (db: Queryable, e: ChainEvent, positionId: unknown, status: (typeof positionStatuses)[number]) =>
  db.query('UPDATE collateral_positions SET status = $2, updated_block = $3 WHERE id = $1', [str(positionId), status, blockOf(e)]);

/** The collateral read model. */
export const collateralReadModel: ReadModel = {
  tables: [
    'goods', 'goods_valuations', 'collateral_classes', 'collateral_positions', 'collateral_draws', 'collateral_events', 'collateral_auctions', 'collateral_write_offs',
    'collateral_pledged_claims', 'collateral_added_goods',
  ],
  projections: {
    GoodsToken: {
      GoodsRegistered: async (db, e) => {
        const a = e.args;
        await db.query(
          `INSERT INTO goods (id, owner, verifier, class_id, quantity, unit, description, location, receipt, lot, documents_hash, value, valued_at, valuer,
             registered_at, registered_block)
           VALUES ($1, $2, $3, $4, $5::numeric, $6, $7, $8, $9, $10, $11, 0, $12, $3, $12, $13)`,
          [argId(a.id), str(a.owner), str(a.verifier), Number(a.classId), str(a.quantity), str(a.unit), str(a.description), str(a.location), str(a.receipt),
            str(a.lot), argHashOrNull(a.documentsHash), e.blockTime, blockOf(e)],
        );
        await step(db, e, { goodsId: a.id, kind: 'goods_registered', actor: a.verifier });
      },
      GoodsValued: async (db, e) => {
        const id = argId(e.args.id);
        await db.query('UPDATE goods SET value = $2::numeric, valued_at = $3, valuer = $4 WHERE id = $1', [id, str(e.args.value), e.blockTime, str(e.args.valuer)]);
        await db.query(
          `INSERT INTO goods_valuations (block_number, log_index, goods_id, valuer, value, previous, block_time) VALUES ($1, $2, $3, $4, $5::numeric, $6::numeric, $7)`,
          [blockOf(e), e.logIndex, id, str(e.args.valuer), str(e.args.value), str(e.args.previous), e.blockTime],
        );
        // A revaluation of locked goods moves its position's coverage: recorded on the position's history.
        const { rows } = await db.query<{ id: string; debt: string; margin: string; goods_value: string }>(
          `SELECT p.id, p.debt::text AS debt, p.margin::text AS margin, ${goodsValueOf('p')} AS goods_value FROM collateral_positions p
            WHERE (p.goods_id = $1 OR p.id IN (SELECT position_id FROM collateral_added_goods WHERE goods_id = $1)) AND p.status IN ('open', 'defaulted')`,
          [id],
        );
        for (const p of rows) {
          const value = BigInt(p.goods_value) + BigInt(p.margin);
          await step(db, e, { positionId: p.id, goodsId: e.args.id, kind: 'revalued', actor: e.args.valuer, amount: e.args.value, debt: p.debt, value, ratioBps: value === 0n ? null : (BigInt(p.debt) * 10_000n) / value });
        }
      },
      GoodsLockChanged: (db, e) => db.query('UPDATE goods SET locked = $2 WHERE id = $1', [argId(e.args.id), Boolean(e.args.locked)]),
      Transfer: (db, e) => (str(e.args.from) === '0x0000000000000000000000000000000000000000' ? Promise.resolve() : db.query('UPDATE goods SET owner = $2 WHERE id = $1', [argId(e.args.tokenId), str(e.args.to)])),
    },
    CollateralVault: {
      CollateralClassSet: (db, e) => {
        const c = e.args.c as unknown as Record<string, unknown>;
        return db.query(
          `INSERT INTO collateral_classes (class_id, kind, active, ltv_bps, margin_bps, liquidation_bps, penalty_bps, auction_start_bps, auction_floor_bps, curve,
             auction_duration, auction_step, margin_grace, default_grace)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
           ON CONFLICT (class_id) DO UPDATE SET kind = EXCLUDED.kind, active = EXCLUDED.active, ltv_bps = EXCLUDED.ltv_bps, margin_bps = EXCLUDED.margin_bps,
             liquidation_bps = EXCLUDED.liquidation_bps, penalty_bps = EXCLUDED.penalty_bps, auction_start_bps = EXCLUDED.auction_start_bps,
             auction_floor_bps = EXCLUDED.auction_floor_bps, curve = EXCLUDED.curve, auction_duration = EXCLUDED.auction_duration,
             auction_step = EXCLUDED.auction_step, margin_grace = EXCLUDED.margin_grace, default_grace = EXCLUDED.default_grace`,
          [Number(e.args.classId), kinds[Number(c.kind)], Boolean(c.active), Number(c.ltvBps), Number(c.marginBps), Number(c.liquidationBps), Number(c.penaltyBps),
            Number(c.auctionStartBps), Number(c.auctionFloorBps), curves[Number(c.curve)], Number(c.auctionDuration), Number(c.auctionStep), Number(c.marginGrace),
            Number(c.defaultGrace)],
        );
      },
      PositionOpened: async (db, e) => {
        const a = e.args;
        const goodsId = BigInt(str(a.goodsId)) === 0n ? null : argId(a.goodsId);
        await db.query(
          `INSERT INTO collateral_positions (id, pledgor, goods_id, class_id, status, collateral_value, credit_limit, margin, due_date, late_rate_bps, max_hops,
             day_count, consortium_id, opened_at, updated_block)
           VALUES ($1, $2, $3, $4, 'open', $5::numeric, $6::numeric, $7::numeric, $8, $9, $10, $11, $12, $13, $14)`,
          [str(a.positionId), str(a.pledgor), goodsId, Number(a.classId), str(a.collateralValue), str(a.limit), str(a.margin), argDate(a.dueDate), Number(a.lateRateBps),
            Number(a.maxHops), Number(a.dayCount), str(a.consortiumId), e.blockTime, blockOf(e)],
        );
        await step(db, e, { positionId: a.positionId, goodsId: goodsId ? a.goodsId : undefined, kind: 'locked', actor: a.pledgor, amount: a.limit, debt: 0, value: a.collateralValue, ratioBps: 0 });
      },
      Drawn: async (db, e) => {
        const a = e.args;
        const id = argId(a.id);
        const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM collateral_draws WHERE position_id = $1', [str(a.positionId)]);
        await db.query(`INSERT INTO collateral_draws (id, position_id, idx, face, kind, drawn_at) VALUES ($1, $2, $3, $4::numeric, $5, $6)`, [
          id, str(a.positionId), rows[0]?.n ?? 0, str(a.amount), kinds[Number(a.kind)], e.blockTime,
        ]);
        await db.query('UPDATE collateral_positions SET debt = $2::numeric, updated_block = $3 WHERE id = $1', [str(a.positionId), str(a.debt), blockOf(e)]);
        await step(db, e, { positionId: a.positionId, kind: 'drawn', actor: a.pledgor, amount: a.amount, debt: a.debt });
        await recordClaimMovement(db, e, { kind: 'issue', claimId: id, to: str(a.pledgor), amount: str(a.amount) });
      },
      Repaid: async (db, e) => {
        const a = e.args;
        await db.query(
          `UPDATE collateral_draws SET paid = paid + $2::numeric, principal_paid = principal_paid + $3::numeric, interest_paid = interest_paid + $4::numeric WHERE id = $1`,
          [argId(a.id), str(a.amount), str(a.principal), str(a.interest)],
        );
        await db.query('UPDATE collateral_positions SET debt = $2::numeric, updated_block = $3 WHERE id = $1', [str(a.positionId), str(a.debt), blockOf(e)]);
        await step(db, e, { positionId: a.positionId, kind: 'repaid', actor: a.payer, amount: a.amount, debt: a.debt, detail: `principal ${str(a.principal)}, interest ${str(a.interest)}` });
      },
      LateInterestAccrued: () => Promise.resolve(),
      MarginToppedUp: async (db, e) => {
        await db.query('UPDATE collateral_positions SET margin = $2::numeric, updated_block = $3 WHERE id = $1', [str(e.args.positionId), str(e.args.margin), blockOf(e)]);
        await step(db, e, { positionId: e.args.positionId, kind: 'topped_up', actor: e.args.by, amount: e.args.amount });
      },
      MarginCalled: async (db, e) => {
        await db.query('UPDATE collateral_positions SET margin_call_deadline = $2, updated_block = $3 WHERE id = $1', [str(e.args.positionId), argDate(e.args.deadline), blockOf(e)]);
        await step(db, e, { positionId: e.args.positionId, kind: 'margin_called', debt: e.args.debt, value: e.args.collateralValue, ratioBps: e.args.ratioBps, detail: argDate(e.args.deadline).toISOString() });
      },
      MarginCallCured: async (db, e) => {
        await db.query('UPDATE collateral_positions SET margin_call_deadline = NULL, updated_block = $2 WHERE id = $1', [str(e.args.positionId), blockOf(e)]);
        await step(db, e, { positionId: e.args.positionId, kind: 'margin_call_cured', debt: e.args.debt, value: e.args.collateralValue, ratioBps: e.args.ratioBps });
      },
      PositionDefaulted: async (db, e) => {
        await db.query(`UPDATE collateral_positions SET status = 'defaulted', margin_call_deadline = NULL, updated_block = $2 WHERE id = $1`, [str(e.args.positionId), blockOf(e)]);
        await step(db, e, { positionId: e.args.positionId, kind: 'defaulted', amount: e.args.penalty, debt: e.args.debt, value: e.args.collateralValue, detail: defaultReasons[Number(e.args.reason)] });
      },
      AuctionStarted: async (db, e) => {
        const a = e.args;
        await db.query(
          `INSERT INTO collateral_auctions (position_id, round, goods_id, start_price, floor_price, started_at, duration, step, curve) VALUES ($1, $2, $3, $4::numeric, $5::numeric, $6, $7, $8, $9)`,
          [str(a.positionId), Number(a.round), argId(a.goodsId), str(a.startPrice), str(a.floorPrice), argDate(a.startedAt), Number(a.duration), Number(a.step), curves[Number(a.curve)]],
        );
        await step(db, e, { positionId: a.positionId, goodsId: a.goodsId, kind: 'auction_started', amount: a.startPrice, detail: `round ${str(a.round)}` });
      },
      AuctionWon: async (db, e) => {
        const a = e.args;
        await db.query('UPDATE collateral_auctions SET winner = $3, price = $4::numeric, won_at = $5 WHERE position_id = $1 AND round = $2', [
          str(a.positionId), Number(a.round), str(a.bidder), str(a.price), e.blockTime,
        ]);
        await setStatus(db, e, a.positionId, 'liquidated');
        await step(db, e, { positionId: a.positionId, goodsId: a.goodsId, kind: 'auction_won', actor: a.bidder, amount: a.price });
      },
      DrawSettled: (db, e) =>
        db.query(
          `UPDATE collateral_draws SET paid = paid + $2::numeric + $3::numeric + $4::numeric, interest_paid = interest_paid + $2::numeric, penalty_paid = penalty_paid + $3::numeric,
             principal_paid = principal_paid + $4::numeric, written_off = $5::numeric, closed = true WHERE id = $1`,
          [argId(e.args.id), str(e.args.interest), str(e.args.penalty), str(e.args.principal), str(e.args.shortfall)],
        ),
      PositionLiquidated: async (db, e) => {
        const a = e.args;
        await db.query(`UPDATE collateral_positions SET status = 'liquidated', debt = 0, margin = 0, updated_block = $2 WHERE id = $1`, [str(a.positionId), blockOf(e)]);
        await step(db, e, { positionId: a.positionId, kind: 'liquidated', amount: a.proceeds, detail: JSON.stringify({ margin: str(a.margin), toHolders: str(a.toHolders), surplus: str(a.surplus), shortfall: str(a.shortfall) }) });
      },
      PositionReleased: async (db, e) => {
        await db.query(`UPDATE collateral_positions SET status = 'released', margin = 0, margin_call_deadline = NULL, updated_block = $2 WHERE id = $1`, [str(e.args.positionId), blockOf(e)]);
        await step(db, e, { positionId: e.args.positionId, kind: 'released', actor: e.args.pledgor, amount: e.args.marginReturned });
      },
      ClaimRedeemed: async (db, e) => {
        const id = argId(e.args.id);
        const holder = str(e.args.holder);
        const payout = str(e.args.payout);
        await db.query('UPDATE collateral_draws SET distributed = distributed + $2::numeric WHERE id = $1', [argId(e.args.root), payout]);
        await creditRedeemed(db, id, holder, payout);
        await recordClaimMovement(db, e, { kind: 'redeem', claimId: id, from: holder, amount: str(e.args.burned), price: payout, fromHops: await holdingHops(db, id, holder) });
      },
      GoodsAdded: async (db, e) => {
        const a = e.args;
        await db.query(`INSERT INTO collateral_added_goods (position_id, goods_id, value_at_add, block_number, log_index) VALUES ($1, $2, $3::numeric, $4, $5)`, [
          str(a.positionId), argId(a.goodsId), str(a.value), blockOf(e), e.logIndex,
        ]);
        const { rows } = await db.query<{ debt: string }>('SELECT debt::text AS debt FROM collateral_positions WHERE id = $1', [str(a.positionId)]);
        const debt = BigInt(rows[0]?.debt ?? '0');
        const value = BigInt(str(a.collateralValue));
        await step(db, e, { positionId: a.positionId, goodsId: a.goodsId, kind: 'goods_added', actor: a.pledgor, amount: a.value, debt, value, ratioBps: value === 0n ? null : (debt * 10_000n) / value });
      },
      ClaimWrittenOff: (db, e) =>
        db.query(`INSERT INTO collateral_write_offs (block_number, log_index, claim_id, root, holder, loss, block_time) VALUES ($1, $2, $3, $4, $5, $6::numeric, $7)`, [
          blockOf(e), e.logIndex, argId(e.args.id), argId(e.args.root), str(e.args.holder), str(e.args.loss), e.blockTime,
        ]),
    },
    ClaimPledges: {
      // Emitted before the vault's PositionOpened of the same transaction: kept in a table of its own.
      ClaimLocked: async (db, e) => {
        const a = e.args;
        await db.query(`INSERT INTO collateral_pledged_claims (position_id, claim_id, pledgor, units, locked_block) VALUES ($1, $2, $3, $4::numeric, $5)`, [
          str(a.positionId), argId(a.claimId), str(a.pledgor), str(a.units), blockOf(e),
        ]);
        await step(db, e, { positionId: a.positionId, kind: 'claim_locked', actor: a.pledgor, amount: a.units, detail: argId(a.claimId) });
      },
      ClaimCollected: async (db, e) => {
        const a = e.args;
        await db.query('UPDATE collateral_pledged_claims SET collected = $2::numeric, paid = $3 WHERE position_id = $1', [str(a.positionId), str(a.collected), Boolean(a.paid)]);
        // Into the vault's margin while the position is live (the vault books it without an event of its own).
        await db.query(`UPDATE collateral_positions SET margin = margin + $2::numeric, updated_block = $3 WHERE id = $1 AND status IN ('open', 'defaulted')`, [
          str(a.positionId), str(a.amount), blockOf(e),
        ]);
        await step(db, e, { positionId: a.positionId, kind: 'claim_collected', actor: a.to, amount: a.amount, detail: a.paid ? 'paid in full' : `collected ${str(a.collected)}` });
      },
      ClaimReleased: async (db, e) => {
        const a = e.args;
        await db.query('UPDATE collateral_pledged_claims SET released = true, units_returned = $2::numeric WHERE position_id = $1', [str(a.positionId), str(a.unitsReturned)]);
        await step(db, e, { positionId: a.positionId, kind: 'claim_released', actor: a.pledgor, amount: a.unitsReturned });
      },
    },
  },
};
