/**
 * Reads of the device read models and the telemetry tables. Devices, their readings and anchors are the seed's
 * "blockchain browser": every signed-in user sees them; the ingestion counters and the monitor are the operator's and
 * the regulator's.
 */
import type { Queryable } from '../../db/database.ts';
import { ForbiddenError, NotFoundError } from '../../common/errors.ts';
import { membersByAddress, type Principal } from '../identity/index.ts';
import type { DeviceView } from './schemas.ts';

export const watchesAll = (by: Principal) => by.isOperator || by.memberRoles.includes('regulator');
export function requireWatcher(by: Principal, what: string) {
  if (!watchesAll(by)) throw new ForbiddenError(`only the operator and the regulator see ${what}`);
}

type DeviceRow = {
  id: string; manufacturer: string; owner: string; device_key: string; equipment_type: string; model: string; serial: string; spec_hash: string;
  salvage_value: string; registered_at: Date; last_seq: string | null; last_time: string | null; last_usage: string | null; last_status: number | null;
  last_lat_e6: number | null; last_lon_e6: number | null; last_received_at: Date | null; readings: string; anchored: string;
  min_lat_e6: number | null; max_lat_e6: number | null; min_lon_e6: number | null; max_lon_e6: number | null; area_reference: string | null; area_set_at: Date | null;
};

export interface ListDevicesParameters {
  q?: string;
  manufacturer?: string;
  deviceId?: string;
  limit?: number;
}

export async function listDevices(db: Queryable, p: ListDevicesParameters = {}): Promise<DeviceView[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (p.deviceId) where.push(`d.id = $${params.push(p.deviceId.toLowerCase())}`);
  if (p.manufacturer) where.push(`d.manufacturer = $${params.push(p.manufacturer.toLowerCase())}`);
  if (p.q?.trim()) {
    const like = `%${p.q.trim().toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const i = params.push(like);
    where.push(`(lower(COALESCE(t.serial, d.serial)) LIKE $${i} OR lower(COALESCE(t.model, d.model)) LIKE $${i} OR lower(COALESCE(t.equipment_type, d.equipment_type)) LIKE $${i} OR d.id LIKE $${i})`);
  }
  const { rows } = await db.query<DeviceRow>(
    `SELECT d.id, d.manufacturer, d.owner, d.device_key, COALESCE(t.equipment_type, d.equipment_type) AS equipment_type, COALESCE(t.model, d.model) AS model,
            COALESCE(t.serial, d.serial) AS serial, d.spec_hash, d.salvage_value::text AS salvage_value, d.registered_at,
            c.last_seq::text AS last_seq, c.last_time::text AS last_time, c.last_usage::text AS last_usage, c.last_status, c.last_lat_e6, c.last_lon_e6, c.received_at AS last_received_at,
            ar.min_lat_e6, ar.max_lat_e6, ar.min_lon_e6, ar.max_lon_e6, ar.reference AS area_reference, ar.set_at AS area_set_at,
            (SELECT count(*) FROM telemetry_readings r WHERE r.device_id = d.id)::text AS readings,
            (SELECT count(*) FROM telemetry_readings r JOIN telemetry_batches b ON b.id = r.batch_id JOIN telemetry_anchors a ON a.root = b.root WHERE r.device_id = d.id)::text AS anchored
       FROM devices d LEFT JOIN device_texts t ON t.device_id = d.id LEFT JOIN telemetry_cursors c ON c.device_id = d.id LEFT JOIN device_areas ar ON ar.device_id = d.id
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY d.registered_block DESC, d.id LIMIT ${Math.min(Math.max(p.limit ?? 100, 1), 500)}`,
    params,
  );
  const members = await membersByAddress(db, rows.flatMap((r) => [r.manufacturer, r.owner]));
  return rows.map((r) => ({
    deviceId: r.id, manufacturer: r.manufacturer, manufacturerMemberId: members.get(r.manufacturer)?.id ?? null, manufacturerName: members.get(r.manufacturer)?.name ?? null,
    owner: r.owner, ownerMemberId: members.get(r.owner)?.id ?? null, deviceKey: r.device_key, equipmentType: r.equipment_type, model: r.model, serial: r.serial,
    specHash: r.spec_hash, salvageValue: r.salvage_value, registeredAt: r.registered_at.toISOString(),
    lastReading: r.last_seq === null
      ? null
      : { seq: r.last_seq, time: Number(r.last_time), usageMilliHours: r.last_usage!, status: r.last_status!, latE6: r.last_lat_e6!, lonE6: r.last_lon_e6!, receivedAt: r.last_received_at!.toISOString() },
    readings: Number(r.readings), anchoredReadings: Number(r.anchored),
    permittedArea: r.min_lat_e6 === null
      ? null
      : { minLatE6: r.min_lat_e6, maxLatE6: r.max_lat_e6!, minLonE6: r.min_lon_e6!, maxLonE6: r.max_lon_e6!, reference: r.area_reference!, setAt: r.area_set_at!.toISOString() },
  }));
}

export async function getDevice(db: Queryable, deviceId: string): Promise<DeviceView> {
  const [d] = await listDevices(db, { deviceId });
  if (!d) throw new NotFoundError('device', deviceId);
  return d;
}
