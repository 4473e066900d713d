import { decodeAbiParameters, toEventSelector, type Abi, type AbiEvent, type AbiParameter, type Hex } from 'viem';

/**
 * Decodes logs by their first topic, as viem's `decodeEventLog` (strict) does, without its per-log cost: viem
 * finds the ABI item by hashing the signature of each candidate for every log it decodes (keccak of the formatted
 * signature: a third of an indexer's decoding time), even when given a single item. Here each ABI's selectors are
 * hashed once, and each event's shape (which inputs are indexed, whether all are named) worked out once.
 */
interface EventShape {
  name: string;
  inputs: readonly AbiParameter[];
  /** viem returns positional args (an array) when any input is unnamed, named args (an object) otherwise. */
  unnamed: boolean;
  indexed: Array<[param: AbiParameter, position: number]>;
  nonIndexed: AbiParameter[];
}

const bySelector = new WeakMap<Abi, Map<string, EventShape[]>>();

function shapeOf(item: AbiEvent): EventShape {
  const inputs = item.inputs ?? [];
  return {
    name: item.name,
    inputs,
    unnamed: inputs.some((x) => !x.name),
    indexed: inputs.map((x, i) => [x, i] as [AbiParameter, number]).filter(([x]) => (x as { indexed?: boolean }).indexed),
    nonIndexed: inputs.filter((x) => !(x as { indexed?: boolean }).indexed),
  };
}

function selectors(abi: Abi): Map<string, EventShape[]> {
  let map = bySelector.get(abi);
  if (!map) {
    map = new Map();
    for (const item of abi) {
      if (item.type !== 'event' || item.anonymous) continue;
      const selector = toEventSelector(item);
      map.set(selector, [...(map.get(selector) ?? []), shapeOf(item)]);
    }
    bySelector.set(abi, map);
  }
  return map;
}

export interface DecodedEvent {
  eventName: string;
  args: unknown;
}

/** An indexed value of a dynamic type is stored as its hash: the topic itself (as viem returns it). */
const hashedInTopic = (param: AbiParameter) => param.type === 'string' || param.type === 'bytes' || param.type === 'tuple' || /^(.*)\[(\d+)?\]$/.test(param.type);

/** The log decoded as `shape`, or null when it does not fit (too few topics, data missing or too short). */
function decodeAs(shape: EventShape, data: Hex, argTopics: readonly Hex[]): DecodedEvent | null {
  const args = (shape.unnamed ? [] : {}) as Record<string | number, unknown>;
  for (let i = 0; i < shape.indexed.length; i++) {
    const [param, position] = shape.indexed[i]!;
    const topic = argTopics[i];
    if (!topic) return null;
    args[shape.unnamed ? position : param.name || position] = hashedInTopic(param) ? topic : decodeAbiParameters([param], topic)[0];
  }
  if (shape.nonIndexed.length > 0) {
    if (!data || data === '0x') return null;
    const values = decodeAbiParameters(shape.nonIndexed, data);
    if (shape.unnamed) {
      let next = 0;
      for (let i = 0; i < shape.inputs.length; i++) if (args[i] === undefined && next < values.length) args[i] = values[next++];
    } else {
      for (let i = 0; i < shape.nonIndexed.length; i++) args[shape.nonIndexed[i]!.name!] = values[i];
    }
  }
  return { eventName: shape.name, args: Object.values(args).length > 0 ? args : undefined };
}

/** The log decoded with `abi`'s event of its selector, or null when `abi` has no such event (or the log does not fit it). */
export function decodeLogWith(abi: Abi, log: { data: Hex; topics: readonly Hex[] }): DecodedEvent | null {
  const [topic, ...argTopics] = log.topics;
  if (!topic) return null;
  for (const shape of selectors(abi).get(topic) ?? []) {
    try {
      const decoded = decodeAs(shape, log.data, argTopics);
      if (decoded) return decoded;
    } catch {
      // same selector, other indexing (data too short for this candidate): try the next candidate
    }
  }
  return null;
}
