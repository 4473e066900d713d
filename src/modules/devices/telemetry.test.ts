/**
 * Telemetry end to end on a whole platform (embedded anvil, PGlite, the embedded MQTT broker): readings over MQTT and
 * HTTP stored, batched and anchored, each proved against its anchored root off-chain and by the contract; every
 * refusal (forged signature, unknown device, replayed or older sequence number, malformed) answered, counted and
 * never stored; the regulator's monitor.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { onboard, startTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { assertError, waitFor } from '../../../test/support/e2e.ts';
import { connectPublisher, registerDevices, setUpManufacturer, signed, type TestDevice } from '../../../test/support/devices.ts';
import { setPermittedArea } from './index.ts';
import { devicesCreditFacts } from './credit.ts';

describe('telemetry through the embedded broker and HTTP', () => {
  let t: TestPlatform;
  let maker: { apiKey: string };
  let devices: TestDevice[];
  let pub: Awaited<ReturnType<typeof connectPublisher>>;
  before(async () => {
    t = await startTestPlatform({ env: { TIERCHAIN_TELEMETRY_BATCH_SIZE: '8', TIERCHAIN_TELEMETRY_BATCH_MS: '200' } });
    maker = await setUpManufacturer(t);
    devices = await registerDevices(t, maker, 3);
    assert.match(String(t.services.devices?.mqtt), /^mqtt:\/\/127\.0\.0\.1:\d+$/);
    pub = await connectPublisher(String(t.services.devices!.mqtt));
  });
  after(async () => {
    await pub?.end();
    await t?.close();
  });

  const count = async (sql: string, params: unknown[] = []) => Number((await t.db.query<{ n: string }>(`SELECT count(*)::text AS n FROM (${sql}) x`, params)).rows[0]!.n);

  test('readings over MQTT and HTTP are stored before the acknowledgement, anchored in batches, and each proves against its anchored root on-chain', async () => {
    for (const d of devices) {
      for (let seq = 1; seq <= 5; seq++) {
        await pub.publish(await signed(d, seq));
        // The PUBACK came: the reading is in the database already.
        assert.equal(await count('SELECT 1 FROM telemetry_readings WHERE device_id = $1 AND seq = $2', [d.deviceId, seq]), 1);
      }
    }
    const http = await t.api('POST', '/v1/telemetry/readings', { key: maker.apiKey, body: await signed(devices[0]!, 6, { status: 1 }) });
    assert.equal(http.status, 202, JSON.stringify(http.body));
    assert.equal(http.body.seq, '6');
    const anchors = await waitFor('every reading anchored', async () => {
      const r = await t.api('GET', '/v1/telemetry/anchors', { key: maker.apiKey });
      const anchored = r.body.items.reduce((n: number, a: { count: number }) => n + a.count, 0);
      return anchored === 16 && r.body.pending.unbatched === 0 && r.body.pending.batches === 0 ? r.body : undefined;
    }, 60_000);
    assert.ok(anchors.items.length >= 2, 'batches of at most 8');
    assert.ok(anchors.items.every((a: { count: number }) => a.count <= 8));

    for (const [d, seq] of [[devices[0]!, 6], [devices[1]!, 3], [devices[2]!, 1]] as const) {
      const proof = await t.api('GET', `/v1/devices/${d.deviceId}/readings/${seq}/proof`, { key: maker.apiKey });
      assert.equal(proof.status, 200, JSON.stringify(proof.body));
      assert.equal(proof.body.anchored, true);
      assert.equal(proof.body.verifiedOffChain, true);
      assert.equal(proof.body.verifiedOnChain, true, 'TelemetryAnchor.isAnchored');
    }
    const device = await t.api('GET', `/v1/devices/${devices[0]!.deviceId}`, { key: maker.apiKey });
    assert.equal(device.body.readings, 6);
    assert.equal(device.body.anchoredReadings, 6);
    assert.equal(device.body.lastReading.status, 1);
    const readings = await t.api('GET', `/v1/devices/${devices[0]!.deviceId}/readings`, { key: maker.apiKey });
    assert.deepEqual(readings.body.items.map((r: { seq: string }) => r.seq), ['1', '2', '3', '4', '5', '6']);
    assert.ok(readings.body.items.every((r: { batchNumber: string | null }) => r.batchNumber !== null));
    // No reading is in two batches.
    assert.equal(await count('SELECT leaf FROM telemetry_readings GROUP BY leaf HAVING count(DISTINCT batch_id) > 1'), 0);
  });

  test('refuses a forged signature, an unknown device, a replayed or older sequence number and a malformed reading, answering and counting each; none is stored', async () => {
    const d = devices[1]!;
    const before = await count('SELECT 1 FROM telemetry_readings');
    const forger = privateKeyToAccount(generatePrivateKey());
    const stranger = { deviceId: `0x${'ab'.repeat(32)}`, key: forger, serial: 'NONE' };
    await pub.publish(await signed(d, 10, {}, forger));
    await pub.publish(await signed(d, 5));
    await pub.publish(await signed(d, 2));
    await pub.publish(await signed(stranger, 1));
    await pub.publish({ deviceId: d.deviceId, seq: 'x' }, d.deviceId);
    const mqttReasons = await waitFor('five refusals published back', async () => (pub.rejections.length >= 5 ? pub.rejections.map((r) => r.reason) : undefined));
    assert.deepEqual(mqttReasons, ['bad_signature', 'replayed_sequence', 'replayed_sequence', 'unknown_device', 'malformed']);

    const post = async (body: unknown) => t.api('POST', '/v1/telemetry/readings', { key: maker.apiKey, body });
    const forged = await post(await signed(d, 11, {}, forger));
    assert.equal(forged.status, 422);
    assert.equal(forged.body.error.code, 'bad_signature');
    const replayed = await post(await signed(d, 5));
    assert.equal(replayed.status, 409);
    assert.equal(replayed.body.error.code, 'replayed_sequence');
    const unknown = await post(await signed(stranger, 2));
    assert.equal(unknown.status, 422);
    assert.equal(unknown.body.error.code, 'unknown_device');
    const tampered = { ...(await signed(d, 12)), usageMilliHours: '1' };
    assert.equal((await post(tampered)).body.error?.code, 'bad_signature', 'a reading changed after signing');
    assert.equal((await post({ ...(await signed(d, 13)), latE6: 91_000_000 })).status, 400);

    assert.equal(await count('SELECT 1 FROM telemetry_readings'), before, 'nothing refused is stored');
    const stats = await t.api('GET', '/v1/telemetry/stats', { key: maker.apiKey });
    assert.deepEqual(stats.body.rejected, { malformed: 1, unknown_device: 2, bad_signature: 3, replayed_sequence: 3 });
    assert.equal(stats.body.accepted, before);
    assert.equal(stats.body.mqtt.embedded, true);
    // The next reading in order is accepted again.
    assert.equal((await post(await signed(d, 6))).status, 202);
  });

  test('the monitor lists devices offline, in fault, or outside the area a lease permits', async () => {
    const [a, b, c] = devices as [TestDevice, TestDevice, TestDevice];
    await setPermittedArea(t.db, b.deviceId, { minLatE6: 30_000_000, maxLatE6: 31_000_000, minLonE6: 120_000_000, maxLonE6: 122_000_000, reference: 'lease L-1' });
    await pub.publish(await signed(a, 20, { status: 2 }));
    await pub.publish(await signed(b, 20));
    const monitor = async (offline: number) => (await t.api('GET', `/v1/telemetry/monitor?offlineAfterSeconds=${offline}`)).body;
    const m = await monitor(3600);
    const kinds = (id: string) => m.items.filter((i: { deviceId: string }) => i.deviceId === id).map((i: { kind: string }) => i.kind);
    assert.deepEqual(kinds(a.deviceId), ['fault']);
    assert.deepEqual(kinds(b.deviceId), ['outside_area']);
    assert.deepEqual(kinds(c.deviceId), []);
    await new Promise((r) => setTimeout(r, 1100));
    const later = await monitor(1);
    assert.ok(later.items.some((i: { deviceId: string; kind: string }) => i.deviceId === c.deviceId && i.kind === 'offline'));
    assert.equal((await t.api('GET', '/v1/telemetry/monitor', { key: maker.apiKey })).status, 403, 'the monitor is the operator\'s and the regulator\'s');
  });

  test('a device\'s permitted area is set through the API by its manufacturer, refusals naming the field; outside it the monitor alerts, cleared it does not', async () => {
    const c = devices[2]!;
    const other = await onboard(t, { name: 'Another Device Works', roles: ['manufacturer'] });
    const path = `/v1/devices/${c.deviceId}/area`;
    const area = { minLatE6: 31_000_000, maxLatE6: 31_100_000, minLonE6: 121_000_000, maxLonE6: 121_500_000, reference: 'lease L-2 site' };
    const put = (key: string, body: unknown) => t.api('PUT', path, { key, body });
    assertError(await put(maker.apiKey, { ...area, maxLatE6: 30_000_000 }), 400, 'validation_failed', 'body.maxLatE6');
    assertError(await put(maker.apiKey, { ...area, maxLonE6: 120_000_000 }), 400, 'validation_failed', 'body.maxLonE6');
    assertError(await put(maker.apiKey, { ...area, minLonE6: 181_000_000 }), 400, 'validation_failed', 'body.minLonE6');
    assertError(await put(maker.apiKey, { ...area, minLatE6: '31' }), 400, 'validation_failed', 'body.minLatE6');
    assertError(await put(other.apiKey, area), 403, 'forbidden', 'deviceId');
    assertError(await t.api('PUT', `/v1/devices/0x${'cd'.repeat(32)}/area`, { key: maker.apiKey, body: area }), 404, 'device_not_found');
    const set = await put(maker.apiKey, area);
    assert.equal(set.status, 200, JSON.stringify(set.body));
    assert.deepEqual(set.body, { deviceId: c.deviceId.toLowerCase(), ...area });
    const { setAt, ...shown } = (await t.api('GET', `/v1/devices/${c.deviceId}`, { key: other.apiKey })).body.permittedArea;
    assert.deepEqual(shown, area);
    assert.ok(Date.parse(setAt) > 0);

    // The device reports from 31.23° N: north of the area.
    await pub.publish(await signed(c, 6));
    const alerts = async () => (await t.api('GET', '/v1/telemetry/monitor?offlineAfterSeconds=3600')).body.items.filter((i: { deviceId: string; kind: string }) => i.deviceId === c.deviceId && i.kind === 'outside_area');
    const [alert] = await alerts();
    assert.match(alert.detail, /at 31\.230416, 121\.473701, outside the area lease L-2 site permits/);
    assert.equal((await t.api('DELETE', path, { key: other.apiKey })).status, 403);
    assert.equal((await t.api('DELETE', path, { key: maker.apiKey })).status, 204);
    assert.deepEqual(await alerts(), [], 'no area, no alert');
    assert.equal((await t.api('GET', `/v1/devices/${c.deviceId}`, { key: maker.apiKey })).body.permittedArea, null);
  });

  test('a manufacturer\'s deposit counts in its credit history as volume, a slashed one as a default', async () => {
    // The read model as DepositPosted and DepositSlashed leave it (the projections are the contract tests' events).
    await t.db.query("INSERT INTO device_deposits (manufacturer, total, slashed) VALUES ('0x00000000000000000000000000000000000000a1', 500000, 0), ('0x00000000000000000000000000000000000000a2', 400000, 100000)");
    const facts = await devicesCreditFacts(t.db, { members: ['0x00000000000000000000000000000000000000A1', '0x00000000000000000000000000000000000000a2', '0x00000000000000000000000000000000000000a3'], asOf: new Date() });
    assert.deepEqual(facts.get('0x00000000000000000000000000000000000000a1'), { volume: 500_000n, defaults: 0 });
    assert.deepEqual(facts.get('0x00000000000000000000000000000000000000a2'), { volume: 400_000n, defaults: 1 });
    assert.equal(facts.has('0x00000000000000000000000000000000000000a3'), false);
  });
});
