/** The rent split rule (rentSplit.ts, the mirror of RentSplit.sol): a hand-worked case and its properties. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { proRata, splitRent } from './rentSplit.ts';

describe('rent split', () => {
  test('a hand-worked payment: 100,007 XT units, platform 1 %, maintenance 2.5 %, three investors 500 / 300 / 200', () => {
    // platform floor(100,007 × 100 / 10,000) = 1,000 (0.07 left over); provider floor(100,007 × 250 / 10,000) = 2,500
    // (0.175 left over); the investors' pool is 100,007 − 1,000 − 2,500 = 96,507.
    // floors: 96,507 × 500/1000 = 48,253.5 → 48,253; × 300/1000 = 28,952.1 → 28,952; × 200/1000 = 19,301.4 → 19,301
    // Σ floors 96,506: residue 1, to the largest remainder (0.5, the first investor).
    const r = splitRent({ amount: 100_007n, platformBps: 100, providerBps: [250], shares: [500n, 300n, 200n] });
    assert.deepEqual(r, { platform: 1_000n, providers: [2_500n], pool: 96_507n, investors: [48_254n, 28_952n, 19_301n], residue: 1n });
  });

  test('ties in the remainders go to the earlier funder', () => {
    assert.deepEqual(proRata(2n, [1n, 1n, 1n]), [1n, 1n, 0n]);
    assert.deepEqual(proRata(10n, [3n, 3n, 3n]), [4n, 3n, 3n]);
  });

  test('every part adds up to the payment, to the last minor unit, and each investor is within one unit of its exact share', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 30n }),
        fc.integer({ min: 0, max: 1_000 }),
        fc.array(fc.integer({ min: 0, max: 800 }), { maxLength: 5 }),
        fc.array(fc.bigInt({ min: 1n, max: 10n ** 24n }), { minLength: 1, maxLength: 20 }),
        (amount, platformBps, providerBps, shares) => {
          const r = splitRent({ amount, platformBps, providerBps, shares });
          const out = r.platform + r.providers.reduce((a, b) => a + b, 0n) + r.investors.reduce((a, b) => a + b, 0n);
          assert.equal(out, amount);
          assert.ok(r.residue >= 0n && r.residue < BigInt(shares.length));
          const sum = shares.reduce((a, b) => a + b, 0n);
          r.investors.forEach((part, k) => {
            const exact = r.pool * shares[k]!;
            assert.ok(part * sum <= exact + sum && part * sum + sum > exact, 'floor or floor + 1 of the exact share');
          });
        },
      ),
      { numRuns: Number(process.env.FC_RUNS ?? 500) },
    );
  });
});
