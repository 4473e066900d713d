/** The matching rule (matching.ts): eligibility, the order of proposals, the capital a lessee's score admits. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rankProposals, type CapitalInput, type DeviceOfferInput } from './matching.ts';

const request = { lessee: '0xl', equipmentType: 'cnc-mill', periods: 12, periodDays: 30, budgetPerPeriod: 50_000n };
const offer = (offerId: string, manufacturer: string, rent: bigint, seq: number, extra: Partial<DeviceOfferInput> = {}): DeviceOfferInput => ({
  offerId, manufacturer, deviceId: BigInt(seq), equipmentType: 'cnc-mill', price: 400_000n, rentPerPeriod: rent, periods: 12, periodDays: 30, seq, ...extra,
});
const capital: CapitalInput[] = [
  { capitalId: 'c1', investor: '0xi1', amount: 250_000n, risk: 'medium', seq: 1 },
  { capitalId: 'c2', investor: '0xi2', amount: 300_000n, risk: 'low', seq: 2 },
  { capitalId: 'c3', investor: '0xi3', amount: 250_000n, risk: 'high', seq: 3 },
];

describe('matching', () => {
  test('ranks covered offers first, then by rent, then by the manufacturer\'s credit, then by posting order', () => {
    const scores: Record<string, number> = { '0xl': 550, '0xm1': 500, '0xm2': 800, '0xm3': 700 };
    const offers = [
      offer('a', '0xm1', 40_000n, 1),
      offer('b', '0xm2', 40_000n, 2),
      offer('c', '0xm3', 35_000n, 3, { price: 900_000n }),
      offer('d', '0xm3', 30_000n, 4, { equipmentType: 'lathe' }),
      offer('e', '0xm3', 60_000n, 5),
      offer('f', '0xm1', 40_000n, 6, { periods: 6 }),
      offer('g', '0xm2', 40_000n, 7),
    ];
    const ranked = rankProposals(request, offers, capital, (p) => scores[p] ?? 500);
    // d: another type; e: over budget; f: another term. c is cheapest but capital (c1 + c3 = 500,000: c2 wants a
    // score of 600) does not cover 900,000. Among a, b, g at 40,000: m2 (800) before m1 (500); b before g (posted first).
    assert.deepEqual(ranked.map((p) => p.offerId), ['b', 'g', 'a', 'c']);
    assert.deepEqual(ranked[0]!.capital, [
      { capitalId: 'c1', investor: '0xi1', amount: 250_000n },
      { capitalId: 'c3', investor: '0xi3', amount: 150_000n },
    ]);
    assert.equal(ranked[3]!.fullyCovered, false);
    assert.equal(ranked[3]!.covered, 500_000n);
  });

  test('a lessee with a low score is offered only the capital that takes high risk', () => {
    const ranked = rankProposals(request, [offer('a', '0xm1', 40_000n, 1)], capital, (p) => (p === '0xl' ? 300 : 500));
    assert.deepEqual(ranked[0]!.capital.map((c) => c.capitalId), ['c3']);
    assert.equal(ranked[0]!.fullyCovered, false);
  });
});
