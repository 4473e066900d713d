import type { Abi, Address, Hex, PublicClient, TransactionReceipt } from 'viem';
import type { ContractSuite } from '../chain/contracts.ts';
import { jsonSafe, revertDataOf } from '../chain/decodeRevert.ts';
import { decodeLogWith } from '../chain/eventDecoder.ts';

/** What a mined transaction's receipt says: its events, and why it reverted. */

/**
 * Decodes the events of our contracts in a receipt into `{ contract, event, args }` (bigints as strings). With
 * `contracts` (the deployment), only logs emitted at those addresses are decoded, with that address's ABIs;
 * without, every logical contract's ABI is tried.
 */
export function decodeReceiptEvents(receipt: TransactionReceipt, suite: ContractSuite, contracts?: Record<string, Address>) {
  const events: Array<{ contract: string; event: string; address: string; args: unknown }> = [];
  const byAddress = new Map<string, string[]>();
  for (const [name, address] of Object.entries(contracts ?? {})) {
    const key = address.toLowerCase();
    byAddress.set(key, [...(byAddress.get(key) ?? []), name]);
  }
  for (const logEntry of receipt.logs) {
    const served = byAddress.get(logEntry.address.toLowerCase());
    if (contracts && !served) continue;
    for (const name of served ?? suite.names) {
      const decoded = decodeLogWith(suite.abi(name) as Abi, logEntry);
      if (!decoded) continue; // not this contract's event
      events.push({ contract: suite.eventContract(served ?? [name], decoded.eventName), event: decoded.eventName, address: logEntry.address.toLowerCase(), args: jsonSafe(decoded.args) });
      break;
    }
  }
  return events;
}

/**
 * The revert data of a mined, reverted transaction: from the node's call trace when asked to (`traceReverts`, the
 * embedded anvil only: debug_traceTransaction is not a standard method) and it has one (exact), else by replaying the
 * call with eth_call on the state after its block (where whatever got there first has happened), else on the state
 * before it.
 */
export async function onChainRevertData(
  client: PublicClient,
  call: { from: Address; to: Address; data: Hex; value: bigint },
  receipt: TransactionReceipt,
  o: { traceReverts: boolean },
): Promise<Hex | undefined> {
  if (o.traceReverts) {
    try {
      const trace = (await client.request({
        method: 'debug_traceTransaction' as never,
        params: [receipt.transactionHash, { tracer: 'callTracer' }] as never,
      })) as { output?: string } | null;
      if (trace?.output && /^0x[0-9a-fA-F]{8,}$/.test(trace.output)) return trace.output as Hex;
    } catch {
      // no debug namespace on this node: replay instead
    }
  }
  for (const blockNumber of [receipt.blockNumber, receipt.blockNumber - 1n]) {
    try {
      await client.call({ account: call.from, to: call.to, data: call.data, value: call.value, blockNumber });
    } catch (error) {
      const data = revertDataOf(error);
      if (data) return data;
    }
  }
  return undefined;
}
