import { decodeAbiParameters, toEventSelector, type Abi, type AbiEvent, type AbiParameter, type Hex } from 'viem';
import { jsonSafe } from './decodeRevert.ts';

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
  /**
   * How to read each input straight from the log's hex when every input is named and of a one-word type (address,
   * bool, bytes1–32, intN, uintN): the stored form without viem's byte arrays and checksums. Null otherwise.
   */
  words: Word[] | null;
}

/** One input read from one 32-byte word: of topic `topic` (1-based) or of data word `data`. */
interface Word {
  name: string;
  topic: number;
  data: number;
  type: 'address' | 'bool' | 'bytes' | 'uint' | 'int';
  /** bytesN: N; intN and uintN: N. */
  size: number;
}

function wordOf(param: AbiParameter): Omit<Word, 'name' | 'topic' | 'data'> | null {
  if (param.type === 'address' || param.type === 'bool') return { type: param.type, size: 0 };
  const m = /^(bytes|uint|int)(\d*)$/.exec(param.type);
  if (!m || (m[1] === 'bytes' && !m[2])) return null;
  const size = Number(m[2] || 256);
  return { type: m[1] as Word['type'], size };
}

function wordsOf(inputs: readonly AbiParameter[]): Word[] | null {
  const words: Word[] = [];
  let topic = 1;
  let data = 0;
  // Indexed inputs first, then the others: the order of the args' keys viem's decoding gives (and chain_events stores).
  for (const indexed of [true, false]) {
    for (const param of inputs) {
      if (Boolean((param as { indexed?: boolean }).indexed) !== indexed) continue;
      const word = wordOf(param);
      if (!word || !param.name) return null;
      words.push({ name: param.name, ...word, topic: indexed ? topic++ : 0, data: indexed ? -1 : data++ });
    }
  }
  return words;
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
    words: wordsOf(inputs),
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

/** Decoded arguments as the indexer stores them (chain_events.args): integers of more than 48 bits as decimal strings, hex lower-case. */
export type StoredArgs = Record<string, string | number | boolean>;

/**
 * The log decoded with `abi`'s event of its selector, in the stored form of its arguments: exactly what
 * {@link storedArgs} makes of {@link decodeLogWith}'s answer, or null when that is null. Events whose inputs are all
 * one word each are read straight from the hex (no byte arrays, no checksummed addresses to lower-case again): the
 * indexer's decoding of every log it stores.
 */
export function decodeLogStored(abi: Abi, log: { data: Hex; topics: readonly Hex[] }): { eventName: string; args: StoredArgs } | null {
  const topics = log.topics;
  const topic = topics[0];
  if (!topic) return null;
  for (const shape of selectors(abi).get(topic) ?? []) {
    if (shape.words) {
      let args: StoredArgs | null | undefined;
      try {
        args = readWords(shape.words, log.data, topics);
      } catch {
        args = undefined; // not hex: viem's answer (it refuses it too)
      }
      if (args) return { eventName: shape.name, args };
      if (args === null) continue;
    }
    let decoded: DecodedEvent | null = null;
    try {
      decoded = decodeAs(shape, log.data, topics.slice(1));
    } catch {
      // as decodeLogWith: try the next candidate
    }
    if (decoded) return { eventName: decoded.eventName, args: storedArgs(decoded.args) };
  }
  return null;
}

/** viem's decoded arguments in the stored form: bigints as decimal strings, top-level strings lower-case. */
export function storedArgs(args: unknown): StoredArgs {
  return Object.fromEntries(
    Object.entries((jsonSafe(args) ?? {}) as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'string' ? v.toLowerCase() : (v as number | boolean)]),
  ) as StoredArgs;
}

/**
 * The inputs read from their words: null when the log does not fit the shape (a topic missing, data too short), as
 * decodeAs refuses it; undefined for a word viem would not read as it stands (a bool neither 0 nor 1, hex it refuses),
 * left to viem. Each word is read where it stands in the topic or the data (no copy of it); a node's hex is lower-case,
 * so lower-casing is needed only when a string is not.
 */
const ZEROS_51 = '0'.repeat(51);
const ZEROS_63 = '0'.repeat(63);
const HEX = /^0x[0-9a-fA-F]*$/;
const LOWER_HEX = /^0x[0-9a-f]*$/;

/** 0 when `s` is not hex as viem reads it, 1 when it is lower-case hex, 2 when it has upper-case digits. */
const hexKind = (s: string): 0 | 1 | 2 => (LOWER_HEX.test(s) ? 1 : HEX.test(s) ? 2 : 0);

function readWords(words: readonly Word[], data: Hex, topics: readonly Hex[]): StoredArgs | null | undefined {
  const args: StoredArgs = {};
  let dataKind: 0 | 1 | 2 = 0;
  for (const w of words) {
    let s: string;
    let at: number;
    let kind: 0 | 1 | 2;
    if (w.topic > 0) {
      const t = topics[w.topic];
      if (!t) return null;
      if (t.length !== 66 || !(kind = hexKind(t))) return undefined;
      s = t;
      at = 2;
    } else {
      at = 2 + w.data * 64;
      if (!data || data.length < at + 64) return null;
      if (!dataKind && !(dataKind = hexKind(data))) return undefined;
      s = data;
      kind = dataKind;
    }
    switch (w.type) {
      case 'address': {
        const value = `0x${s.slice(at + 24, at + 64)}`;
        args[w.name] = kind === 1 ? value : value.toLowerCase();
        break;
      }
      case 'bool': {
        const last = s.charCodeAt(at + 63);
        if (!s.startsWith(ZEROS_63, at) || (last !== 48 /* '0' */ && last !== 49) /* '1' */) return undefined;
        args[w.name] = last === 49;
        break;
      }
      case 'bytes': {
        const value = `0x${s.slice(at, at + w.size * 2)}`;
        args[w.name] = kind === 1 ? value : value.toLowerCase();
        break;
      }
      default: {
        // A non-negative value of at most 52 bits (most amounts and ids: 51 leading zero digits) is read as a double,
        // exactly, without a BigInt.
        if ((w.type !== 'int' || s.charCodeAt(at) < 56) /* '8': the sign bit clear */ && s.startsWith(ZEROS_51, at)) {
          const small = parseInt(s.slice(at + 51, at + 64), 16);
          args[w.name] = w.size > 48 ? `${small}` : small;
          break;
        }
        let value = BigInt(`0x${s.slice(at, at + 64)}`);
        if (w.type === 'int') value = BigInt.asIntN(256, value);
        args[w.name] = w.size > 48 ? value.toString() : Number(value);
      }
    }
  }
  return args;
}
