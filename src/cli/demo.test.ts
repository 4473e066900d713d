import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import type { DemoResult } from '../modules/receivables/demo/scenario.ts';

const root = new URL('../..', import.meta.url).pathname;
const tierchain = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, ['bin/tierchain.mjs', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, TIERCHAIN_DEBUG: '1', ...env },
    timeout: 290_000,
  });

test('tierchain demo --embedded builds the chain through maturity and every XT is accounted for', { timeout: 300_000 }, () => {
  const run = tierchain(['demo', '--embedded', '--json']);
  assert.equal(run.status, 0, `demo exited with ${run.status}\n--- stderr ---\n${run.stderr}`);
  // Progress step by step on stderr, one JSON object on stdout.
  for (const step of ['onboard', 'consortia', 'xt', 'credit', 'trade', 'split', 'modify', 'finance', 'maturity', 'payment', 'settle']) {
    assert.match(run.stderr, new RegExp(`\\] ${step} `), `no "${step}" progress line`);
  }
  const r = JSON.parse(run.stdout) as DemoResult;

  assert.equal(r.members.length, 13);
  assert.deepEqual(r.members.filter((x) => x.roles.includes('regulator')).map((x) => x.name), ['Meridian Financial Supervision'], 'the demo has a regulator');
  for (const x of r.members) assert.match(x.apiKey, /^tck_/, `${x.name}'s sign-in key`);
  assert.equal((r as DemoResult & { consoleUrl: string | null }).consoleUrl, null, 'an embedded platform is gone once the demo ends');
  assert.equal(r.matured, true);
  // Σ XT conserved: what the bank gateway credited is exactly what the members hold now (nothing left in settlement).
  const held = r.balances.reduce((s, b) => s + BigInt(b.balance), 0n);
  assert.equal(r.inSettlement, '0');
  assert.equal(held + BigInt(r.inSettlement), BigInt(r.deposited));
  assert.equal(BigInt(r.totalSupply), BigInt(r.deposited), 'a fresh platform holds only the XT this run deposited');

  // Both settlements fully paid and distributed; every unit redeemed and burned.
  for (const t of [r.trace, r.payableTrace]) {
    assert.equal(t.settlement.status, 'paid');
    assert.equal(t.settlement.distributed, t.settlement.face);
    for (const n of t.nodes) {
      assert.equal(n.totalSupply, '0', `claim ${n.id} still has units`);
      assert.deepEqual(n.holders, []);
    }
  }
  for (const b of r.balances) assert.equal(b.claimsHeld, '0', `${b.name} still holds claims`);

  // The main claim's tree: issued to tier 1, split down to tier 3, one narrowing modification, two sales, redemptions.
  const kinds = r.trace.edges.map((e) => e.kind);
  assert.equal(kinds.filter((k) => k === 'issue').length, 1);
  assert.equal(kinds.filter((k) => k === 'transfer').length, 4);
  assert.equal(kinds.filter((k) => k === 'modify').length, 1);
  assert.equal(kinds.filter((k) => k === 'sale').length, 2);
  assert.equal(r.trace.nodes.length, 2);
  const child = r.trace.nodes.find((n) => n.depth === 1)!;
  const parent = r.trace.nodes.find((n) => n.depth === 0)!;
  assert.equal(child.id, r.claims.child);
  assert.ok(child.dueDate > parent.dueDate && child.lateRateBps < parent.lateRateBps && child.maxHops < parent.maxHops, 'the modification narrows');
  assert.equal(Math.max(...r.trace.edges.map((e) => e.to?.hops ?? 0)), 3, 'units travelled three hops (tier 1 → 2 → 3 → funder)');
  // Redemptions pay every unit of the face once.
  const redeemed = (t: DemoResult['trace']) => t.edges.filter((e) => e.kind === 'redeem').reduce((s, e) => s + BigInt(e.price ?? '0'), 0n);
  assert.equal(redeemed(r.trace), BigInt(r.trace.settlement.face));
  assert.equal(redeemed(r.payableTrace), BigInt(r.payableTrace.settlement.face));

  // Each funder earned exactly the discounts of what it bought (it paid the price, it was redeemed at face).
  const byName = new Map(r.balances.map((b) => [b.name, b]));
  const deposits: Record<string, bigint> = { 'Jade River Bank': 300_000_000n, 'Keystone Trade Capital': 300_000_000n };
  for (const [funder, deposit] of Object.entries(deposits)) {
    const address = byName.get(funder)!.address.toLowerCase();
    const discounts = r.trace.edges
      .filter((e) => e.kind === 'sale' && e.to?.address?.toLowerCase() === address)
      .reduce((s, e) => s + BigInt(e.discount ?? '0'), 0n);
    assert.ok(discounts > 0n, `${funder} bought something`);
    assert.equal(BigInt(byName.get(funder)!.balance), deposit + discounts, funder);
  }
});

test('tierchain demo explains what it needs', () => {
  const usage = tierchain(['demo', '--embedded', '--url', 'http://127.0.0.1:9']);
  assert.equal(usage.status, 2, usage.stderr);
  const noPlatform = tierchain(['demo', '--url', 'http://127.0.0.1:9', '--key', 'tc_nothing']);
  assert.equal(noPlatform.status, 1, noPlatform.stderr);
  assert.match(noPlatform.stderr, /no Tierchain platform answers at http:\/\/127\.0\.0\.1:9/);
  const noKey = tierchain(['demo', '--url', 'http://127.0.0.1:9'], { TIERCHAIN_DATA_DIR: '/nonexistent-tierchain-dir', TIERCHAIN_API_KEY: '' });
  assert.equal(noKey.status, 1, noKey.stderr);
  assert.match(noKey.stderr, /no API key/);
});
