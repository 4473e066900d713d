// The range of blocks per eth_getLogs request (the indexer's, and the scale bench's raw read): halved after an answer
// too large, never below one block, and back to the configured range after 16 answers in a row that fit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { logRange } from './indexer.ts';

test('halves on an answer too large, down to one block, and doubles back after 16 that fit', () => {
  const range = logRange(20n);
  assert.equal(range.span, 20n);
  range.fitted();
  assert.equal(range.span, 20n, 'never above the configured range');
  assert.equal(range.shrink(), true);
  assert.equal(range.span, 10n);
  for (const expected of [5n, 2n, 1n]) {
    assert.equal(range.shrink(), true);
    assert.equal(range.span, expected);
  }
  assert.equal(range.shrink(), false, 'nothing smaller than one block to ask for');
  assert.equal(range.span, 1n);
  for (let i = 0; i < 15; i++) range.fitted();
  assert.equal(range.span, 1n, 'fifteen answers that fit are not enough');
  range.fitted();
  assert.equal(range.span, 2n);
  range.shrink();
  for (let i = 0; i < 15; i++) range.fitted();
  assert.equal(range.span, 1n, 'a refusal starts the count again');
  for (const expected of [2n, 4n, 8n, 16n, 20n, 20n]) {
    for (let i = 0; i < 16; i++) range.fitted();
    assert.equal(range.span, expected);
  }
});
