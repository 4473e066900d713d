/**
 * Double-pledge attempts: the refusals that mean someone tried to finance the same goods twice (a second registration
 * of a receipt or lot, a second lock, a transfer of locked goods). They are recorded after the request's transaction
 * has rolled back, so the refusal stays a refusal and the record stays: the regulator's alerts show them.
 */
import type { Queryable } from '../../../db/database.ts';
import { TierchainError } from '../../../common/errors.ts';
import { readModelTime } from '../../../indexer/projections.ts';
import type { Principal } from '../../identity/index.ts';
import { normalizeIdentifier } from './goods.ts';

// ClaimAlreadyPledged: a receivable claim pledged a second time (the claim id is in the message; goods_id stays null).
export const DOUBLE_PLEDGE_CODES: ReadonlySet<string> = new Set(['GoodsReceiptUsed', 'GoodsLotUsed', 'GoodsAlreadyPledged', 'GoodsLocked', 'ClaimAlreadyPledged']);

const hex32 = (v: unknown) => (typeof v === 'string' && /^0x[0-9a-fA-F]{64}$/.test(v) ? v.toLowerCase() : null);

/** Runs `handle`; a double-pledge refusal is recorded (outside the rolled-back transaction) and thrown on. */
export async function recordingDoublePledge<T>(
  db: Queryable,
  by: Principal | null | undefined,
  request: { body?: unknown; params?: unknown },
  handle: () => Promise<T>,
): Promise<T> {
  try {
    return await handle();
  } catch (e) {
    if (by && e instanceof TierchainError && DOUBLE_PLEDGE_CODES.has(e.code)) {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const params = (request.params ?? {}) as Record<string, unknown>;
      const goodsId = hex32(e.details.goodsId) ?? hex32(params.goodsId) ?? hex32(body.goodsId);
      // Stamped like the chain's events beside it: the latest block's time (or the clock, when later).
      const text = (v: unknown) => (typeof v === 'string' && normalizeIdentifier(v) ? normalizeIdentifier(v).slice(0, 200) : null);
      await db.query(
        `INSERT INTO double_pledge_attempts (code, goods_id, member_id, member_address, user_id, receipt, lot, message, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [e.code, goodsId, by.memberId, by.memberAddress, by.userId, text(body.receipt), text(body.lot), e.message.slice(0, 500), await readModelTime(db)],
      );
    }
    throw e;
  }
}
