/**
 * `tierchain leases usage-rent`, `leases default` and `devices area` as a user runs them: a platform in this process,
 * the lease and the device's readings set up through the API, each command spawned against it with the member's key.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { keccak256, toHex } from 'viem';
import { onboard, startTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { postConfirmed, waitFor } from '../../../test/support/e2e.ts';
import { registerDevices, signed, type TestDevice } from '../../../test/support/devices.ts';
import { chainTime, DAY, depositXt, formConsortium, setChainTime, type Member } from '../../../test/support/receivables.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
const BIN = join(ROOT, 'bin', 'tierchain.mjs');

/** The environment without the Tierchain settings of the machine running the tests. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('TIERCHAIN_') && k !== 'DATABASE_URL' && k !== 'NODE_TEST_CONTEXT') env[k] = v;
  return { ...env, TIERCHAIN_DATA_DIR: join(ROOT, '.nonexistent-leasing-cli-test-dir') };
}

describe('tierchain leases usage-rent | default, devices area', { timeout: 600_000 }, () => {
  let t: TestPlatform;
  let maker: Member, lessee: Member;
  let device: TestDevice;
  const leaseId = keccak256(toHex('cli-usage-lease'));

  const cli = (args: string[], key: string) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, ...args, '--url', t.url!, '--key', key], { cwd: ROOT, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
      child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      child.once('error', reject);
      child.once('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
    });
  const ok = async (args: string[], key: string) => {
    const r = await cli(args, key);
    assert.equal(r.code, 0, `tierchain ${args.join(' ')} exited ${r.code}\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}`);
    return r;
  };

  before(async () => {
    t = await startTestPlatform({ env: { TIERCHAIN_TELEMETRY_BATCH_MS: '200' } });
    let core: Member, inv: Member, bank: Member;
    [core, maker, lessee, inv, bank] = await Promise.all([
      onboard(t, { name: 'CLI Lease Core', roles: ['core_enterprise'] }),
      onboard(t, { name: 'CLI Mills', roles: ['manufacturer'] }),
      onboard(t, { name: 'CLI Workshop', roles: ['lessee'] }),
      onboard(t, { name: 'CLI Fund', roles: ['funder', 'investor'] }),
      onboard(t, { name: 'CLI Bank', roles: ['bank_gateway'] }),
    ]);
    const consortiumId = await formConsortium(t, core, [maker, lessee, inv]);
    await Promise.all([depositXt(t, bank, lessee, 1_000_000n), depositXt(t, bank, inv, 1_000_000n)]);
    [device] = (await registerDevices(t, maker, 1, 'CLI')) as [TestDevice];
    await postConfirmed(t, '/v1/leases', {
      key: maker.apiKey,
      body: {
        leaseId, deviceId: device.deviceId, lessee: lessee.address, consortiumId, price: '500000', rentPerPeriod: '1000', usageRatePerHour: '2500', deposit: '10000',
        periodDays: 30, periods: 2, lateRateBps: 0, fundingDeadline: new Date(((await chainTime(t)) + 10 * DAY) * 1000).toISOString(),
      },
    });
    await postConfirmed(t, `/v1/leases/${leaseId}/accept`, { key: lessee.apiKey });
    await postConfirmed(t, `/v1/leases/${leaseId}/fund`, { key: inv.apiKey, body: { amount: '500000' } });
    const start = Date.parse((await t.api('GET', `/v1/leases/${leaseId}`, { key: lessee.apiKey })).body.startDay) / 1000;
    for (const [seq, time, usage] of [[1, start + 600, 2_000n], [2, start + 30 * DAY + 600, 10_500n]] as const) {
      const r = await t.api('POST', '/v1/telemetry/readings', { key: maker.apiKey, body: await signed(device, seq, { time, usageMilliHours: usage }) });
      assert.equal(r.status, 202, JSON.stringify(r.body));
    }
    await waitFor('the readings anchored', async () => (await t.api('GET', `/v1/devices/${device.deviceId}`, { key: maker.apiKey })).body.anchoredReadings === 2, 30_000);
    await setChainTime(t, start + 30 * DAY + 3600);
  });

  after(async () => {
    await t?.close();
  });

  test('leases usage-rent: the quote, then the payment with the proofs the platform assembles; default refused while rent is current', async () => {
    const quote = JSON.parse((await ok(['leases', 'usage-rent', leaseId, '--quote', '--json'], lessee.apiKey)).stdout);
    // 8,500 milli-hours × 2,500 per hour = 21,250.
    assert.deepEqual([quote.from.seq, quote.to.seq, quote.usageMilliHours, quote.usageRent, quote.total], ['1', '2', '8500', '21250', '22250']);
    const paid = await ok(['leases', 'usage-rent', leaseId], lessee.apiKey);
    assert.match(paid.stdout, /paid the usage rent of lease 0x[0-9a-f]{64}: period 1: 8500 milli-hours \(readings 1 → 2/);
    const payments = JSON.parse((await ok(['leases', 'payments', leaseId, '--json'], lessee.apiKey)).stdout);
    assert.deepEqual(payments.map((p: { period: number; usageRent: string }) => [p.period, p.usageRent]), [[1, '21250']]);
    const again = await cli(['leases', 'usage-rent', leaseId], lessee.apiKey);
    assert.equal(again.code, 1, again.stderr);
    assert.match(again.stderr, /UsageReadingMissing: .*no reading taken on or after .* period 2's due day, yet \(field toSeq\)/);
    const early = await cli(['leases', 'default', leaseId], maker.apiKey);
    assert.equal(early.code, 1, early.stderr);
    assert.match(early.stderr, /LeaseNotInDefault: .*\(field leaseId\)/);
  });

  test('devices area: the manufacturer sets and clears a device\'s permitted area; south above north is refused naming the field', async () => {
    const set = JSON.parse((await ok(['devices', 'area', device.deviceId, '--lat', '31.20,31.26', '--lon', '121.44,121.50', '--reference', 'Workshop site', '--json'], maker.apiKey)).stdout);
    assert.deepEqual(set, { deviceId: device.deviceId.toLowerCase(), minLatE6: 31_200_000, maxLatE6: 31_260_000, minLonE6: 121_440_000, maxLonE6: 121_500_000, reference: 'Workshop site' });
    const wrong = await cli(['devices', 'area', device.deviceId, '--lat', '31.26,31.20', '--lon', '121.44,121.50'], maker.apiKey);
    assert.equal(wrong.code, 1, wrong.stderr);
    assert.match(wrong.stderr, /validation_failed: .*\(field body\.maxLatE6\)/);
    const notHis = await cli(['devices', 'area', device.deviceId, '--clear'], lessee.apiKey);
    assert.equal(notHis.code, 1);
    assert.match(notHis.stderr, /forbidden: only the operator, the device's manufacturer/);
    await ok(['devices', 'area', device.deviceId, '--clear'], maker.apiKey);
    assert.equal((await t.api('GET', `/v1/devices/${device.deviceId}`, { key: maker.apiKey })).body.permittedArea, null);
  });
});
