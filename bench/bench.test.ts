import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { postgresForTests } from '../test/support/databases.ts';

/**
 * Runs `tierchain bench --quick --json` (settlement at 10 holders only, small throughput samples) and checks
 * the shape of what it prints: exactly one JSON object, every figure a positive number. No timing assertions:
 * the figures depend on the machine.
 */
test('tierchain bench --quick --json prints one JSON object whose figures are all positive numbers', { timeout: 600_000 }, async () => {
  const root = new URL('..', import.meta.url).pathname;
  // With a PostgreSQL (always in CI), the instances' throughput is measured too; without one it is named as not measured.
  const databaseUrl = await postgresForTests();
  const run = spawnSync(process.execPath, ['bin/tierchain.mjs', 'bench', '--quick', '--json', '--raw', '60', '--api', '12', ...(databaseUrl ? ['--database-url', databaseUrl] : [])], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, TIERCHAIN_DEBUG: '1' },
    timeout: 590_000,
  });
  assert.equal(run.status, 0, `bench exited with ${run.status}\n--- stderr ---\n${run.stderr}`);
  // Progress goes to stderr; stdout is the JSON object alone.
  assert.match(run.stderr, /deploy .*gas/);
  const lines = run.stdout.trim().split('\n');
  assert.equal(lines.length, 1, `stdout must be one JSON line, got:\n${run.stdout}`);
  const r = JSON.parse(lines[0]!);

  assert.deepEqual(Object.keys(r).sort(), ['gas', 'meta', 'ratios', 'targets', 'telemetry', 'throughput']);
  const gasFigures = [
    'issue', 'submitTrade', 'confirmTrade', 'splitTransfer', 'splitTransferToExistingHolder', 'modify', 'financeSwap',
    'settlePerHolder', 'settlePerHolderAt10', 'settlePerHolderAt1000', 'deploySuite',
    'baselineErc1155Transfer', 'baselineErc1155TransferToExistingHolder', 'baselineErc20Transfer', 'baselineErc20TransferToExistingHolder',
    'registerGoods', 'lockAndDraw', 'liquidationBid', 'baselineErc721Mint', 'registerDevice',
    'p2pFund', 'poolDeposit', 'epochClosePerInvestorAt10', 'epochClosePerInvestorAt1000', 'waterfallPerTranche', 'rentSplitPerRecipient',
  ];
  for (const name of [...gasFigures, 'perContract']) assert.ok(name in r.gas, `gas.${name} is missing`);
  assert.deepEqual(Object.keys(r.gas.perContract).sort(), ['CertificateRegistry', 'ClaimMarket', 'ClaimPledges', 'CollateralVault', 'DeviceRegistry', 'DocumentRegistry', 'GoodsToken', 'LeaseBook', 'P2PListings', 'PoolGovernance', 'Receivables', 'ServiceProviders', 'SettlementToken', 'TelemetryAnchor', 'TierchainLedger', 'TranchedPools', 'configure']);

  // Quick mode measures settlement at 10 holders only: the 1,000-holder figure is the one thing left out, and said so.
  assert.equal(r.meta.quick, true);
  assert.deepEqual(Object.keys(r.meta.notMeasured), ['gas.settlePerHolderAt1000', 'gas.epochClosePerInvestorAt1000', ...(databaseUrl ? [] : ['throughput.apiSplitTransfersPerSecByInstances'])]);
  assert.equal(r.gas.settlePerHolderAt1000, null);
  assert.equal(r.gas.epochClosePerInvestorAt1000, null);
  assert.equal(r.gas.settlePerHolder, r.gas.settlePerHolderAt10);

  const positive = (path: string, value: unknown) =>
    assert.ok(typeof value === 'number' && Number.isFinite(value) && value > 0, `${path} must be a positive number, got ${JSON.stringify(value)}`);
  for (const name of gasFigures.filter((n) => n !== 'settlePerHolderAt1000' && n !== 'epochClosePerInvestorAt1000')) positive(`gas.${name}`, r.gas[name]);
  for (const [name, value] of Object.entries(r.gas.perContract)) positive(`gas.perContract.${name}`, value);
  assert.equal(r.gas.deploySuite, Object.values(r.gas.perContract as Record<string, number>).reduce((a, b) => a + b, 0));
  positive('throughput.rawErc20TransfersPerSec', r.throughput.rawErc20TransfersPerSec);
  for (const name of ['readingsPerSecIngested', 'gasPerAnchoredReading', 'batchSize']) positive(`telemetry.${name}`, r.telemetry[name]);
  positive('throughput.apiSplitTransfersPerSec', r.throughput.apiSplitTransfersPerSec);
  if (databaseUrl) {
    positive('throughput.apiSplitTransfersPerSecByInstances.1', r.throughput.apiSplitTransfersPerSecByInstances['1']);
    positive('throughput.apiSplitTransfersPerSecByInstances.2', r.throughput.apiSplitTransfersPerSecByInstances['2']);
  } else {
    assert.equal(r.throughput.apiSplitTransfersPerSecByInstances, null);
    assert.equal(r.ratios.twoInstancesVsOne, null);
  }
  for (const [name, value] of Object.entries(r.ratios)) if (databaseUrl || name !== 'twoInstancesVsOne') positive(`ratios.${name}`, value);

  for (const [name, t] of Object.entries(r.targets as Record<string, { value: unknown; pass: unknown; max?: unknown; min?: unknown }>)) {
    positive(`targets.${name}.value`, t.value);
    positive(`targets.${name}.${'max' in t ? 'max' : 'min'}`, t.max ?? t.min);
    assert.equal(typeof t.pass, 'boolean', `targets.${name}.pass`);
  }
  assert.equal(r.targets.deploySuite.value, r.gas.deploySuite);
  assert.equal(r.targets.splitTransferVsErc1155.value, r.ratios.splitTransferVsErc1155);

  assert.ok(!Number.isNaN(Date.parse(r.meta.date)), 'meta.date is a date');
  assert.equal(r.meta.node, process.version);
  assert.match(r.meta.anvilVersion, /anvil/);
  positive('meta.durationMs', r.meta.durationMs);
  assert.deepEqual(r.meta.samples, { rawErc20Transfers: 60, apiSplitTransfers: 12 });
});

