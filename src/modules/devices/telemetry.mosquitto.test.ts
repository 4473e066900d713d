/**
 * Telemetry through an external broker: Debian's mosquitto (/usr/sbin/mosquitto, .ci/run installs it), started here on
 * a free port with its own configuration and stopped by pid. The platform subscribes (TIERCHAIN_MQTT_URL) with QoS 1 in
 * a persistent session: readings are stored, anchored and proved; a refusal comes back through mosquitto; and readings
 * published while the platform is down are queued by mosquitto for its session and stored once it is back.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { startTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { waitFor } from '../../../test/support/e2e.ts';
import { connectPublisher, registerDevices, setUpManufacturer, signed, type TestDevice } from '../../../test/support/devices.ts';

const MOSQUITTO = '/usr/sbin/mosquitto';

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const c = createConnection({ port, host: '127.0.0.1' }, () => {
      c.destroy();
      resolve(true);
    });
    c.once('error', () => resolve(false));
  });

describe('telemetry through Debian\'s mosquitto', () => {
  let dir: string;
  let broker: ChildProcess;
  let url: string;
  let t: TestPlatform | undefined;
  let dataDir: string;
  let devices: TestDevice[];
  let pub: Awaited<ReturnType<typeof connectPublisher>>;
  const env = () => ({ TIERCHAIN_MQTT_URL: url, TIERCHAIN_MQTT_CLIENT_ID: `tierchain-test-${process.pid}`, TIERCHAIN_TELEMETRY_BATCH_SIZE: '4', TIERCHAIN_TELEMETRY_BATCH_MS: '200' });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tierchain-mosquitto-'));
    const port = await freePort();
    writeFileSync(join(dir, 'mosquitto.conf'), `listener ${port} 127.0.0.1\nallow_anonymous true\npersistence false\nmax_queued_messages 10000\n`);
    broker = spawn(MOSQUITTO, ['-c', join(dir, 'mosquitto.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    broker.stderr!.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    await waitFor(`mosquitto listening on ${port} (${stderr})`, async () => (broker.exitCode === null ? accepts(port) : assert.fail(`mosquitto exited: ${stderr}`)), 10_000);
    url = `mqtt://127.0.0.1:${port}`;
    dataDir = mkdtempSync(join(tmpdir(), 'tierchain-mosquitto-platform-'));
    t = await startTestPlatform({ dataDir, env: env() });
    const maker = await setUpManufacturer(t);
    devices = await registerDevices(t, maker, 2);
    pub = await connectPublisher(url);
  });
  after(async () => {
    await pub?.end();
    await t?.close();
    if (broker?.pid && broker.exitCode === null) {
      process.kill(broker.pid, 'SIGTERM');
      await new Promise((r) => broker.once('exit', r));
    }
    rmSync(dir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  const stored = async (p: TestPlatform) => Number((await p.db.query<{ n: string }>('SELECT count(*)::text AS n FROM telemetry_readings')).rows[0]!.n);

  test('readings through mosquitto are stored, anchored and proved; a forged one is refused back through it', async () => {
    assert.equal(t!.services.devices!.broker, 'external');
    assert.equal(t!.services.devices!.mqtt, url);
    for (const d of devices) for (let seq = 1; seq <= 4; seq++) await pub.publish(await signed(d, seq));
    await pub.publish(await signed(devices[0]!, 9, {}, privateKeyToAccount(generatePrivateKey())));
    await waitFor('8 readings stored', async () => (await stored(t!)) === 8);
    const rejection = await waitFor('the refusal published back', async () => pub.rejections[0]);
    assert.equal(rejection.reason, 'bad_signature');
    await waitFor('all anchored', async () => {
      const r = await t!.api('GET', '/v1/telemetry/anchors');
      return r.body.items.reduce((n: number, a: { count: number }) => n + a.count, 0) === 8;
    }, 60_000);
    const proof = await t!.api('GET', `/v1/devices/${devices[1]!.deviceId}/readings/4/proof`);
    assert.equal(proof.body.verifiedOnChain, true);
    assert.equal((await t!.api('GET', '/v1/telemetry/stats')).body.mqtt.embedded, false);
  });

  test('readings published while the platform is down wait in mosquitto for its session and are stored, once each, when it is back', async () => {
    await t!.close({ keepData: true });
    t = undefined;
    for (const d of devices) for (let seq = 5; seq <= 7; seq++) await pub.publish(await signed(d, seq));
    t = await startTestPlatform({ dataDir, env: env() });
    await waitFor('the 6 queued readings stored', async () => (await stored(t!)) === 14, 30_000);
    const dup = await t.db.query<{ n: string }>('SELECT count(*)::text AS n FROM (SELECT device_id, seq FROM telemetry_readings GROUP BY 1, 2 HAVING count(*) > 1) x');
    assert.equal(dup.rows[0]!.n, '0');
  });
});
