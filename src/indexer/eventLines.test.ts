// The indexer writes its event log as COPY text field by field (eventLines); it must be exactly the generic writer's
// text (copyText of the columns an INSERT takes, which escapes every field), whatever the arguments and hashes hold.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { copyText } from '../db/copy.ts';
import { eventColumns, eventLines } from './indexer.ts';
import type { ChainEvent } from './projections.ts';

const AWKWARD = ['plain', 'tab\there', 'line\nbreak', 'carriage\rreturn', 'back\\slash', '\\N', 'quote " and \'', '汇票 — 应收账款', '', 'end\\'];

test('eventLines writes the text copyText writes for the same events, awkward arguments and hashes included', () => {
  const events: ChainEvent[] = AWKWARD.map((label, i) => ({
    blockNumber: 100n + BigInt(i >> 2),
    logIndex: i,
    blockHash: i === 5 ? `0x\\${'a'.repeat(63)}` : `0x${String(i >> 2).repeat(64)}`,
    txHash: i === 6 ? `0x${'b'.repeat(30)}\t${'c'.repeat(33)}` : `0x${String(i).repeat(64)}`,
    contract: 'ClaimLedger',
    address: '0x5fbdb2315678afecb367f032d93f642f64180aa3',
    eventName: 'Transfer',
    args: { label, id: `${10n ** 70n + BigInt(i)}`, ok: i % 2 === 0 },
    blockTime: new Date(Date.UTC(2027, 0, 1, 0, 0, i >> 2, 123)),
  }));
  assert.equal(eventLines(events, 0, events.length), copyText(eventColumns(events)));
  assert.equal(eventLines(events, 3, 7), copyText(eventColumns(events), 3, 7));
  assert.equal(eventLines(events, 0, 0), '');
});
