/**
 * Read models of the Receivables contract, derived only from its events: trades (TradeSubmitted carries every field,
 * since the contract keeps only its status and hash: docs/adr/008-trade-commitment.md; TradeRejected and ClaimIssued
 * decide it), credit lines, settlements with their payments and late-interest checkpoints, and guarantees.
 *
 * Settlement (`settlements`, `settlement_payments`, `late_interest_accruals`): Receivables.pay emits
 * [LateInterestAccrued] (a late payment that reached a new day) then SettlementPaid with its interest and principal
 * parts; issuance under an active guarantee emits ClaimGuaranteed after ClaimIssued. Guarantees of credit lines
 * (GuaranteeProposed / Accepted / Withdrawn) keep `credit_line_guarantees` (current) and `guarantee_events` (all).
 *
 * Issuance and redemption are edges of the claim tree, recorded through the claims module (ClaimIssued → `issue`,
 * ClaimRedeemed → `redeem` and the holding's `redeemed`), which pairs them with the ledger's Transfer that follows.
 */
import type { Queryable } from '../../db/database.ts';
import { argHashOrNull as hashOrNull, argId as toId, blockOf as block, type ChainEvent, type ReadModel } from '../../indexer/projections.ts';
import { receivablesBatched } from './batch.ts';

const str = (value: unknown): string => String(value);

function guaranteeEvent(db: Queryable, e: ChainEvent, kind: 'proposed' | 'accepted' | 'withdrawn', by: string) {
  return db.query(
    `INSERT INTO guarantee_events (block_number, log_index, tx_hash, kind, obligor, guarantor, by_address, block_time) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [block(e), e.logIndex, e.txHash, kind, str(e.args.obligor), str(e.args.guarantor), by, e.blockTime],
  );
}

/** The receivables read model. */
export const receivablesReadModel: ReadModel = {
  tables: ['trades', 'credit_lines', 'settlements', 'settlement_payments', 'late_interest_accruals', 'credit_line_guarantees', 'guarantee_events', 'obligor_totals', 'open_by_due_day', 'advances'],
  // TradeSubmitted, ClaimIssued, SettlementPaid, LateInterestAccrued and ClaimRedeemed: batch.ts.
  batched: receivablesBatched,
  projections: {
    Receivables: {
      CreditLineSet: (db, e) =>
        db.query(
          // The first setter is the grantor for good (Receivables.creditProvider): see migration 002.
          `INSERT INTO credit_lines (obligor, credit_limit, used, set_by, granted_by, updated_at, updated_block) VALUES ($1, $2::numeric, 0, $3, $3, $4, $5)
           ON CONFLICT (obligor) DO UPDATE SET credit_limit = EXCLUDED.credit_limit, set_by = EXCLUDED.set_by,
             granted_by = COALESCE(credit_lines.granted_by, EXCLUDED.granted_by),
             updated_at = EXCLUDED.updated_at, updated_block = EXCLUDED.updated_block`,
          [str(e.args.obligor), str(e.args.limit), str(e.args.by), e.blockTime, block(e)],
        ),
      TradeRejected: (db, e) =>
        db.query(`UPDATE trades SET status = 'rejected', reason_hash = $2, decided_at = $3, decided_block = $4 WHERE trade_id = $1`, [
          str(e.args.tradeId),
          hashOrNull(e.args.reasonHash),
          e.blockTime,
          block(e),
        ]),
      ClaimGuaranteed: (db, e) =>
        db.query('UPDATE settlements SET guarantor = $2, guaranteed_at = $3 WHERE root = $1', [toId(e.args.id), str(e.args.guarantor), e.blockTime]),
      GuaranteeProposed: async (db, e) => {
        await db.query(
          `INSERT INTO credit_line_guarantees (obligor, guarantor, status, proposed_by, proposed_at, accepted_at, updated_block)
           VALUES ($1, $2, 'proposed', $3, $4, NULL, $5)
           ON CONFLICT (obligor) DO UPDATE SET guarantor = EXCLUDED.guarantor, status = 'proposed', proposed_by = EXCLUDED.proposed_by,
             proposed_at = EXCLUDED.proposed_at, accepted_at = NULL, updated_block = EXCLUDED.updated_block`,
          [str(e.args.obligor), str(e.args.guarantor), str(e.args.by), e.blockTime, block(e)],
        );
        await guaranteeEvent(db, e, 'proposed', str(e.args.by));
      },
      GuaranteeAccepted: async (db, e) => {
        await db.query(`UPDATE credit_line_guarantees SET status = 'active', accepted_at = $2, updated_block = $3 WHERE obligor = $1`, [
          str(e.args.obligor),
          e.blockTime,
          block(e),
        ]);
        await guaranteeEvent(db, e, 'accepted', str(e.args.guarantor));
      },
      // Emitted after the advance's TradeSubmitted (whose batch is written back first): the trade names obligor and amount.
      AdvanceIssued: (db, e) =>
        db.query(
          `INSERT INTO advances (root, kind, order_key, trade_id, obligor, recipient, amount, status, issued_at, issued_block)
           SELECT $1, $2, $3, t.trade_id, t.obligor, $4, t.amount, 'open', $5, $6 FROM trades t WHERE t.invoice_key = $3 AND t.obligor IS NOT NULL
           ORDER BY t.submitted_block DESC LIMIT 1`,
          [toId(e.args.root), Number(e.args.kind) === 1 ? 'channel' : 'purchase_order', str(e.args.orderKey), str(e.args.recipient), e.blockTime, block(e)],
        ),
      OrderClosed: (db, e) =>
        db.query(`UPDATE advances SET status = 'closed', invoice_key = $2, delivery_hash = $3, closed_by = $4, closed_at = $5 WHERE root = $1`, [
          toId(e.args.root),
          str(e.args.invoiceKey),
          str(e.args.deliveryHash),
          str(e.args.by),
          e.blockTime,
        ]),
      GuaranteeWithdrawn: async (db, e) => {
        await db.query('DELETE FROM credit_line_guarantees WHERE obligor = $1', [str(e.args.obligor)]);
        await guaranteeEvent(db, e, 'withdrawn', str(e.args.by));
      },
    },
  },
};
