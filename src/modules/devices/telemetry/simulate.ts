/**
 * Simulated devices: N devices, each with a key of its own, registered through the API (by the manufacturer whose
 * client this is) and each on its own MQTT connection, publishing signed readings with QoS 1: sequence numbers in
 * order, the device's clock, an hour meter that runs, a position near a site, now and then a warning. What
 * `tierchain devices simulate` and the bench run.
 */
import mqtt, { type MqttClient } from 'mqtt';
import { generatePrivateKey, privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts';
import type { DevicesApi } from '../client.ts';
import { readingJson } from './ingest.ts';
import { readingsTopic, rejectedTopic } from './mqtt.ts';
import { signReading, type Reading } from './reading.ts';

export interface SimulateParameters {
  devices: Pick<DevicesApi, 'register'>;
  mqttUrl: string;
  count: number;
  /** Readings per device. */
  readings: number;
  /** Pause between two readings of one device. */
  intervalMs: number;
  /** Serial numbers are `<prefix>-<n>`; the default is unique per run. */
  serialPrefix?: string;
  equipmentType?: string;
  onProgress?: (p: SimulateProgress) => void;
}

export interface SimulateProgress {
  phase: 'registering' | 'publishing' | 'done';
  registered: number;
  published: number;
  acknowledged: number;
  refused: number;
  total: number;
}

export interface SimulateResult extends SimulateProgress {
  deviceIds: string[];
  /** From the first publish to the last PUBACK. */
  publishMs: number;
  refusals: Array<{ deviceId: string; reason: string; detail: string }>;
}

interface SimDevice {
  deviceId: string;
  key: PrivateKeyAccount;
  client: MqttClient;
}

export async function simulateDevices(p: SimulateParameters): Promise<SimulateResult> {
  const prefix = p.serialPrefix ?? `SIM-${Date.now().toString(36).toUpperCase()}`;
  const progress: SimulateProgress = { phase: 'registering', registered: 0, published: 0, acknowledged: 0, refused: 0, total: p.count * p.readings };
  const refusals: SimulateResult['refusals'] = [];
  const tell = () => p.onProgress?.({ ...progress });
  const keys = Array.from({ length: p.count }, () => privateKeyToAccount(generatePrivateKey()));
  // Registered ten at a time, each confirmed and indexed before its device publishes (an unconfirmed device is unknown).
  const ids: string[] = [];
  for (let i = 0; i < keys.length; i += 10) {
    const chunk = keys.slice(i, i + 10);
    const answers = await Promise.all(
      chunk.map((key, j) =>
        p.devices.register({ equipmentType: p.equipmentType ?? 'cnc-mill', model: 'SIM-1', serial: `${prefix}-${i + j + 1}`, deviceKey: key.address, salvageValue: '100000' }, { wait: true }),
      ),
    );
    ids.push(...answers.map((a) => a.deviceId));
    progress.registered = ids.length;
    tell();
  }
  const devices: SimDevice[] = [];
  try {
    for (let i = 0; i < keys.length; i++) {
      const client = await mqtt.connectAsync(p.mqttUrl, { clientId: `sim-${ids[i]!.slice(2, 18)}`, reconnectPeriod: 0 });
      await client.subscribeAsync(rejectedTopic(ids[i]!), { qos: 1 });
      client.on('message', (_topic, payload) => {
        const body = JSON.parse(payload.toString('utf8')) as { reason: string; detail: string };
        progress.refused++;
        refusals.push({ deviceId: ids[i]!, reason: body.reason, detail: body.detail });
      });
      devices.push({ deviceId: ids[i]!, key: keys[i]!, client });
    }
    progress.phase = 'publishing';
    const timer = setInterval(tell, 1000);
    const started = Date.now();
    const siteLat = 31_230_416;
    const siteLon = 121_473_701;
    try {
      await Promise.all(
        devices.map(async (d, i) => {
          let usage = BigInt(i * 10_000);
          for (let seq = 1; seq <= p.readings; seq++) {
            usage += BigInt(250 + ((seq * 37 + i) % 500));
            const r: Reading = {
              deviceId: BigInt(d.deviceId), seq: BigInt(seq), time: Math.floor(Date.now() / 1000), usageMilliHours: usage,
              latE6: siteLat + ((i * 97) % 2000) - 1000, lonE6: siteLon + ((i * 61) % 2000) - 1000, status: (seq + i) % 23 === 0 ? 1 : 0,
            };
            const body = JSON.stringify(readingJson(r, await signReading(d.key, r)));
            progress.published++;
            await d.client.publishAsync(readingsTopic(d.deviceId), body, { qos: 1 });
            progress.acknowledged++;
            if (p.intervalMs > 0 && seq < p.readings) await new Promise((res) => setTimeout(res, p.intervalMs));
          }
        }),
      );
    } finally {
      clearInterval(timer);
    }
    const publishMs = Date.now() - started;
    // Refusals come back asynchronously: give them a moment.
    await new Promise((res) => setTimeout(res, 200));
    progress.phase = 'done';
    tell();
    return { ...progress, deviceIds: ids, publishMs, refusals };
  } finally {
    await Promise.all(devices.map((d) => d.client.endAsync().catch(() => {})));
  }
}

/** One simulated device on an MQTT connection of its own: what a demo drives with readings it chooses. */
export interface SimulatedDevice {
  deviceId: string;
  /** Refusals the platform sent back on the device's `rejected` topic. */
  refusals: Array<{ reason: string; detail: string }>;
  /** Signs the reading with the device's key and publishes it with QoS 1; resolves on the PUBACK (stored by then). */
  publish(r: Omit<Reading, 'deviceId'>): Promise<void>;
  end(): Promise<void>;
}

export async function connectSimulatedDevice(p: { mqttUrl: string; deviceId: string; key: Pick<PrivateKeyAccount, 'signMessage'> }): Promise<SimulatedDevice> {
  const deviceId = p.deviceId.toLowerCase();
  const client = await mqtt.connectAsync(p.mqttUrl, { clientId: `sim-${deviceId.slice(2, 18)}-${Math.random().toString(36).slice(2, 8)}`, reconnectPeriod: 0 });
  const refusals: SimulatedDevice['refusals'] = [];
  try {
    await client.subscribeAsync(rejectedTopic(deviceId), { qos: 1 });
  } catch (error) {
    await client.endAsync().catch(() => {});
    throw error;
  }
  client.on('message', (_topic, payload) => {
    const body = JSON.parse(payload.toString('utf8')) as { reason: string; detail: string };
    refusals.push({ reason: body.reason, detail: body.detail });
  });
  return {
    deviceId,
    refusals,
    async publish(r) {
      const reading: Reading = { ...r, deviceId: BigInt(deviceId) };
      await client.publishAsync(readingsTopic(deviceId), JSON.stringify(readingJson(reading, await signReading(p.key, reading))), { qos: 1 });
    },
    end: () => client.endAsync(),
  };
}
