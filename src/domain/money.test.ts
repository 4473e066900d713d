import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  dayCountBasis,
  dayCountFromChain,
  dayCountToChain,
  daysBetween,
  discountedPrice,
  distribute,
  interest,
  lateInterest,
  accrue,
  owedAt,
  daysLate,
  splitPayment,
  proRata,
  type DayCount,
} from './money.ts';

const DAY = 86_400n;

describe('money: hand-worked cases (mirroring DayCount.sol)', () => {
  test('day-count bases and their on-chain codes', () => {
    assert.equal(dayCountBasis('ACT/360'), 360n);
    assert.equal(dayCountBasis('ACT/365F'), 365n);
    assert.equal(dayCountFromChain(0), 'ACT/360');
    assert.equal(dayCountFromChain('1'), 'ACT/365F');
    assert.equal(dayCountToChain('ACT/365F'), 1);
    assert.throws(() => dayCountFromChain(2), RangeError);
    assert.throws(() => dayCountBasis('30/360' as DayCount), RangeError);
  });

  test('daysBetween: whole days, a started day counts, 0 when not later', () => {
    const t = 1_700_000_000n;
    assert.equal(daysBetween(t, t), 0n); // same instant
    assert.equal(daysBetween(t, t - 1n), 0n); // earlier
    assert.equal(daysBetween(t, t + 1n), 1n); // 1 s: (1 + 86399) / 86400 = 1
    assert.equal(daysBetween(t, t + DAY), 1n); // exactly one day: (86400 + 86399) / 86400 = 1
    assert.equal(daysBetween(t, t + DAY + 1n), 2n); // one day and a second: (86401 + 86399) / 86400 = 2
    assert.equal(daysBetween(t, t + 90n * DAY), 90n);
  });

  test('1,000,000.00 at 6% for 90 days, ACT/360: discount 1,500,000, price 98,500,000', () => {
    // 100 000 000 × 600 × 90 = 5 400 000 000 000; 10 000 × 360 = 3 600 000;
    // 5 400 000 000 000 / 3 600 000 = 1 500 000 exactly (no rounding).
    assert.equal(interest(100_000_000n, 600n, 90n, 'ACT/360'), 1_500_000n);
    assert.equal(discountedPrice(100_000_000n, 600n, 90n, 'ACT/360'), 98_500_000n); // 100 000 000 − 1 500 000
  });

  test('the same with ACT/365F: floor(5 400 000 000 000 / 3 650 000) = 1 479 452', () => {
    // 3 650 000 × 1 479 452 = 5 399 999 800 000, remainder 200 000 < 3 650 000: the floor is 1 479 452
    // (exact value 1 479 452.054…); the price is 100 000 000 − 1 479 452 = 98 520 548.
    assert.equal(interest(100_000_000n, 600n, 90n, 'ACT/365F'), 1_479_452n);
    assert.equal(discountedPrice(100_000_000n, 600n, 90n, 'ACT/365F'), 98_520_548n);
  });

  test('floors to zero on tiny amounts; zero days or zero rate cost nothing', () => {
    // 1 × 1 × 1 / 3 600 000 = 0.000000277… → 0: the seller keeps the full face.
    assert.equal(interest(1n, 1n, 1n, 'ACT/360'), 0n);
    assert.equal(discountedPrice(1n, 1n, 1n, 'ACT/360'), 1n);
    assert.equal(discountedPrice(5_000n, 600n, 0n, 'ACT/360'), 5_000n);
    assert.equal(discountedPrice(5_000n, 0n, 90n, 'ACT/365F'), 5_000n);
    // 3 599 999 × 1 × 1 / 3 600 000 = 0.99999972… → 0; 3 600 000 × 1 × 1 / 3 600 000 = 1.
    assert.equal(interest(3_599_999n, 1n, 1n, 'ACT/360'), 0n);
    assert.equal(interest(3_600_000n, 1n, 1n, 'ACT/360'), 1n);
  });

  test('late interest: 400,000 outstanding at 12%, 11 days and 1 second after the start of the due day → 11 days', () => {
    const due = 1_700_000_000n;
    const asOf = due + 11n * DAY + 1n; // the 11th day after the due date
    // 400 000 × 1 200 × 11 = 5 280 000 000; / 3 600 000 = 1 466.66… → 1 466 (ACT/360)
    assert.equal(lateInterest(400_000n, 1_200n, due, asOf, 'ACT/360'), 1_466n);
    // / 3 650 000 = 1 446.57… → 1 446 (ACT/365F)
    assert.equal(lateInterest(400_000n, 1_200n, due, asOf, 'ACT/365F'), 1_446n);
    // not late yet: before, at, and through the last second of the due day
    assert.equal(lateInterest(400_000n, 1_200n, due, due, 'ACT/360'), 0n);
    assert.equal(lateInterest(400_000n, 1_200n, due, due - 5n, 'ACT/360'), 0n);
    assert.equal(lateInterest(400_000n, 1_200n, due, due + DAY - 1n, 'ACT/360'), 0n);
  });

  test('daysLate: the due day is on time at 00:00 and 23:59; the day after is 1 day; 30 days after is 30 (ACT)', () => {
    const due = BigInt(Date.UTC(2027, 1, 1) / 1000); // 2027-02-01T00:00Z
    const at = (iso: string) => BigInt(Date.parse(iso) / 1000);
    assert.equal(daysLate(due, at('2027-01-31T23:59:59Z')), 0n);
    assert.equal(daysLate(due, at('2027-02-01T00:00:00Z')), 0n);
    assert.equal(daysLate(due, at('2027-02-01T12:43:00Z')), 0n, 'the payment of the report: on time');
    assert.equal(daysLate(due, at('2027-02-01T23:59:59Z')), 0n);
    assert.equal(daysLate(due, at('2027-02-02T00:00:00Z')), 1n);
    assert.equal(daysLate(due, at('2027-02-02T23:59:59Z')), 1n);
    assert.equal(daysLate(due, at('2027-03-03T00:00:00Z')), 30n); // 27 days left of February + 3 of March
    assert.equal(daysLate(due, at('2027-03-03T23:59:59Z')), 30n);
    assert.equal(daysLate(due, at('2027-03-04T00:00:00Z')), 31n);
  });

  test('pro-rata of a 60% payment across 333,333 / 333,333 / 333,334 of 1,000,000: 199,999 / 199,999 / 200,000, residue 2', () => {
    // 333 333 × 600 000 / 1 000 000 = 199 999.8 → 199 999 (twice);
    // 333 334 × 600 000 / 1 000 000 = 200 000.4 → 200 000;
    // Σ = 599 998; residue = 600 000 − 599 998 = 2 (stays in the settlement).
    assert.equal(proRata(333_333n, 600_000n, 1_000_000n), 199_999n);
    const { payouts, residue } = distribute([333_333n, 333_333n, 333_334n], 600_000n, 1_000_000n);
    assert.deepEqual(payouts, [199_999n, 199_999n, 200_000n]);
    assert.equal(residue, 2n);
  });

  test('full payment distributes everything, no residue', () => {
    const { payouts, residue } = distribute([333_333n, 333_333n, 333_334n], 1_000_000n, 1_000_000n);
    assert.deepEqual(payouts, [333_333n, 333_333n, 333_334n]);
    assert.equal(residue, 0n);
  });

  test('invalid inputs are refused', () => {
    assert.throws(() => interest(-1n, 600n, 90n, 'ACT/360'), RangeError);
    assert.throws(() => proRata(1n, 1n, 0n), RangeError);
    assert.throws(() => proRata(-1n, 1n, 10n), RangeError);
  });
});

