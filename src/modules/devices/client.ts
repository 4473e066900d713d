/** Devices and their telemetry: `client.devices` (registry, deposits, readings, proofs) and `client.telemetry`. */
import type { CommandSender } from '../../sdk/commands.ts';
import { seg, type Transport } from '../../sdk/http.ts';
import type { Accepted, CommandOptions } from '../../sdk/types.ts';
import type { DeviceView } from './schemas.ts';

export type { DeviceView } from './schemas.ts';

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
}

export function createDevicesApi(t: Transport, c: CommandSender): DevicesApi {
  return {
    register: (p, o) => c.send<{ deviceId: string }>('/v1/devices', p, o),
    list: async (p = {}) => (await t.request<{ items: DeviceView[] }>('GET', '/v1/devices', { query: { q: p.q, manufacturer: p.manufacturer, limit: p.limit } })).items,
    get: (deviceId) => t.request('GET', `/v1/devices/${seg(deviceId)}`),
    postDeposit: (amount, o) => c.send('/v1/devices/deposit', { amount }, o),
    withdrawDeposit: (amount, o) => c.send('/v1/devices/deposit/withdrawals', { amount }, o),
  };
}
