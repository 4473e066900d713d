/**
 * Readings over MQTT, the protocol such sensors speak. A device publishes its signed reading (JSON) with QoS 1 to
 * `tierchain/devices/<deviceId>/readings`; a refusal comes back on `tierchain/devices/<deviceId>/rejected`.
 *
 * - Embedded broker (default): aedes, on a port of its own. The reading is ingested inside `authorizePublish`, which
 *   aedes completes before it sends the device its PUBACK: a reading acknowledged is a reading stored.
 * - External broker (TIERCHAIN_MQTT_URL, e.g. mosquitto): the platform subscribes with QoS 1 in a persistent session
 *   and acknowledges each message to the broker only once it is stored (mqtt.js sends the PUBACK after `handleMessage`
 *   calls back), so a message delivered before a crash is delivered again, and the (device, seq) key stores it once.
 */
import { createServer, type AddressInfo, type Server } from 'node:net';
import { Aedes } from 'aedes';
import mqtt from 'mqtt';
import type { Ingestor, IngestResult } from './ingest.ts';

export const READINGS_TOPIC = 'tierchain/devices/+/readings';
export const readingsTopic = (deviceId: string) => `tierchain/devices/${deviceId}/readings`;
export const rejectedTopic = (deviceId: string) => `tierchain/devices/${deviceId}/rejected`;
const TOPIC = /^tierchain\/devices\/([^/]+)\/readings$/;

export interface MqttIngestion {
  /** The broker devices publish to. */
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

/** Parses a message and ingests it; a reading whose topic names another device is malformed. */
async function handle(ingestor: Ingestor, topic: string, payload: Buffer): Promise<{ deviceId: string | null; result: IngestResult } | null> {
  const m = TOPIC.exec(topic);
  if (!m) return null;
  let body: unknown;
  try {
    body = JSON.parse(payload.toString('utf8'));
  } catch {
    body = { deviceId: m[1], malformed: true };
  }
  if (typeof body === 'object' && body !== null && (body as { deviceId?: unknown }).deviceId !== m[1]) {
    body = { ...(body as object), deviceId: `topic ${m[1]} and reading ${String((body as { deviceId?: unknown }).deviceId)} disagree` };
  }
  return { deviceId: m[1]!, result: await ingestor.ingest(body, 'mqtt') };
}

const rejection = (r: Extract<IngestResult, { ok: false }>) => Buffer.from(JSON.stringify({ reason: r.reason, field: r.field ?? null, detail: r.detail, seq: r.seq }));

/** Starts the embedded broker on `host:port` (0: any free port). */
export async function startEmbeddedBroker(p: { ingestor: Ingestor; host: string; port: number; log: (m: string) => void }): Promise<MqttIngestion> {
  const broker = await Aedes.createBroker();
  broker.authorizePublish = (client, packet, callback) => {
    if (packet.topic.startsWith('$SYS/')) return callback(new Error('$SYS/ topics are reserved'));
    // Only the platform answers on `rejected` topics.
    if (client && /\/rejected$/.test(packet.topic)) return callback(new Error('rejected topics are the platform\'s'));
    handle(p.ingestor, packet.topic, packet.payload as Buffer).then(
      (handled) => {
        if (handled && !handled.result.ok && handled.deviceId) {
          broker.publish({ cmd: 'publish', topic: rejectedTopic(handled.deviceId), payload: rejection(handled.result), qos: 1, retain: false, dup: false }, () => {});
        }
        callback(null);
      },
      // The database failed: no PUBACK (the connection closes), so the device sends the reading again.
      (error) => {
        p.log(`telemetry: a reading over MQTT could not be stored (${String((error as Error).message ?? error)}); the device will resend it`);
        callback(error as Error);
      },
    );
  };
  const server: Server = createServer(broker.handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(p.port, p.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `mqtt://${p.host}:${port}`,
    embedded: true,
    async stop() {
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Subscribes to an external broker (QoS 1, persistent session `clientId`). */
export async function subscribeExternalBroker(p: { ingestor: Ingestor; url: string; clientId: string; log: (m: string) => void }): Promise<MqttIngestion> {
  const client = mqtt.connect(p.url, { clientId: p.clientId, clean: false, reconnectPeriod: 1000, connectTimeout: 10_000 });
  client.handleMessage = (packet, done) => {
    handle(p.ingestor, packet.topic, packet.payload as Buffer).then(
      (handled) => {
        if (handled && !handled.result.ok && handled.deviceId) client.publish(rejectedTopic(handled.deviceId), rejection(handled.result), { qos: 1 });
        done();
      },
      // Not acknowledged: the broker delivers it again (after a reconnect), and it is stored then.
      (error) => {
        p.log(`telemetry: a reading from ${p.url} could not be stored (${String((error as Error).message ?? error)}); reconnecting so that the broker delivers it again`);
        client.end(true, {}, () => client.reconnect());
      },
    );
  };
  await new Promise<void>((resolve, reject) => {
    const fail = (e: Error) => reject(new Error(`cannot reach the MQTT broker at ${p.url}: ${e.message}`));
    client.once('error', fail);
    client.once('connect', () => {
      client.off('error', fail);
      client.subscribe(READINGS_TOPIC, { qos: 1 }, (e) => (e ? reject(e) : resolve()));
    });
  });
  client.on('error', (e) => p.log(`telemetry: MQTT ${p.url}: ${e.message}`));
  return {
    url: p.url,
    embedded: false,
    stop: () => new Promise<void>((resolve) => client.end(false, {}, () => resolve())),
  };
}
