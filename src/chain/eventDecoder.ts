import { decodeEventLog, toEventSelector, type Abi, type AbiEvent, type Hex } from 'viem';

/**
 * Decodes logs by their first topic. viem's `decodeEventLog` with a whole ABI hashes every event signature of
 * that ABI for each log it decodes (the ledger has dozens); here each ABI's selectors are hashed once and a log
 * is decoded against only the event(s) with its selector.
 */
const bySelector = new WeakMap<Abi, Map<string, AbiEvent[]>>();

function selectors(abi: Abi): Map<string, AbiEvent[]> {
  let map = bySelector.get(abi);
  if (!map) {
    map = new Map();
    for (const item of abi) {
      if (item.type !== 'event' || item.anonymous) continue;
      const selector = toEventSelector(item);
      map.set(selector, [...(map.get(selector) ?? []), item]);
    }
    bySelector.set(abi, map);
  }
  return map;
}

export interface DecodedEvent {
  eventName: string;
  args: unknown;
}

/** The log decoded with `abi`'s event of its selector, or null when `abi` has no such event (or the log does not fit it). */
export function decodeLogWith(abi: Abi, log: { data: Hex; topics: readonly Hex[] }): DecodedEvent | null {
  const topic = log.topics[0];
  if (!topic) return null;
  for (const item of selectors(abi).get(topic) ?? []) {
    try {
      const decoded = decodeEventLog({ abi: [item], data: log.data, topics: log.topics as [Hex, ...Hex[]] });
      return { eventName: decoded.eventName ?? item.name, args: decoded.args };
    } catch {
      // same selector, other indexing: try the next candidate
    }
  }
  return null;
}