describe('money: properties', () => {
  const dayCount = fc.constantFrom<DayCount>('ACT/360', 'ACT/365F');
  const amount = fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }); // uint128, as on-chain
  const rate = fc.bigInt({ min: 0n, max: 65_535n }); // uint16 basis points
  const days = fc.bigInt({ min: 0n, max: 36_500n });

  test('a discounted price never exceeds the face, and is not negative while rate × days ≤ 10 000 × basis', () => {
    fc.assert(
      fc.property(amount, rate, days, dayCount, (a, r, d, dc) => {
        const price = discountedPrice(a, r, d, dc);
        assert.ok(price <= a);
        if (r * d <= 10_000n * dayCountBasis(dc)) assert.ok(price >= 0n);
      }),
    );
  });

  test('interest is monotonic in days and in rate', () => {
    fc.assert(
      fc.property(amount, rate, rate, days, days, dayCount, (a, r1, r2, d1, d2, dc) => {
        const [rLo, rHi] = r1 <= r2 ? [r1, r2] : [r2, r1];
        const [dLo, dHi] = d1 <= d2 ? [d1, d2] : [d2, d1];
        assert.ok(interest(a, rLo, d1, dc) <= interest(a, rHi, d1, dc));
        assert.ok(interest(a, r1, dLo, dc) <= interest(a, r1, dHi, dc));
      }),
    );
  });

  test('interest is the floor: interest × denominator ≤ exact numerator < (interest + 1) × denominator', () => {
    fc.assert(
      fc.property(amount, rate, days, dayCount, (a, r, d, dc) => {
        const i = interest(a, r, d, dc);
        const denominator = 10_000n * dayCountBasis(dc);
        assert.ok(i * denominator <= a * r * d && a * r * d < (i + 1n) * denominator);
      }),
    );
  });

  /** Holdings that add up to `face`: random cut points in [0, face]. */
  const tree = fc
    .tuple(fc.bigInt({ min: 1n, max: 10n ** 15n }), fc.array(fc.bigInt({ min: 0n, max: 1n << 60n }), { minLength: 0, maxLength: 30 }))
    .map(([face, raw]) => {
      const cuts = raw.map((x) => x % (face + 1n)).sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
      const holdings: bigint[] = [];
      let previous = 0n;
      for (const c of [...cuts, face]) {
        holdings.push(c - previous);
        previous = c;
      }
      return { face, holdings };
    });

  test('Σ payouts + residue = paid; with the whole face held, 0 ≤ residue < number of holdings; nobody gets more than the exact share', () => {
    fc.assert(
      fc.property(tree, fc.bigInt({ min: 0n, max: 1n << 62n }), ({ face, holdings }, rawPaid) => {
        const paid = rawPaid % (face + 1n);
        const { payouts, residue } = distribute(holdings, paid, face);
        assert.equal(payouts.length, holdings.length);
        assert.equal(payouts.reduce((s, p) => s + p, 0n) + residue, paid);
        assert.ok(residue >= 0n);
        assert.ok(residue < BigInt(holdings.length));
        holdings.forEach((b, i) => assert.ok(payouts[i]! * face <= b * paid));
        if (paid === face) assert.equal(residue, 0n);
      }),
    );
  });

  test('payouts are cumulative-consistent: the entitlement after a second payment is never below the first', () => {
    fc.assert(
      fc.property(tree, fc.bigInt({ min: 0n, max: 1n << 62n }), fc.bigInt({ min: 0n, max: 1n << 62n }), ({ face, holdings }, p1, p2) => {
        const first = p1 % (face + 1n);
        const second = first + (p2 % (face - first + 1n));
        const a = distribute(holdings, first, face).payouts;
        const b = distribute(holdings, second, face).payouts;
        a.forEach((x, i) => assert.ok(x <= b[i]!));
      }),
    );
  });
});

