import type { Abi, Address, Hex, PublicClient, TransactionReceipt } from 'viem';
import { eventContract, suite, type ContractName } from '../chain/contracts.ts';
import { jsonSafe, revertDataOf } from '../chain/decodeRevert.ts';
import { decodeLogWith } from '../chain/eventDecoder.ts';

/** What a mined transaction's receipt says: its events, and why it reverted. */

// One entry per distinct ABI: the logical names that share the ledger's ABI are resolved per event.
const suiteEventAbis: Array<{ name: string; abi: Abi }> = Object.entries(suite)
  .filter(([, c], i, all) => all.findIndex(([, other]) => other === c) === i)
  .map(([name, c]) => ({ name, abi: (c.abi as Abi).filter((i) => i.type === 'event') }));

/**
 * Decodes the events of our contracts in a receipt into `{ contract, event, args }` (bigints as strings).
 * With `contracts` (the deployment), only logs emitted at those addresses are decoded, with that address's ABI.
 */
export function decodeReceiptEvents(receipt: TransactionReceipt, contracts?: Partial<Record<ContractName, Address>>) {
  const events: Array<{ contract: string; event: string; address: string; args: unknown }> = [];
  const byAddress = new Map<string, ContractName>();
  for (const [name, address] of Object.entries(contracts ?? {})) if (address) byAddress.set(address.toLowerCase(), name as ContractName);
  for (const logEntry of receipt.logs) {
    const at = byAddress.get(logEntry.address.toLowerCase());
    if (contracts && !at) continue;
    const candidates = at ? [{ name: at, abi: suite[at].abi as Abi }] : suiteEventAbis;
    for (const { name, abi } of candidates) {
      const decoded = decodeLogWith(abi, logEntry);
      if (!decoded) continue; // not this contract's event
      events.push({ contract: eventContract(name as ContractName, decoded.eventName), event: decoded.eventName, address: logEntry.address.toLowerCase(), args: jsonSafe(decoded.args) });
      break;
    }
  }
  return events;
}

/**
 * The revert data of a mined, reverted transaction: from the node's call trace when it has one (exact), else by
 * replaying the call on the state after its block (where whatever got there first has happened), else on the
 * state before it.
 */
export async function onChainRevertData(
  client: PublicClient,
  call: { from: Address; to: Address; data: Hex; value: bigint },
  receipt: TransactionReceipt,
): Promise<Hex | undefined> {
  try {
    const trace = (await client.request({
      method: 'debug_traceTransaction' as never,
      params: [receipt.transactionHash, { tracer: 'callTracer' }] as never,
    })) as { output?: string } | null;
    if (trace?.output && /^0x[0-9a-fA-F]{8,}$/.test(trace.output)) return trace.output as Hex;
  } catch {
    // no debug namespace on this node: replay instead
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
