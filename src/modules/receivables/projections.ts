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
import { argDate as secondsToDate, argHashOrNull as hashOrNull, argId as toId, blockOf as block, type ChainEvent, type ReadModel } from '../../indexer/projections.ts';
import { creditRedeemed, holdingHops, recordClaimMovement } from '../claims/index.ts';

const str = (value: unknown): string => String(value);

async function addCreditUsed(db: Queryable, e: ChainEvent, obligor: string, delta: string) {
  await db.query(
    `INSERT INTO credit_lines (obligor, credit_limit, used, set_by, updated_at, updated_block) VALUES ($1, 0, $2::numeric, NULL, $3, $4)
     ON CONFLICT (obligor) DO UPDATE SET used = credit_lines.used + EXCLUDED.used, updated_at = EXCLUDED.updated_at, updated_block = EXCLUDED.updated_block`,
    [obligor, delta, e.blockTime, block(e)],
  );
}

function guaranteeEvent(db: Queryable, e: ChainEvent, kind: 'proposed' | 'accepted' | 'withdrawn', by: string) {
  return db.query(
    `INSERT INTO guarantee_events (block_number, log_index, tx_hash, kind, obligor, guarantor, by_address, block_time) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [block(e), e.logIndex, e.txHash, kind, str(e.args.obligor), str(e.args.guarantor), by, e.blockTime],
  );
}

/** The receivables read model. */
export const receivablesReadModel: ReadModel = {
  tables: ['trades', 'credit_lines', 'settlements', 'settlement_payments', 'late_interest_accruals', 'credit_line_guarantees', 'guarantee_events', 'obligor_totals'],
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
      TradeSubmitted: (db, e) =>
        db.query(
          // Every field of the trade comes from the event: the contract keeps only its status and hash (docs/adr/008).
          `INSERT INTO trades (trade_id, supplier, obligor, amount, invoice_key, documents_hash, due_date, late_rate_bps, max_hops, day_count,
             consortium_id, status, submitted_at, submitted_block)
           VALUES ($1, $2, $3, $4::numeric, $5, $6, $7, $8, $9, $10, $11, 'submitted', $12, $13)`,
          [
            str(e.args.tradeId), str(e.args.supplier), str(e.args.obligor), str(e.args.amount), str(e.args.invoiceKey),
            hashOrNull(e.args.documentsHash), secondsToDate(e.args.dueDate), Number(e.args.lateRateBps), Number(e.args.maxHops),
            Number(e.args.dayCount), str(e.args.consortiumId), e.blockTime, block(e),
          ],
        ),
      TradeRejected: (db, e) =>
        db.query(`UPDATE trades SET status = 'rejected', reason_hash = $2, decided_at = $3, decided_block = $4 WHERE trade_id = $1`, [
          str(e.args.tradeId),
          hashOrNull(e.args.reasonHash),
          e.blockTime,
          block(e),
        ]),
      ClaimIssued: async (db, e) => {
        const id = toId(e.args.id);
        const obligor = str(e.args.obligor);
        const amount = str(e.args.amount);
        await db.query(`UPDATE trades SET status = 'confirmed', claim_id = $2, decided_at = $3, decided_block = $4 WHERE trade_id = $1`, [
          str(e.args.tradeId),
          id,
          e.blockTime,
          block(e),
        ]);
        await addCreditUsed(db, e, obligor, amount);
        await db.query(
          `INSERT INTO settlements (root, obligor, face, paid, distributed, updated_at, updated_block) VALUES ($1, $2, $3::numeric, 0, 0, $4, $5)`,
          [id, obligor, amount, e.blockTime, block(e)],
        );
        await recordClaimMovement(db, e, { kind: 'issue', claimId: id, to: str(e.args.holder), amount });
      },
      SettlementPaid: async (db, e) => {
        const root = toId(e.args.root);
        const interest = str(e.args.interest);
        const { rows } = await db.query<{ obligor: string }>(
          `UPDATE settlements SET paid = $2::numeric, interest_paid = interest_paid + $3::numeric, interest_due = interest_due - $3::numeric,
             updated_at = $4, updated_block = $5
           WHERE root = $1 RETURNING obligor`,
          [root, str(e.args.paidTotal), interest, e.blockTime, block(e)],
        );
        // The principal part frees the obligor's credit line, whoever paid (the obligor or its guarantor).
        await addCreditUsed(db, e, rows[0]?.obligor ?? str(e.args.payer), `-${str(e.args.principal)}`);
        await db.query(
          `INSERT INTO settlement_payments (block_number, log_index, tx_hash, root, payer, amount, paid_total, principal, interest, block_time)
           VALUES ($1, $2, $3, $4, $5, $6::numeric, $7::numeric, $8::numeric, $9::numeric, $10)`,
          [block(e), e.logIndex, e.txHash, root, str(e.args.payer), str(e.args.amount), str(e.args.paidTotal), str(e.args.principal), interest, e.blockTime],
        );
      },
      LateInterestAccrued: async (db, e) => {
        const root = toId(e.args.root);
        await db.query(
          `UPDATE settlements SET interest_due = $2::numeric, accrued_days = $3, interest_carry = $4, updated_at = $5, updated_block = $6 WHERE root = $1`,
          [root, str(e.args.interestDue), Number(e.args.daysLate), str(e.args.carry), e.blockTime, block(e)],
        );
        await db.query(
          `INSERT INTO late_interest_accruals (block_number, log_index, tx_hash, root, days_late, principal, accrued, interest_due, carry, block_time)
           VALUES ($1, $2, $3, $4, $5, $6::numeric, $7::numeric, $8::numeric, $9, $10)`,
          [block(e), e.logIndex, e.txHash, root, Number(e.args.daysLate), str(e.args.principal), str(e.args.accrued), str(e.args.interestDue), str(e.args.carry), e.blockTime],
        );
      },
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
      GuaranteeWithdrawn: async (db, e) => {
        await db.query('DELETE FROM credit_line_guarantees WHERE obligor = $1', [str(e.args.obligor)]);
        await guaranteeEvent(db, e, 'withdrawn', str(e.args.by));
      },
      ClaimRedeemed: async (db, e) => {
        const id = toId(e.args.id);
        const holder = str(e.args.holder);
        const payout = str(e.args.payout);
        await db.query('UPDATE settlements SET distributed = distributed + $2::numeric, updated_at = $3, updated_block = $4 WHERE root = $1', [
          toId(e.args.root),
          payout,
          e.blockTime,
          block(e),
        ]);
        await creditRedeemed(db, id, holder, payout);
        await recordClaimMovement(db, e, {
          kind: 'redeem',
          claimId: id,
          from: holder,
          amount: str(e.args.burned),
          price: payout,
          fromHops: await holdingHops(db, id, holder),
        });
      },
    },
  },
};