describe('money: late interest accrued in steps (mirroring DayCount.accrue and Receivables.owed)', () => {
  const due = 1_900_000_000n;

  test('hand-worked: 1,000,000.00 at 12% ACT/360, 30 days late, two partial payments', () => {
    // 100 000 000 minor units, 1200 bps, basis 360: one day on the whole principal is
    //   100 000 000 × 1200 × 1 / 3 600 000 = 33 333.33… minor units.
    // Day 10: 10 days on 100 000 000 → numerator 1 200 000 000 000 → 333 333 accrued, carry 1 200 000 (0.33 unit).
    const first = accrue(100_000_000n, 1200n, 10n, 'ACT/360', 0n);
    assert.deepEqual(first, { accrued: 333_333n, carry: 1_200_000n });
    // A payment of 40 333 333 then settles the 333 333 of interest first and 40 000 000 of principal.
    assert.deepEqual(splitPayment(40_333_333n, 333_333n), { interest: 333_333n, principal: 40_000_000n });
    // Day 30: 20 more days on 60 000 000 → 1 440 000 000 000 + carry 1 200 000 = 1 440 001 200 000
    //   → 400 000 accrued (400 000.33…), carry 1 200 000 again.
    const second = accrue(60_000_000n, 1200n, 20n, 'ACT/360', first.carry);
    assert.deepEqual(second, { accrued: 400_000n, carry: 1_200_000n });
    // In one step the exact total is 333 333.33 + 400 000 = 733 333.33: the floor is taken once, on the total.
    assert.equal(first.accrued + second.accrued, (100_000_000n * 1200n * 10n + 60_000_000n * 1200n * 20n) / 3_600_000n);
  });

  test('the carry keeps the fractions: three steps of 1/3 unit make one unit', () => {
    // 1 200 × 1 000 bps × 1 day = 1 200 000 of 3 600 000: a third of a unit each step.
    let carry = 0n;
    let total = 0n;
    for (let i = 0; i < 3; i++) {
      const r = accrue(1_200n, 1_000n, 1n, 'ACT/360', carry);
      total += r.accrued;
      carry = r.carry;
    }
    assert.equal(total, 1n);
    assert.equal(carry, 0n);
  });

  test('owedAt: nothing up to the end of the due day; then the stored accrual plus the days since, on the principal', () => {
    const s = { face: 1_000_000n, paid: 0n, interestPaid: 0n, interestDue: 0n, accruedDays: 0n, interestCarry: 0n };
    const terms = { dueDateSec: due, lateRateBps: 1_200n, dayCount: 'ACT/360' as DayCount };
    assert.deepEqual(owedAt(s, terms, due - 1n), { principal: 1_000_000n, interest: 0n, daysLate: 0n });
    assert.deepEqual(owedAt(s, terms, due), { principal: 1_000_000n, interest: 0n, daysLate: 0n });
    assert.deepEqual(owedAt(s, terms, due + 1n), { principal: 1_000_000n, interest: 0n, daysLate: 0n });
    assert.deepEqual(owedAt(s, terms, due + DAY - 1n), { principal: 1_000_000n, interest: 0n, daysLate: 0n });
    // The first second of the next day is one day late: 1 000 000 × 1200 × 1 / 3 600 000 = 333.33 → 333.
    assert.deepEqual(owedAt(s, terms, due + DAY), { principal: 1_000_000n, interest: 333n, daysLate: 1n });
    // After a checkpoint at day 10 (3 333 accrued, carry 1 200 000) and 600 000 of principal paid (+3 333 interest):
    const after = { face: 1_000_000n, paid: 603_333n, interestPaid: 3_333n, interestDue: 0n, accruedDays: 10n, interestCarry: 1_200_000n };
    // day 15 (all of it): 5 days on 400 000 = 2 400 000 000 + 1 200 000 → 667.
    assert.deepEqual(owedAt(after, terms, due + 16n * DAY - 5n), { principal: 400_000n, interest: 667n, daysLate: 15n });
    // Fully paid: nothing accrues.
    assert.deepEqual(owedAt({ ...after, paid: 1_003_333n }, terms, due + 40n * DAY), { principal: 0n, interest: 0n, daysLate: 0n });
  });

  test('hand-worked: 36,000,000 due 2027-02-01 at 1000 bps ACT/360 (10 000 a day on 36 000 000), paid at 00:00 and 23:59', () => {
    const due = BigInt(Date.UTC(2027, 1, 1) / 1000);
    const at = (iso: string) => BigInt(Date.parse(iso) / 1000);
    const terms = { dueDateSec: due, lateRateBps: 1_000n, dayCount: 'ACT/360' as DayCount };
    let s = { face: 36_000_000n, paid: 0n, interestPaid: 0n, interestDue: 0n, accruedDays: 0n, interestCarry: 0n };
    // The due date, 00:00 and 23:59: nothing accrues; payments of 6 000 000 and 12 000 000 are all principal.
    assert.deepEqual(owedAt(s, terms, at('2027-02-01T00:00:00Z')), { principal: 36_000_000n, interest: 0n, daysLate: 0n });
    s = { ...s, paid: 6_000_000n };
    assert.deepEqual(owedAt(s, terms, at('2027-02-01T23:59:00Z')), { principal: 30_000_000n, interest: 0n, daysLate: 0n });
    s = { ...s, paid: 18_000_000n };
    // The day after, 00:00: one day on 18 000 000 = 18 000 000 × 1000 × 1 / 3 600 000 = 5 000.
    assert.deepEqual(owedAt(s, terms, at('2027-02-02T00:00:00Z')), { principal: 18_000_000n, interest: 5_000n, daysLate: 1n });
    // It pays 6 005 000: the 5 000 of interest first, then 6 000 000 of principal; the checkpoint is day 1.
    assert.deepEqual(splitPayment(6_005_000n, 5_000n), { interest: 5_000n, principal: 6_000_000n });
    s = { face: 36_000_000n, paid: 24_005_000n, interestPaid: 5_000n, interestDue: 0n, accruedDays: 1n, interestCarry: 0n };
    // The day after, 23:59: still day 1, nothing more.
    assert.deepEqual(owedAt(s, terms, at('2027-02-02T23:59:00Z')), { principal: 12_000_000n, interest: 0n, daysLate: 1n });
    // 30 days after (2027-03-03), 00:00 and 23:59: 29 more days on 12 000 000 = 12 000 000 × 1000 × 29 / 3 600 000
    //   = 96 666.67 → 96 666 (carry 2 400 000); the obligor owes 12 096 666.
    assert.deepEqual(accrue(12_000_000n, 1_000n, 29n, 'ACT/360', 0n), { accrued: 96_666n, carry: 2_400_000n });
    assert.deepEqual(owedAt(s, terms, at('2027-03-03T00:00:00Z')), { principal: 12_000_000n, interest: 96_666n, daysLate: 30n });
    assert.deepEqual(owedAt(s, terms, at('2027-03-03T23:59:00Z')), { principal: 12_000_000n, interest: 96_666n, daysLate: 30n });
  });

  test('step-wise accrual equals the one-shot floor of the exact total, for any partition of the days', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 1n << 100n }),
        fc.bigInt({ min: 0n, max: 65_535n }),
        fc.constantFrom<DayCount>('ACT/360', 'ACT/365F'),
        fc.array(fc.record({ days: fc.bigInt({ min: 0n, max: 400n }), paidPer: fc.bigInt({ min: 0n, max: 1000n }) }), { minLength: 1, maxLength: 8 }),
        (face, rate, dc, steps) => {
          let principal = face;
          let carry = 0n;
          let accrued = 0n;
          let exactNumerator = 0n;
          for (const step of steps) {
            const r = accrue(principal, rate, step.days, dc, carry);
            accrued += r.accrued;
            carry = r.carry;
            exactNumerator += principal * rate * step.days;
            assert.ok(carry < 10_000n * dayCountBasis(dc));
            principal -= (principal * step.paidPer) / 1000n;
          }
          assert.equal(accrued, exactNumerator / (10_000n * dayCountBasis(dc)));
          assert.equal(accrued * 10_000n * dayCountBasis(dc) + carry, exactNumerator);
        },
      ),
    );
  });

  test('splitPayment: interest first, then principal', () => {
    assert.deepEqual(splitPayment(100n, 30n), { interest: 30n, principal: 70n });
    assert.deepEqual(splitPayment(20n, 30n), { interest: 20n, principal: 0n });
    assert.deepEqual(splitPayment(20n, 0n), { interest: 0n, principal: 20n });
  });
});
