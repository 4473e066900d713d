import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keepCarried, trimCarried } from './projections.ts';

test('a carried map over its limit lets its oldest entries go, down to three quarters of the limit', () => {
  const map = new Map<number, string>();
  for (let i = 0; i < 10; i++) map.set(i, `row ${i}`);
  trimCarried(map, 10);
  assert.equal(map.size, 10, 'at the limit nothing goes');
  map.set(10, 'row 10');
  trimCarried(map, 10);
  assert.deepEqual([...map.keys()], [4, 5, 6, 7, 8, 9, 10]);
});

test('a row asked for again moves to the newest end and outlives a trim that lets older ones go', () => {
  const map = new Map<string, number>();
  for (let i = 0; i < 8; i++) map.set(`k${i}`, i);
  // The batch ahead asks for k0 and k1 (carried since early on) and for k9, which it reads.
  assert.equal(keepCarried(map, 'k0'), true);
  assert.equal(keepCarried(map, 'k1'), true);
  assert.equal(keepCarried(map, 'k9'), false);
  map.set('k9', 9);
  assert.equal(map.get('k0'), 0, 'the value is kept');
  trimCarried(map, 8);
  assert.deepEqual([...map.keys()], ['k5', 'k6', 'k7', 'k0', 'k1', 'k9']);
});
