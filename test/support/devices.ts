/**
 * Devices for the platform tests: a manufacturer onboarded, devices registered through the API with keys of their own,
 * signed readings, and an MQTT publisher that waits for each PUBACK and listens to its rejections.
 */
import mqtt, { type MqttClient } from 'mqtt';
import { generatePrivateKey, privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts';
import { onboard, type TestPlatform } from './platform.ts';
import { postConfirmed } from './e2e.ts';
import { signReading, type Reading } from '../../src/modules/devices/telemetry/reading.ts';
import { readingJson, type SignedReadingJson } from '../../src/modules/devices/telemetry/ingest.ts';
import { readingsTopic } from '../../src/modules/devices/telemetry/mqtt.ts';

export interface TestDevice {
  deviceId: string;
  key: PrivateKeyAccount;
  serial: string;
}

export async function setUpManufacturer(t: TestPlatform, name = 'Device Works') {
  return onboard(t, { name, roles: ['manufacturer'] });
}

export async function registerDevices(t: TestPlatform, maker: { apiKey: string }, n: number, prefix = 'SN'): Promise<TestDevice[]> {
  const out: TestDevice[] = [];
  for (let i = 0; i < n; i++) {
    const key = privateKeyToAccount(generatePrivateKey());
    const serial = `${prefix}-${i + 1}-${Math.random().toString(36).slice(2, 8)}`.toUpperCase();
    const r = await postConfirmed(t, '/v1/devices', { key: maker.apiKey, body: { equipmentType: 'cnc-mill', model: 'VMC-850', serial, deviceKey: key.address, salvageValue: '120000' } });
    out.push({ deviceId: r.body.deviceId, key, serial });
  }
  return out;
}

export const baseReading = (d: TestDevice, seq: number, over: Partial<Reading> = {}): Reading => ({
  deviceId: BigInt(d.deviceId), seq: BigInt(seq), time: 1_900_000_000 + seq * 60, usageMilliHours: BigInt(seq * 1000), latE6: 31_230_416, lonE6: 121_473_701, status: 0, ...over,
});

export async function signed(d: TestDevice, seq: number, over: Partial<Reading> = {}, signer: PrivateKeyAccount = d.key): Promise<SignedReadingJson> {
  const r = baseReading(d, seq, over);
  return readingJson(r, await signReading(signer, r));
}

/** An MQTT device (or many) on one connection: publishes with QoS 1 and collects what the platform sends back. */
export async function connectPublisher(url: string, clientId = `test-${Math.random().toString(36).slice(2)}`) {
  const client: MqttClient = await mqtt.connectAsync(url, { clientId, reconnectPeriod: 0 });
  const rejections: Array<{ deviceId: string; reason: string; seq: string | null; detail: string }> = [];
  await client.subscribeAsync('tierchain/devices/+/rejected', { qos: 1 });
  client.on('message', (topic, payload) => {
    const body = JSON.parse(payload.toString('utf8'));
    rejections.push({ deviceId: topic.split('/')[2]!, reason: body.reason, seq: body.seq, detail: body.detail });
  });
  return {
    client,
    rejections,
    /** Resolves on the broker's PUBACK. */
    publish: (reading: SignedReadingJson | object, deviceId = (reading as SignedReadingJson).deviceId) =>
      client.publishAsync(readingsTopic(deviceId), JSON.stringify(reading), { qos: 1 }),
    end: () => client.endAsync(),
  };
}
