/** Off-chain records of the receivables command side (not read models): what the chain holds only as hashes. */
import type { Hex } from 'viem';
import type { Queryable } from '../../db/database.ts';

/** The invoice number behind a trade (the chain holds only the invoice key). */
export async function recordTrade(tx: Queryable, p: { tradeId: Hex; invoiceNumber: string; createdByMemberId: string }): Promise<void> {
  await tx.query('INSERT INTO trade_documents (trade_id, invoice_number, created_by) VALUES ($1, $2, $3)', [
    p.tradeId.toLowerCase(),
    p.invoiceNumber,
    p.createdByMemberId,
  ]);
}
