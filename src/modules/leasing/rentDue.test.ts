import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rentDue, type RentDueTerms } from './rentDue.ts';

const DAY = 86_400;
const lease: RentDueTerms = {
  startDay: 1_000 * DAY, paidPeriods: 1, periods: 3, periodDays: 30, rentPerPeriod: 100_007n, deposit: 150_000n, lateRateBps: 1800, dayCount: 'ACT/360',
};

test('before its due day the next period owes its rent alone, and nothing is in arrears', () => {
  const due = rentDue(lease, lease.startDay! + 60 * DAY - 1)!;
  assert.deepEqual([due.period, due.dueDate, due.daysLate, due.lateInterest, due.total, due.defaultable], [2, lease.startDay! + 60 * DAY, 0, 0n, 100_007n, false]);
  assert.deepEqual(due.arrears, { periods: 0, rent: 0n, lateInterest: 0n });
  assert.deepEqual([due.depositApplied, due.depositReturned], [0n, 150_000n]);
});

test('four whole days late: floor(100,007 × 1,800 × 4 / 3,600,000) = 200 of late interest, as the API test pays it', () => {
  const due = rentDue(lease, lease.startDay! + 64 * DAY + 3600)!;
  assert.deepEqual([due.daysLate, due.lateInterest, due.total, due.defaultable], [4, 200n, 100_207n, false]);
  assert.deepEqual(due.arrears, { periods: 1, rent: 100_007n, lateInterest: 200n });
});

test('a whole period late: defaultable; the arrears of two periods exceed the deposit, which is taken whole', () => {
  const due = rentDue(lease, lease.startDay! + 90 * DAY)!;
  assert.equal(due.daysLate, 30);
  assert.equal(due.defaultable, true);
  // Period 2: 30 days late → 1,500; period 3 is due today (on time) → 0.
  assert.deepEqual(due.arrears, { periods: 2, rent: 200_014n, lateInterest: 1_500n });
  assert.deepEqual([due.depositApplied, due.depositReturned], [150_000n, 0n]);
});

test('nothing is due before the start or once every period is paid', () => {
  assert.equal(rentDue({ ...lease, startDay: null }, lease.startDay!), null);
  assert.equal(rentDue({ ...lease, paidPeriods: 3 }, lease.startDay! + 200 * DAY), null);
});
