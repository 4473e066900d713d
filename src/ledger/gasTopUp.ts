import { randomUUID } from 'node:crypto';
import type { Address, PublicClient } from 'viem';
import type { Database } from '../db/database.ts';
import { enqueueCommands } from './commands.ts';

/** Keeps member accounts able to pay for gas on chains where gas has a price. */
export interface GasTopUpPolicy {
  /** The account that pays (the operator). */
  funder: Address;
  /** A signer whose balance is below this is topped up before its next command. */
  threshold: bigint;
  amount: bigint;
}

/**
 * Arranges a gas top-up from the funder when a signer runs low: a `gas.topup` command (one open at a time per
 * signer) that the signer's command then depends on. Resolves with the top-up command's id, or null when none is
 * needed.
 */
export function createGasTopUp(p: { db: Database; client: PublicClient; policy?: GasTopUpPolicy; log: (message: string) => void }) {
  return async function ensureGas(row: { id: string; signer: string; value: string }, gasCost: bigint): Promise<string | null> {
    const policy = p.policy;
    if (!policy || gasCost === 0n || row.signer === policy.funder.toLowerCase()) return null;
    const balance = await p.client.getBalance({ address: row.signer as Address });
    if (balance >= gasCost + BigInt(row.value) && balance >= policy.threshold) return null;
    const { rows } = await p.db.query<{ id: string }>(
      `SELECT id FROM commands WHERE kind = 'gas.topup' AND to_address = $1 AND status IN ('accepted', 'submitted') LIMIT 1`,
      [row.signer],
    );
    const existing = rows[0]?.id;
    const topUpId = existing ?? randomUUID();
    await p.db.transaction(async (tx) => {
      if (!existing) {
        await enqueueCommands(tx, [
          { id: topUpId, kind: 'gas.topup', signer: policy.funder, to: row.signer as Address, data: '0x', value: policy.amount },
        ]);
      }
      await tx.query(`UPDATE commands SET depends_on = array_append(depends_on, $2::uuid) WHERE id = $1`, [row.id, topUpId]);
    });
    p.log(`topping up gas of ${row.signer}`);
    return topUpId;
  };
}
