/** Devices and their telemetry: `client.devices` (registry, deposits, readings, proofs) and `client.telemetry`. */
import type { CommandSender } from '../../sdk/commands.ts';
import { seg, type Transport } from '../../sdk/http.ts';
import type { Accepted, CommandOptions } from '../../sdk/types.ts';
import type { DeviceAreaView, DeviceMonitor, DeviceView, ReadingProofView, SignedReadingBody, TelemetryAnchorDetail, TelemetryAnchors, TelemetryIngestStats, TelemetryReadings } from './schemas.ts';

export type {
  DeviceAlert, DeviceAreaView, DeviceMonitor, DeviceView, ReadingProofView, SignedReadingBody, TelemetryAnchorDetail, TelemetryAnchors, TelemetryAnchorView, TelemetryIngestStats,
  TelemetryReadings, TelemetryReadingView,
} from './schemas.ts';

export interface RegisterDeviceParameters {
  /** What lease requests match on (e.g. "cnc-mill"). */
  equipmentType: string;
  model: string;
  /** One token per serial per manufacturer, ever (compared trimmed and upper-cased). */
  serial: string;
  specHash?: string;
  /** The address of the device's own signing key. */
  deviceKey: string;
  /** XT minor units the lessee pays to buy it at the end of a lease. */
  salvageValue: string;
}

export interface ListDevicesParameters {
  /** Part of a serial, model, equipment type or id. */
  q?: string;
  manufacturer?: string;
  limit?: number;
}

export interface DevicesApi {
  /** Registers a device (certified manufacturer); answers its id at once. */
  register(p: RegisterDeviceParameters, o?: CommandOptions): Promise<Accepted<{ deviceId: string }>>;
  list(p?: ListDevicesParameters): Promise<DeviceView[]>;
  get(deviceId: string): Promise<DeviceView>;
  /** Posts an XT security deposit (certified manufacturer). */
  postDeposit(amount: string, o?: CommandOptions): Promise<Accepted>;
  withdrawDeposit(amount: string, o?: CommandOptions): Promise<Accepted>;
  /** A device's latest readings (up to `limit`, default 500) and the anchors holding them. */
  readings(deviceId: string, p?: { limit?: number }): Promise<TelemetryReadings>;
  /** A reading's Merkle proof, checked off-chain and by TelemetryAnchor.isAnchored. */
  proof(deviceId: string, seq: string): Promise<ReadingProofView>;
  /** Sets where the device may be (operator, its manufacturer or owner); outside it the monitor raises an alert. */
  setArea(deviceId: string, area: PermittedAreaParameters): Promise<DeviceAreaView>;
  clearArea(deviceId: string): Promise<void>;
}

export interface PermittedAreaParameters {
  minLatE6: number;
  maxLatE6: number;
  minLonE6: number;
  maxLonE6: number;
  /** What sets it (a lease id, a site); default: the caller's member address. */
  reference?: string;
}

export interface TelemetryApi {
  /** Sends a signed reading over HTTP; answered once it is stored. */
  send(reading: SignedReadingBody): Promise<{ status: 'accepted'; deviceId: string; seq: string; leaf: string }>;
  anchors(p?: { limit?: number }): Promise<TelemetryAnchors>;
  anchor(batchNumber: string): Promise<TelemetryAnchorDetail>;
  /** Readings accepted and refused by reason, and the MQTT broker devices publish to. */
  stats(): Promise<TelemetryIngestStats>;
  /** Devices offline, in fault or outside their area (operator, regulator). */
  monitor(p?: { offlineAfterSeconds?: number }): Promise<DeviceMonitor>;
}

export function createTelemetryApi(t: Transport): TelemetryApi {
  return {
    send: (reading) => t.request('POST', '/v1/telemetry/readings', { body: reading }),
    anchors: (p = {}) => t.request('GET', '/v1/telemetry/anchors', { query: { limit: p.limit } }),
    anchor: (batchNumber) => t.request('GET', `/v1/telemetry/anchors/${seg(batchNumber)}`),
    stats: () => t.request('GET', '/v1/telemetry/stats'),
    monitor: (p = {}) => t.request('GET', '/v1/telemetry/monitor', { query: { offlineAfterSeconds: p.offlineAfterSeconds } }),
  };
}

export function createDevicesApi(t: Transport, c: CommandSender): DevicesApi {
  return {
    register: (p, o) => c.send<{ deviceId: string }>('/v1/devices', p, o),
    list: async (p = {}) => (await t.request<{ items: DeviceView[] }>('GET', '/v1/devices', { query: { q: p.q, manufacturer: p.manufacturer, limit: p.limit } })).items,
    get: (deviceId) => t.request('GET', `/v1/devices/${seg(deviceId)}`),
    postDeposit: (amount, o) => c.send('/v1/devices/deposit', { amount }, o),
    withdrawDeposit: (amount, o) => c.send('/v1/devices/deposit/withdrawals', { amount }, o),
    readings: (deviceId, p = {}) => t.request('GET', `/v1/devices/${seg(deviceId)}/readings`, { query: { limit: p.limit } }),
    proof: (deviceId, seq) => t.request('GET', `/v1/devices/${seg(deviceId)}/readings/${seg(seq)}/proof`),
    setArea: (deviceId, area) => t.request('PUT', `/v1/devices/${seg(deviceId)}/area`, { body: area }),
    clearArea: async (deviceId) => {
      await t.request('DELETE', `/v1/devices/${seg(deviceId)}/area`);
    },
  };
}
