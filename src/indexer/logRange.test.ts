// The range of blocks per eth_getLogs request (the indexer's, and the scale bench's raw read): halved after an answer
// too large, never below one block, and back to the configured range after 16 answers in a row that fit; and sized
// from the density of the last answer (about LOGS_PER_READ logs a request).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { logRange } from './logRange.ts';

test('halves on an answer too large, down to one block, and doubles back after 16 that fit', () => {
  // Answers of 100 logs: the density rule alone would ask for the whole configured range.
  const range = logRange(20n);
  assert.equal(range.span, 20n);
  range.fitted(range.span, 100);
  assert.equal(range.span, 20n, 'never above the configured range');
  assert.equal(range.shrink(), true);
  assert.equal(range.span, 10n);
  for (const expected of [5n, 2n, 1n]) {
    assert.equal(range.shrink(), true);
    assert.equal(range.span, expected);
  }
  assert.equal(range.shrink(), false, 'nothing smaller than one block to ask for');
  assert.equal(range.span, 1n);
  for (let i = 0; i < 15; i++) range.fitted(range.span, 100);
  assert.equal(range.span, 1n, 'fifteen answers that fit are not enough');
  range.fitted(range.span, 100);
  assert.equal(range.span, 2n);
  range.shrink();
  for (let i = 0; i < 15; i++) range.fitted(range.span, 100);
  assert.equal(range.span, 1n, 'a refusal starts the count again');
  for (const expected of [2n, 4n, 8n, 16n, 20n, 20n]) {
    for (let i = 0; i < 16; i++) range.fitted(range.span, 100);
    assert.equal(range.span, expected);
  }
});

test('blocks per request follow the density of the last answer: about logsPerRead logs, one block at least, the configured range at most', () => {
  const range = logRange(20n, 50_000);
  // Sparse blocks (250 logs each): the whole range.
  range.fitted(20n, 5_000);
  assert.equal(range.span, 20n);
  // Blocks of batch redemptions (30,000 logs each): one at a time, and never none.
  range.fitted(20n, 600_000);
  assert.equal(range.span, 1n);
  range.fitted(1n, 120_000);
  assert.equal(range.span, 1n, 'a block denser than the aim is still read');
  // 12,500 logs a block: four blocks make the aim.
  range.fitted(2n, 25_000);
  assert.equal(range.span, 4n);
  // Empty blocks: back to the whole range at once.
  range.fitted(4n, 0);
  assert.equal(range.span, 20n);
  // A refusal rules while it is smaller: halved from what was asked, whatever the density says.
  range.fitted(20n, 100_000);
  assert.equal(range.span, 10n);
  assert.equal(range.shrink(), true);
  assert.equal(range.span, 5n);
  range.fitted(5n, 500);
  assert.equal(range.span, 5n, 'sparse blocks do not lift a refusal before 16 answers fit');
  for (let i = 0; i < 15; i++) range.fitted(5n, 500);
  assert.equal(range.span, 10n);
});
