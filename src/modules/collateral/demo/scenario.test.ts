import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import type { CollateralDemoResult } from './scenario.ts';

const root = new URL('../../../..', import.meta.url).pathname;

test('tierchain demo --embedded --scenario collateral: a margin call cured, one liquidation, every XT accounted for', { timeout: 300_000 }, () => {
  const run = spawnSync(process.execPath, ['bin/tierchain.mjs', 'demo', '--embedded', '--scenario', 'collateral', '--json'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, TIERCHAIN_DEBUG: '1' },
    timeout: 290_000,
  });
  assert.equal(run.status, 0, `demo exited with ${run.status}\n--- stderr ---\n${run.stderr}`);
  for (const step of ['goods', 'lock', 'pledge', 'finance', 'margin', 'default', 'auction', 'waterfall', 'collect', 'release', 'maturity']) {
    assert.match(run.stderr, new RegExp(`\\] ${step} `), `no "${step}" progress line`);
  }
  assert.match(run.stderr, /same warehouse receipt is refused: 409 GoodsReceiptUsed/);
  assert.match(run.stderr, /pledging the steel again is refused: 409 GoodsAlreadyPledged/);
  assert.match(run.stderr, /is refused \(BidBelowPrice\)/);
  assert.match(run.stderr, /pledging the same receivable again is refused: 409 ClaimAlreadyPledged/);
  const r = JSON.parse(run.stdout) as CollateralDemoResult;

  // XT conserved: the members and the vault hold exactly what the bank gateway credited.
  assert.equal(BigInt(r.sumOfBalances) + BigInt(r.vault), BigInt(r.deposited));
  assert.equal(BigInt(r.totalSupply), BigInt(r.deposited));

  // The steel position was liquidated: the price on the curve, the penalty first, the shortfall written off.
  assert.equal(r.steel.status, 'liquidated');
  const d = r.steel.draws[0]!;
  const price = BigInt(r.auction.price);
  assert.ok(price <= BigInt(r.auction.startPrice) && price >= BigInt(r.auction.floorPrice));
  assert.equal(BigInt(d.penaltyPaid), 1_000_000n, '2 % of 500 000.00');
  assert.equal(BigInt(d.paid), price);
  assert.equal(BigInt(d.paid) + BigInt(d.writtenOff), BigInt(d.face) + BigInt(d.penaltyPaid) + BigInt(d.interestPaid));
  assert.equal(d.distributed, d.paid, 'one holder: no floor residue');
  assert.deepEqual(r.steel.history.map((h) => h.kind), ['locked', 'drawn', 'revalued', 'margin_called', 'defaulted', 'auction_started', 'auction_won', 'liquidated']);

  // The copper position's margin call was cured by a top-up; repaid, released, redeemed at maturity.
  assert.equal(r.copper.status, 'released');
  assert.ok(r.copper.history.some((h) => h.kind === 'margin_call_cured'));
  assert.equal(r.copper.draws[0]!.distributed, r.copper.draws[0]!.face);

  // The pledged receivable: escrowed, paid by Aurora on its due date, collected into the margin, returned at release.
  assert.equal(r.pledge.status, 'released');
  assert.deepEqual([r.pledge.claim?.collected, r.pledge.claim?.paid], ['40000000', true]);
  assert.deepEqual(r.pledge.history.map((h) => h.kind), ['claim_locked', 'locked', 'drawn', 'claim_collected', 'repaid', 'released', 'claim_released']);
  assert.equal(r.pledge.draws[0]!.distributed, r.pledge.draws[0]!.face);

  // Harbor's credit afterwards: three positions, the copper and the pledge repaid before their due date, the steel
  // defaulted and liquidated (before its due date: no day overdue); 400 000.00 XT repaid → 1 + 400 = 401,
  // floor(log2) = 8 → +80. 500 + (floor(300 × 2 / 3) − 150) − 150 − 100 + 80 = 380: band D.
  const harbor = r.credit.find((c) => c.name === 'Harbor Metals Distribution');
  assert.deepEqual(harbor, { name: 'Harbor Metals Distribution', score: 380, band: 'D', defaults: 1, liquidations: 1, paidOnTime: 2, obligations: 3 });
});
