/**
 * Readings accepted before a kill -9 of the whole service (a real `tierchain start`: platform, embedded anvil and all)
 * are anchored after the restart: none lost, none in two batches, no root anchored twice. Before the kill, some
 * readings were already cut into batches whose anchor commands sat in the outbox (perhaps sent, perhaps mined in
 * blocks the chain then lost), and some were stored but in no batch yet.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPublicClient, http, type Address } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { startService, type ServiceProcess } from '../../../bench/lib/service.ts';
import { createTierchainClient } from '../../sdk/index.ts';
import { waitFor } from '../../../test/support/e2e.ts';
import { connectPublisher, signed, type TestDevice } from '../../../test/support/devices.ts';
import { telemetryAnchorAbi } from './generated/index.ts';

test('readings accepted before a kill -9 of the whole service are anchored after the restart: none lost, none twice', { timeout: 300_000 }, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tierchain-telemetry-kill-'));
  let s: ServiceProcess | undefined;
  try {
    s = await startService({ dataDir, env: { TIERCHAIN_TELEMETRY_BATCH_SIZE: '5', TIERCHAIN_TELEMETRY_BATCH_MS: '3600000' } });
    const operator = createTierchainClient({ baseUrl: s.url, apiKey: s.apiKey! });
    const maker = await operator.members.create({ name: 'Kill Test Machine Works', registrationNumber: 'KILL-MW-1', roles: ['manufacturer'] }, { wait: true });
    const asMaker = operator.withApiKey(maker.apiKey!);
    const devices: TestDevice[] = [];
    for (let i = 0; i < 2; i++) {
      const key = privateKeyToAccount(generatePrivateKey());
      const r = await asMaker.devices.register({ equipmentType: 'cnc-mill', model: 'VMC-850', serial: `KILL-${i}`, deviceKey: key.address, salvageValue: '0' }, { wait: true });
      devices.push({ deviceId: r.deviceId, key, serial: `KILL-${i}` });
    }
    // The embedded chain dumps its state every 5 s; a kill before the first dump that holds the deployment and the
    // devices would restart an empty chain (which the platform refuses). Wait for one, then publish and kill.
    const registered = Date.now();
    await waitFor('a chain state dump after the devices were registered', async () => {
      try {
        return statSync(join(dataDir, 'chain', 'state.json')).mtimeMs > registered + 100 ? true : undefined;
      } catch {
        return undefined;
      }
    }, 30_000);
    const pub = await connectPublisher((await operator.telemetry.stats()).mqtt!.url);
    for (let seq = 1; seq <= 6; seq++) for (const d of devices) await pub.publish(await signed(d, seq));
    await pub.end().catch(() => {});
    // Every PUBACK came: 12 readings stored. Two batches of five were cut at once; two readings wait for an hour.
    await s.killAll();

    s = await startService({ dataDir, env: { TIERCHAIN_TELEMETRY_BATCH_SIZE: '5', TIERCHAIN_TELEMETRY_BATCH_MS: '200' } });
    const again = createTierchainClient({ baseUrl: s.url, apiKey: s.apiKey! });
    const anchors = await waitFor('every reading anchored after the restart', async () => {
      const a = await again.telemetry.anchors();
      return a.pending.unbatched === 0 && a.pending.batches === 0 && a.items.reduce((n, x) => n + x.count, 0) === 12 ? a : undefined;
    }, 120_000);
    assert.equal(anchors.items.length, 3, 'two batches from before the kill, one after');
    assert.equal(new Set(anchors.items.map((a) => a.root)).size, 3, 'no root anchored twice');
    const client = createPublicClient({ transport: http(s.rpcUrl) });
    const onChain = await client.readContract({ address: s.contracts.TelemetryAnchor as Address, abi: telemetryAnchorAbi, functionName: 'batchCount' });
    assert.equal(onChain, 3n, 'the chain holds three batches, each once');
    for (const d of devices) {
      const readings = await again.devices.readings(d.deviceId);
      assert.deepEqual(readings.items.map((r) => r.seq), ['1', '2', '3', '4', '5', '6'], 'none lost');
      for (const seq of ['1', '6']) assert.equal((await again.devices.proof(d.deviceId, seq)).verifiedOnChain, true);
    }
  } finally {
    await s?.stop().catch(() => {});
    rmSync(dataDir, { recursive: true, force: true });
  }
});
