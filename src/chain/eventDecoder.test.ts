// The selector-indexed decoder returns exactly what viem's decodeEventLog returns, for every event of the platform's
// contracts (random values of each input type), for positional (unnamed) events, for same-selector events with other
// indexing (ERC-20 and ERC-721 Transfer), and refuses what viem refuses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeEventLog, encodeAbiParameters, encodeEventTopics, parseAbi, toHex, type Abi, type AbiEvent, type AbiParameter, type Hex } from 'viem';
import { contractSuite } from '../platform/modules.ts';
import { prng as rng } from '../../test/support/prng.ts';
import { decodeLogStored, decodeLogWith, storedArgs } from './eventDecoder.ts';

function valueOf(param: AbiParameter, r: () => number): unknown {
  const bytes = (n: number) => toHex(Uint8Array.from({ length: n }, () => Math.floor(r() * 256)));
  const array = /^(.*)\[(\d*)\]$/.exec(param.type);
  if (array) {
    const length = array[2] ? Number(array[2]) : Math.floor(r() * 4);
    return Array.from({ length }, () => valueOf({ ...param, type: array[1]! }, r));
  }
  if (param.type === 'tuple') {
    const components = (param as { components: readonly AbiParameter[] }).components;
    return Object.fromEntries(components.map((c) => [c.name!, valueOf(c, r)]));
  }
  if (param.type === 'address') return bytes(20);
  if (param.type === 'bool') return r() < 0.5;
  if (param.type === 'string') return `s${Math.floor(r() * 1e9)} 中文`;
  if (param.type === 'bytes') return bytes(Math.floor(r() * 70));
  const fixed = /^bytes(\d+)$/.exec(param.type);
  if (fixed) return bytes(Number(fixed[1]));
  const uint = /^(u?)int(\d+)$/.exec(param.type);
  if (uint) {
    const bits = Number(uint[2]);
    // Full width, fewer bytes (amounts and ids are mostly small), or a value at the edges of a double's integers.
    const pick = r();
    const width = pick < 0.5 ? Math.ceil(bits / 8) : Math.floor(r() * (Math.ceil(bits / 8) + 1));
    let v =
      pick < 0.15
        ? [0n, 1n, 2n ** 52n - 1n, 2n ** 52n, 2n ** 53n - 1n, 2n ** 53n, 2n ** 53n + 1n, 2n ** 64n][Math.floor(r() * 8)]!
        : width === 0
          ? 0n
          : BigInt(bytes(width));
    v &= (1n << BigInt(bits)) - 1n;
    if (!uint[1]) v = BigInt.asIntN(bits, v);
    return bits <= 48 ? Number(v) : v;
  }
  throw new Error(`no generator for ${param.type}`);
}

function logOf(event: AbiEvent, r: () => number): { data: Hex; topics: Hex[] } {
  const values = event.inputs.map((p) => valueOf(p, r));
  const indexed = event.inputs.map((p, i) => [p, values[i]] as const).filter(([p]) => p.indexed);
  const args = event.inputs.some((p) => !p.name)
    ? indexed.map(([, v]) => v)
    : Object.fromEntries(indexed.map(([p, v]) => [p.name!, v]));
  const topics = encodeEventTopics({ abi: [event], eventName: event.name, args } as never) as Hex[];
  const nonIndexed = event.inputs.map((p, i) => [p, values[i]] as const).filter(([p]) => !p.indexed);
  const data = nonIndexed.length ? encodeAbiParameters(nonIndexed.map(([p]) => p), nonIndexed.map(([, v]) => v)) : '0x';
  return { data, topics };
}

const viemDecode = (abi: Abi, log: { data: Hex; topics: Hex[] }) => {
  try {
    const d = decodeEventLog({ abi, data: log.data, topics: log.topics as [Hex, ...Hex[]] });
    return { eventName: d.eventName, args: d.args };
  } catch {
    return null;
  }
};

test('every event of the platform decodes as viem decodes it', () => {
  const r = rng(Number(process.env.FC_SEED ?? 20261203));
  let events = 0;
  for (const name of contractSuite.names) {
    const abi = contractSuite.abi(name) as Abi;
    for (const item of abi) {
      if (item.type !== 'event') continue;
      for (let k = 0; k < 5; k++) {
        const log = logOf(item, r);
        assert.deepEqual(decodeLogWith(abi, log), viemDecode([item], log), `${name}.${item.name}`);
        events += 1;
      }
    }
  }
  assert.ok(events > 500, `${events} logs decoded`);
});

