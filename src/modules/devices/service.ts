/**
 * The devices module's background work while the platform serves: MQTT ingestion (the embedded broker, or a
 * subscription to TIERCHAIN_MQTT_URL) and the anchorer. Settings, read from the platform's environment:
 *
 * - TIERCHAIN_MQTT_URL: an external broker to subscribe to (e.g. mqtt://127.0.0.1:1883, mosquitto); unset: embedded.
 * - TIERCHAIN_MQTT_PORT: the embedded broker's port (default 1883; 0 any free port; when the API's port is 0, 0 too).
 *   Left at its default and taken, the broker takes a free port and says which.
 * - TIERCHAIN_MQTT_CLIENT_ID: the persistent session's client id at an external broker (default tierchain-ingest).
 * - TIERCHAIN_TELEMETRY_BATCH_SIZE (default 256) and TIERCHAIN_TELEMETRY_BATCH_MS (default 2000): the batching policy.
 */
import type { ModuleContext, ModuleService, ModuleStartParameters } from '../../platform/module.ts';
import { createIngestor } from './telemetry/ingest.ts';
import { startEmbeddedBroker, subscribeExternalBroker, type MqttIngestion } from './telemetry/mqtt.ts';
import { DEFAULT_POLICY, startAnchorer, type AnchorPolicy } from './telemetry/anchorer.ts';

/** Where this platform's devices publish, for the API (GET /v1/telemetry/stats) and `devices simulate`. */
const brokers = new WeakMap<object, { url: string; embedded: boolean }>();
export const brokerOf = (ctx: ModuleContext) => brokers.get(ctx.db) ?? null;

const positive = (name: string, v: string | undefined, fallback: number, min = 1): number => {
  if (v === undefined || v.trim() === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer of at least ${min}, not ${JSON.stringify(v)}`);
  return n;
};

export function anchorPolicyFrom(env: NodeJS.ProcessEnv): AnchorPolicy {
  return {
    batchSize: Math.min(positive('TIERCHAIN_TELEMETRY_BATCH_SIZE', env.TIERCHAIN_TELEMETRY_BATCH_SIZE, DEFAULT_POLICY.batchSize), 65_536),
    maxWaitMs: positive('TIERCHAIN_TELEMETRY_BATCH_MS', env.TIERCHAIN_TELEMETRY_BATCH_MS, DEFAULT_POLICY.maxWaitMs, 10),
  };
}

export async function startDevicesService(ctx: ModuleContext, p: ModuleStartParameters): Promise<ModuleService> {
  const ingestor = createIngestor({ db: ctx.db, log: p.log });
  const policy = anchorPolicyFrom(p.env);
  let mqtt: MqttIngestion;
  if (p.env.TIERCHAIN_MQTT_URL?.trim()) {
    mqtt = await subscribeExternalBroker({ ingestor, url: p.env.TIERCHAIN_MQTT_URL.trim(), clientId: p.env.TIERCHAIN_MQTT_CLIENT_ID?.trim() || 'tierchain-ingest', log: p.log });
  } else {
    const explicit = p.env.TIERCHAIN_MQTT_PORT !== undefined && p.env.TIERCHAIN_MQTT_PORT.trim() !== '';
    const port = explicit ? positive('TIERCHAIN_MQTT_PORT', p.env.TIERCHAIN_MQTT_PORT, 1883, 0) : p.apiPort === 0 ? 0 : 1883;
    try {
      mqtt = await startEmbeddedBroker({ ingestor, host: p.host, port, log: p.log });
    } catch (error) {
      if (explicit || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw new Error(`the embedded MQTT broker cannot listen on ${p.host}:${port}: ${(error as Error).message}`);
      mqtt = await startEmbeddedBroker({ ingestor, host: p.host, port: 0, log: p.log });
      p.log(`telemetry: port ${port} is taken; the embedded MQTT broker listens at ${mqtt.url} (set TIERCHAIN_MQTT_PORT to choose)`);
    }
  }
  brokers.set(ctx.db, { url: mqtt.url, embedded: mqtt.embedded });
  const anchorer = startAnchorer(ctx, { policy, log: p.log, onBatch: () => void ctx.txManager.tick().catch(() => {}) });
  return {
    info: { mqtt: mqtt.url, broker: mqtt.embedded ? 'embedded' : 'external', batchSize: policy.batchSize, batchMs: policy.maxWaitMs },
    async stop() {
      await mqtt.stop();
      await anchorer.stop();
      brokers.delete(ctx.db);
    },
  };
}
