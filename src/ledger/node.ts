import type { Hex, PublicClient } from 'viem';

/** Sends a signed transaction; "already known" (or already mined) counts as sent. */
export async function sendRawTransaction(client: PublicClient, raw: Hex): Promise<void> {
  try {
    await client.sendRawTransaction({ serializedTransaction: raw });
  } catch (error) {
    const text = String((error as Error).message ?? error);
    // The node already has it, or it is already mined: both mean the transaction is out.
    if (!/already known|already imported|nonce too low|known transaction/i.test(text)) throw error;
  }
}

/** The node refused a transaction outright (it will refuse it again), as opposed to a transport failure. */
export function isDefiniteRejection(error: unknown): boolean {
  const text = String((error as Error)?.message ?? error);
  return /insufficient funds|intrinsic gas|exceeds block gas limit|invalid sender|fee cap|underpriced/i.test(text);
}
