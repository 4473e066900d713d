import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addFacts, NO_FACTS, scoreCredit } from './score.ts';

test('a member with no history has no score', () => {
  assert.deepEqual(scoreCredit(NO_FACTS), {
    score: null,
    band: 'none',
    components: { base: 500, punctuality: 0, overdue: 0, defaults: 0, liquidations: 0, volume: 0, ratings: 0 },
  });
});

test('hand-worked: four obligations, one paid five days late, 10 000.00 XT repaid', () => {
  // punctuality floor(300 × 3 / 4) − 150 = 75; overdue −2 × 5 = −10; volume 1 + floor(1 000 000 / 100 000) = 11,
  // floor(log2 11) = 3 → 30; 500 + 75 − 10 + 30 = 595: band C.
  const r = scoreCredit(addFacts(NO_FACTS, { obligations: 4, paidOnTime: 3, daysOverdue: 5, volume: 1_000_000n }));
  assert.equal(r.score, 595);
  assert.equal(r.band, 'C');
  assert.deepEqual(r.components, { base: 500, punctuality: 75, overdue: -10, defaults: 0, liquidations: 0, volume: 30, ratings: 0 });
});

test('hand-worked: always on time on a large volume reaches band A', () => {
  // 500 + 150 + min(150, 10 × floor(log2(1 + 20 000))) = 500 + 150 + 140 = 790.
  const r = scoreCredit(addFacts(NO_FACTS, { obligations: 12, paidOnTime: 12, volume: 2_000_000_000n }));
  assert.equal(r.components.volume, 140);
  assert.equal(r.score, 790);
  assert.equal(r.band, 'A');
});

test('hand-worked: a default and a liquidation after a late position', () => {
  // one obligation, not on time: −150; 40 days overdue: −80; default −150; liquidation −100; no volume.
  // 500 − 150 − 80 − 150 − 100 = 20: band D.
  const r = scoreCredit(addFacts(NO_FACTS, { obligations: 1, daysOverdue: 40, defaults: 1, liquidations: 1 }));
  assert.equal(r.score, 20);
  assert.equal(r.band, 'D');
});

test('the overdue term stops at −200 and the score at 0', () => {
  assert.equal(scoreCredit(addFacts(NO_FACTS, { obligations: 1, daysOverdue: 365 })).components.overdue, -200);
  assert.equal(scoreCredit(addFacts(NO_FACTS, { obligations: 3, daysOverdue: 400, defaults: 3, liquidations: 3 })).score, 0);
});

test('hand-worked: ratings move the score by at most 100 either way, rounded down', () => {
  // two ratings 5 and 4: floor(100 × (9 − 6) / 4) = 75; one rating of 2: floor(100 × −1 / 2) = −50;
  // three ratings 1, 1, 2: floor(100 × (4 − 9) / 6) = floor(−83.3) = −84.
  assert.equal(scoreCredit(addFacts(NO_FACTS, { ratings: 2, ratingPoints: 9 })).components.ratings, 75);
  assert.equal(scoreCredit(addFacts(NO_FACTS, { ratings: 1, ratingPoints: 2 })).components.ratings, -50);
  assert.equal(scoreCredit(addFacts(NO_FACTS, { ratings: 3, ratingPoints: 4 })).components.ratings, -84);
  assert.equal(scoreCredit(addFacts(NO_FACTS, { ratings: 4, ratingPoints: 20 })).score, 600);
});

test('facts from several modules add up field by field', () => {
  const sum = addFacts(addFacts(NO_FACTS, { obligations: 2, paidOnTime: 1, volume: 5n }), { obligations: 1, paidOnTime: 1, defaults: 1, volume: 7n });
  assert.deepEqual(sum, { obligations: 3, paidOnTime: 2, daysOverdue: 0, defaults: 1, liquidations: 0, volume: 12n, ratings: 0, ratingPoints: 0 });
});

test('the bands at their edges: 750 A, 748 B, 600 B, 598 C, 450 C, 448 D', () => {
  // volume (2^10 − 1) × 100 000 → floor(log2 1 024) = 10 → +100; punctuality +150 (all on time), 0 (half), −150 (none).
  const at = (obligations: number, paidOnTime: number, daysOverdue: number) =>
    scoreCredit(addFacts(NO_FACTS, { obligations, paidOnTime, daysOverdue, volume: 1023n * 100_000n }));
  assert.deepEqual([at(1, 1, 0).score, at(1, 1, 0).band], [750, 'A']);
  assert.deepEqual([at(1, 1, 1).score, at(1, 1, 1).band], [748, 'B']);
  assert.deepEqual([at(2, 1, 0).score, at(2, 1, 0).band], [600, 'B']);
  assert.deepEqual([at(2, 1, 1).score, at(2, 1, 1).band], [598, 'C']);
  assert.deepEqual([at(2, 0, 0).score, at(2, 0, 0).band], [450, 'C']);
  assert.deepEqual([at(2, 0, 1).score, at(2, 0, 1).band], [448, 'D']);
});