/**
 * Runs `tierchain bench --faults --quick --json` with small runs and checks the shape of what it prints: one JSON
 * object with `faults.{wholeServiceKill, platformKill, chainPause, instanceKill}.{commands, lost, duplicated, recoverSeconds}` as
 * numbers. (test/faults/ checks the outcomes at full size; nothing here is timed.)
 */
test('tierchain bench --faults --json prints the fault figures of the four runs', { timeout: 900_000 }, async () => {
  const root = new URL('..', import.meta.url).pathname;
  const databaseUrl = await postgresForTests();
  const run = spawnSync(process.execPath, ['bin/tierchain.mjs', 'bench', '--faults', '--quick', '--json', '--commands', '200', '--pause', '3', ...(databaseUrl ? ['--database-url', databaseUrl] : [])], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, TIERCHAIN_DEBUG: '1' },
    timeout: 890_000,
  });
  assert.equal(run.status, 0, `bench --faults exited with ${run.status}\n--- stderr ---\n${run.stderr}`);
  const lines = run.stdout.trim().split('\n');
  assert.equal(lines.length, 1, `stdout must be one JSON line, got:\n${run.stdout}`);
  const r = JSON.parse(lines[0]!);
  assert.deepEqual(Object.keys(r).sort(), ['faults', 'meta']);
  assert.deepEqual(Object.keys(r.faults).sort(), ['chainPause', 'instanceKill', 'platformKill', 'wholeServiceKill']);
  if (!databaseUrl) {
    assert.equal(r.faults.instanceKill, null);
    assert.deepEqual(Object.keys(r.meta.notMeasured), ['faults.instanceKill']);
    delete r.faults.instanceKill;
  } else {
    assert.equal(r.faults.instanceKill.commands, 200);
    assert.deepEqual(r.meta.notMeasured, {});
  }
  for (const [name, f] of Object.entries(r.faults as Record<string, Record<string, unknown>>)) {
    for (const figure of ['commands', 'lost', 'duplicated', 'recoverSeconds']) {
      assert.ok(typeof f[figure] === 'number' && Number.isFinite(f[figure]), `faults.${name}.${figure} must be a number, got ${JSON.stringify(f[figure])}`);
    }
    assert.ok((f.commands as number) > 0, `faults.${name}.commands`);
  }
  assert.equal(r.faults.wholeServiceKill.commands, 200);
  assert.equal(r.faults.chainPause.pauseSeconds, 3);
  assert.equal(r.meta.quick, true);
});
