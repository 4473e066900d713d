import { keccak256, parseTransaction, type Address, type Hex, type PublicClient, type TransactionSerializable } from 'viem';
import type { Database } from '../db/database.ts';
import type { KeyStore } from './keyStore.ts';
import type { SignerLeases } from './signerLeases.ts';

const max = (...values: bigint[]): bigint => values.reduce((a, b) => (a > b ? a : b));

/** Fee fields for a transaction signed now: EIP-1559 where the node estimates them, a gas price otherwise. */
export async function currentFees(client: PublicClient): Promise<Partial<TransactionSerializable>> {
  try {
    const fees = await client.estimateFeesPerGas();
    return { type: 'eip1559', maxFeePerGas: fees.maxFeePerGas, maxPriorityFeePerGas: fees.maxPriorityFeePerGas };
  } catch {
    return { type: 'legacy', gasPrice: await client.getGasPrice() };
  }
}

/** A submitted command as the transaction manager holds it (the fields repricing reads and updates). */
export interface StoredTransaction {
  id: string;
  signer: string;
  tx_hash: string | null;
  raw_tx: string | null;
  replaced_tx_hashes: string[];
}

/**
 * The transaction to broadcast again for `row`: its stored one while that one's fee cap covers the chain's base fee
 * and the node has not sat on it (`stuck`); otherwise the command signed again with the same nonce, call and gas,
 * today's fees (at least 10 % above the old ones, which a node's pool requires of a replacement), stored under the
 * signer's lease with the old hash kept in replaced_tx_hashes (`row` is updated to match). A node never mines a
 * transaction whose fee cap is below the base fee (the chain restarted from an older state, whose base fee was
 * higher than when it was signed); and a node may hold a transaction it says it knows without ever mining it (anvil,
 * seen under load in a test of two instances: the signer's next transaction sat in its queued pool, the chain's nonce
 * equal to its own, and every rebroadcast was answered "already known"): a replacement
 * enters its pool anew. Null when this instance no longer holds the signer's lease.
 */
export async function repricedTransaction(
  p: { db: Database; keys: KeyStore; chainId: number; leases: SignerLeases; fees: () => Promise<Partial<TransactionSerializable>>; log: (message: string) => void },
  row: StoredTransaction,
  baseFee: bigint,
  stuck = false,
): Promise<Hex | null> {
  const old = parseTransaction(row.raw_tx as Hex);
  const cap = old.type === 'legacy' || old.type === 'eip2930' ? (old.gasPrice ?? 0n) : (old.maxFeePerGas ?? 0n);
  if (cap >= baseFee && !stuck) return row.raw_tx as Hex;
  const bump = (v: bigint | undefined) => ((v ?? 0n) * 11n) / 10n + 1n;
  const fees = await p.fees();
  const priced: Partial<TransactionSerializable> =
    fees.type === 'legacy'
      ? { type: 'legacy', gasPrice: max(fees.gasPrice ?? 0n, bump(old.gasPrice ?? old.maxFeePerGas), baseFee) }
      : {
          type: 'eip1559',
          maxPriorityFeePerGas: max(fees.maxPriorityFeePerGas ?? 0n, bump(old.maxPriorityFeePerGas ?? old.gasPrice)),
          maxFeePerGas: max(fees.maxFeePerGas ?? 0n, bump(old.maxFeePerGas ?? old.gasPrice), baseFee * 2n),
        };
  const account = await p.keys.signer(row.signer as Address);
  const raw = await account.signTransaction({ ...priced, chainId: p.chainId, nonce: old.nonce, to: old.to, data: old.data, value: old.value, gas: old.gas } as TransactionSerializable);
  const hash = keccak256(raw);
  const stored = await p.db.transaction(async (tx) => {
    if (!(await p.leases.confirm(tx, row.signer))) return false;
    await tx.query(
      `UPDATE commands SET raw_tx = $2, tx_hash = $3, replaced_tx_hashes = array_append(replaced_tx_hashes, $4), updated_at = now()
        WHERE id = $1 AND status = 'submitted' AND tx_hash = $4`,
      [row.id, raw, hash, row.tx_hash],
    );
    return true;
  });
  if (!stored) return null;
  p.log(
    cap < baseFee
      ? `command ${row.id}: its transaction's fee cap ${cap} is below the chain's base fee ${baseFee}; signed again with nonce ${old.nonce} as ${hash}`
      : `command ${row.id}: the node holds its transaction ${row.tx_hash} but does not mine it; signed again with nonce ${old.nonce} and higher fees as ${hash}`,
  );
  row.replaced_tx_hashes = [...row.replaced_tx_hashes, row.tx_hash!];
  row.raw_tx = raw;
  row.tx_hash = hash;
  return raw;
}
