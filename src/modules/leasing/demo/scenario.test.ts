import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import type { LeasingDemoResult } from './scenario.ts';

const root = new URL('../../../..', import.meta.url).pathname;

test('tierchain demo --embedded --scenario leasing: telemetry anchored, three periods billed per usage hour from it, every XT accounted for', { timeout: 300_000 }, () => {
  const run = spawnSync(process.execPath, ['bin/tierchain.mjs', 'demo', '--embedded', '--scenario', 'leasing', '--json'], {
    cwd: root, encoding: 'utf8', env: { ...process.env, TIERCHAIN_DEBUG: '1' }, timeout: 290_000,
  });
  assert.equal(run.status, 0, `demo exited with ${run.status}\n--- stderr ---\n${run.stderr}`);
  for (const step of ['onboard', 'devices', 'match', 'lease', 'telemetry', 'usage', 'rent', 'monitor']) assert.match(run.stderr, new RegExp(`\\] ${step} `), `no "${step}" progress line`);
  const r = JSON.parse(run.stdout) as LeasingDemoResult;

  // Every signed reading the devices published was stored and anchored, none refused.
  const t = r.telemetry;
  assert.equal(t.devices, 2);
  assert.equal(t.refused, 0);
  assert.equal(t.accepted, t.published);
  assert.equal(t.anchors.reduce((n, a) => n + a.count, 0), t.published, 'every reading is in exactly one anchored batch');
  // The spare mill, taken to another site, is out of its permitted area; the leased one is where it should be.
  assert.deepEqual(t.alerts.map((a) => [a.serial.split('-').slice(0, 3).join('-'), a.kind]), [['PM-CNC-7002', 'outside_area']]);

  // Each period's usage starts at the reading the previous one ended at, and is billed as the contract rule says.
  assert.equal(t.usage.length, 3);
  let carry = 0n;
  for (const [k, u] of t.usage.entries()) {
    assert.equal(u.period, k + 1);
    if (k > 0) assert.equal(u.from.seq, t.usage[k - 1]!.to.seq);
    const numerator = BigInt(u.usageMilliHours) * BigInt(u.usageRatePerHour) + carry;
    assert.equal(u.usageRent, (numerator / 1000n).toString());
    carry = numerator % 1000n;
    assert.equal(BigInt(u.carryAfter), carry);
    const paid = r.payments.find((p) => p.period === u.period)!;
    assert.deepEqual([paid.usageRent, paid.usageMilliHours, paid.lateInterest], [u.usageRent, u.usageMilliHours, u.lateInterest]);
  }
  assert.ok(r.payments.some((p) => p.daysLate > 0 && BigInt(p.lateInterest) > 0n), 'one payment is late, with late interest');

  // Each payment's parts add up to it; what the bank credited is what the members and the platform hold now.
  for (const p of r.payments) assert.equal(p.shares.reduce((s, x) => s + BigInt(x.amount), 0n).toString(), p.total);
  assert.equal(r.lease.status, 'purchased');
  const credited = r.balances.reduce((s, b) => s + BigInt(b.deposited), 0n);
  const held = r.balances.reduce((s, b) => s + BigInt(b.balance), 0n) + BigInt(r.platform.received);
  assert.equal(held, credited, 'no XT created or lost; the lease book keeps nothing');
});