test('unnamed inputs give positional args; same-selector events with other indexing; what does not fit is null', () => {
  const r = rng(7);
  const positional = parseAbi(['event Moved(address indexed, uint256, address indexed, string)']);
  const log = logOf(positional[0] as AbiEvent, r);
  assert.deepEqual(decodeLogWith(positional, log), viemDecode(positional, log));
  assert.ok(Array.isArray(decodeLogWith(positional, log)!.args));

  const erc20 = parseAbi(['event Transfer(address indexed from, address indexed to, uint256 value)']);
  const erc721 = parseAbi(['event Transfer(address indexed from, address indexed to, uint256 indexed tokenId)']);
  const both = [...erc20, ...erc721] as Abi;
  for (const [abi, event] of [[erc20, erc20[0]], [erc721, erc721[0]]] as const) {
    const l = logOf(event as AbiEvent, r);
    assert.deepEqual(decodeLogWith(both, l), viemDecode(abi, l));
    assert.equal(viemDecode(abi === erc20 ? erc721 : erc20, l), null, 'viem refuses the other indexing');
    assert.deepEqual(decodeLogWith(abi === erc20 ? erc721 : erc20, l), null);
  }

  const indexedString = parseAbi(['event Named(string indexed name, bytes32 indexed key)']);
  const s = logOf(indexedString[0] as AbiEvent, r);
  assert.deepEqual(decodeLogWith(indexedString, s), viemDecode(indexedString, s), 'an indexed string is its hash');

  const short = logOf(erc20[0] as AbiEvent, r);
  assert.equal(decodeLogWith(erc20, { ...short, data: '0x1234' }), null, 'data too short');
  assert.equal(decodeLogWith(erc20, { ...short, topics: [] }), null, 'no topics');
  assert.equal(decodeLogWith(erc20, { ...short, topics: [`0x${'ab'.repeat(32)}`, ...short.topics.slice(1)] }), null, 'unknown selector');
});

/** What the indexer stored before decodeLogStored: viem's decoding through storedArgs, as JSON text (key order counts). */
const storedViaViem = (abi: Abi, log: { data: Hex; topics: readonly Hex[] }) => {
  const d = decodeLogWith(abi, log);
  return d ? JSON.stringify({ eventName: d.eventName, args: storedArgs(d.args) }) : null;
};
const stored = (abi: Abi, log: { data: Hex; topics: readonly Hex[] }) => {
  const d = decodeLogStored(abi, log);
  return d ? JSON.stringify(d) : null;
};

test('the stored form read straight from the hex is the stored form of viem\'s decoding, for every event and for logs that do not fit', () => {
  const r = rng(Number(process.env.FC_SEED ?? 20261204));
  let events = 0;
  let damaged = 0;
  const wordTypes = parseAbi([
    'event Words(int8 indexed a, int256 b, uint48 c, uint56 d, bytes4 e, bytes32 indexed f, bool g, address h, int40 i)',
  ]) as Abi;
  for (const [name, abi] of [...contractSuite.names.map((n) => [n, contractSuite.abi(n) as Abi] as const), ['Words', wordTypes] as const]) {
    for (const item of abi) {
      if (item.type !== 'event') continue;
      for (let k = 0; k < 5; k++) {
        const log = logOf(item, r);
        assert.equal(stored(abi, log), storedViaViem(abi, log), `${name}.${item.name}`);
        events += 1;
        // The same log damaged: data cut short, a topic dropped, a word set to a bool's impossible value, non-hex.
        const cut = Math.floor(r() * log.data.length);
        const damages = [
          { ...log, data: log.data.slice(0, Math.max(2, cut - (cut % 2))) as Hex },
          { ...log, topics: log.topics.slice(0, Math.max(1, log.topics.length - 1)) },
          { ...log, data: (log.data.length >= 66 ? `0x${'0'.repeat(62)}02${log.data.slice(66)}` : log.data) as Hex },
          { ...log, data: (log.data.length >= 66 ? `0x${'zz'.repeat(32)}${log.data.slice(66)}` : log.data) as Hex },
        ];
        for (const d of damages) {
          assert.equal(stored(abi, d), storedViaViem(abi, d), `${name}.${item.name} damaged`);
          damaged += 1;
        }
      }
    }
  }
  assert.ok(events > 500 && damaged > 2000, `${events} logs, ${damaged} damaged`);
  const positional = parseAbi(['event Moved(address indexed, uint256, address indexed, string)']);
  const log = logOf(positional[0] as AbiEvent, r);
  assert.equal(stored(positional, log), storedViaViem(positional, log), 'positional args through viem');
});
