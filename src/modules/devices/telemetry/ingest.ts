/**
 * Ingestion of signed readings, whatever carried them (MQTT or HTTP): parse, check the device and its signature, check
 * the sequence number is above the last one accepted, and store the reading durably, all before the caller
 * acknowledges it (MQTT PUBACK, HTTP 202). A refusal is stored with its reason (the counters are a count of those
 * rows) and logged; the caller answers it back (MQTT: a message on the device's `rejected` topic, HTTP: a 4xx).
 */
import type { Address, Hex } from 'viem';
import type { Database, Queryable } from '../../../db/database.ts';
import { readingLeaf, readingSigner, type Reading } from './reading.ts';

export type RejectionReason = 'malformed' | 'unknown_device' | 'bad_signature' | 'replayed_sequence';
export const rejectionReasons: readonly RejectionReason[] = ['malformed', 'unknown_device', 'bad_signature', 'replayed_sequence'];

export type IngestResult =
  | { ok: true; deviceId: string; seq: string; leaf: Hex }
  | { ok: false; reason: RejectionReason; field?: string; detail: string; deviceId: string | null; seq: string | null };

/** A reading as it travels (JSON): integers that may pass 2^53 as decimal strings. */
export interface SignedReadingJson {
  deviceId: string;
  seq: string | number;
  time: number;
  usageMilliHours: string | number;
  latE6: number;
  lonE6: number;
  status: number;
  signature: string;
}

const DEVICE_ID = /^0x[0-9a-fA-F]{64}$/;
const SIGNATURE = /^0x[0-9a-fA-F]{130}$/;
const UINT = /^(0|[1-9][0-9]{0,19})$/;
const U64 = (1n << 64n) - 1n;

/** The reading in `input`, or the first field that is wrong. */
export function parseSignedReading(input: unknown): { ok: true; reading: Reading; signature: Hex } | { ok: false; field: string; detail: string } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { ok: false, field: 'reading', detail: 'a reading is a JSON object' };
  const o = input as Record<string, unknown>;
  const bad = (field: string, detail: string) => ({ ok: false as const, field, detail });
  if (typeof o.deviceId !== 'string' || !DEVICE_ID.test(o.deviceId)) return bad('deviceId', 'must be 0x and 64 hex digits');
  const uint = (v: unknown): bigint | null => {
    const text = typeof v === 'number' && Number.isSafeInteger(v) ? String(v) : typeof v === 'string' ? v : null;
    if (text === null || !UINT.test(text)) return null;
    const n = BigInt(text);
    return n <= U64 ? n : null;
  };
  const int = (v: unknown, min: number, max: number) => (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? v : null);
  const seq = uint(o.seq);
  if (seq === null) return bad('seq', 'must be an integer from 0 to 2^64 − 1');
  const time = int(o.time, 0, 2 ** 40 - 1);
  if (time === null) return bad('time', 'must be Unix seconds (an integer below 2^40)');
  const usage = uint(o.usageMilliHours);
  if (usage === null) return bad('usageMilliHours', 'must be an integer from 0 to 2^64 − 1');
  const latE6 = int(o.latE6, -90_000_000, 90_000_000);
  if (latE6 === null) return bad('latE6', 'must be latitude × 10⁶, an integer from −90 000 000 to 90 000 000');
  const lonE6 = int(o.lonE6, -180_000_000, 180_000_000);
  if (lonE6 === null) return bad('lonE6', 'must be longitude × 10⁶, an integer from −180 000 000 to 180 000 000');
  const status = int(o.status, 0, 2);
  if (status === null) return bad('status', 'must be 0 (ok), 1 (warning) or 2 (fault)');
  if (typeof o.signature !== 'string' || !SIGNATURE.test(o.signature)) return bad('signature', 'must be a 65-byte signature, 0x and 130 hex digits');
  return { ok: true, reading: { deviceId: BigInt(o.deviceId), seq, time, usageMilliHours: usage, latE6, lonE6, status }, signature: o.signature.toLowerCase() as Hex };
}

/** A reading as the API and MQTT carry it. */
export const readingJson = (r: Reading, signature: Hex): SignedReadingJson => ({
  deviceId: `0x${r.deviceId.toString(16).padStart(64, '0')}`, seq: r.seq.toString(), time: r.time, usageMilliHours: r.usageMilliHours.toString(),
  latE6: r.latE6, lonE6: r.lonE6, status: r.status, signature,
});

export interface Ingestor {
  ingest(input: unknown, via: 'mqtt' | 'http'): Promise<IngestResult>;
}

/**
 * The ingestor of one platform instance. Device keys are cached for a few seconds; a signature that does not match the
 * cached key is checked again against the database before it is refused (a key just rotated).
 */
export function createIngestor(p: { db: Database; log?: (message: string) => void; keyCacheMs?: number }): Ingestor {
  const keys = new Map<string, { key: Address; at: number }>();
  const ttl = p.keyCacheMs ?? 5_000;
  const keyOf = async (db: Queryable, deviceId: string, fresh: boolean): Promise<Address | null> => {
    const cached = keys.get(deviceId);
    if (!fresh && cached && Date.now() - cached.at < ttl) return cached.key;
    const { rows } = await db.query<{ device_key: string }>('SELECT device_key FROM devices WHERE id = $1', [deviceId]);
    if (!rows[0]) return null;
    const key = rows[0].device_key.toLowerCase() as Address;
    keys.set(deviceId, { key, at: Date.now() });
    return key;
  };

  async function refuse(via: string, r: Extract<IngestResult, { ok: false }>): Promise<IngestResult> {
    await p.db.query('INSERT INTO telemetry_rejections (via, device_id, seq, reason, detail) VALUES ($1, $2, $3, $4, $5)', [via, r.deviceId, r.seq, r.reason, r.detail]);
    p.log?.(`telemetry: refused a reading over ${via} (${r.reason}): ${r.detail}`);
    return r;
  }

  return {
    async ingest(input, via) {
      const parsed = parseSignedReading(input);
      const rawId = typeof (input as { deviceId?: unknown })?.deviceId === 'string' ? String((input as { deviceId: string }).deviceId).slice(0, 66).toLowerCase() : null;
      if (!parsed.ok) return refuse(via, { ok: false, reason: 'malformed', field: parsed.field, detail: `${parsed.field} ${parsed.detail}`, deviceId: rawId, seq: null });
      const { reading, signature } = parsed;
      const deviceId = `0x${reading.deviceId.toString(16).padStart(64, '0')}`;
      const seq = reading.seq.toString();
      let signer: Address;
      try {
        signer = await readingSigner(reading, signature);
      } catch {
        return refuse(via, { ok: false, reason: 'bad_signature', field: 'signature', detail: `the signature of reading ${seq} of device ${deviceId} cannot be recovered`, deviceId, seq });
      }
      let key = await keyOf(p.db, deviceId, false);
      if (key !== null && key !== signer) key = await keyOf(p.db, deviceId, true);
      if (key === null) return refuse(via, { ok: false, reason: 'unknown_device', field: 'deviceId', detail: `device ${deviceId} is not registered (or its registration is not yet confirmed)`, deviceId, seq });
      if (key !== signer) return refuse(via, { ok: false, reason: 'bad_signature', field: 'signature', detail: `reading ${seq} of device ${deviceId} is signed by ${signer}, not by the device's key ${key}`, deviceId, seq });
      const leaf = readingLeaf(reading, signature);
      const stored = await p.db.transaction(async (tx) => {
        // The cursor moves only forward: a sequence number at or below the last accepted one leaves no row here.
        const moved = await tx.query(
          `INSERT INTO telemetry_cursors AS c (device_id, last_seq, last_time, last_status, last_lat_e6, last_lon_e6, last_usage, received_at)
           VALUES ($1, $2::numeric, $3, $4, $5, $6, $7::numeric, now())
           ON CONFLICT (device_id) DO UPDATE SET last_seq = EXCLUDED.last_seq, last_time = EXCLUDED.last_time, last_status = EXCLUDED.last_status,
             last_lat_e6 = EXCLUDED.last_lat_e6, last_lon_e6 = EXCLUDED.last_lon_e6, last_usage = EXCLUDED.last_usage, received_at = EXCLUDED.received_at
           WHERE c.last_seq < EXCLUDED.last_seq
           RETURNING c.device_id`,
          [deviceId, seq, reading.time, reading.status, reading.latE6, reading.lonE6, reading.usageMilliHours.toString()],
        );
        if (moved.rowCount === 0) return false;
        await tx.query(
          `INSERT INTO telemetry_readings (device_id, seq, device_time, usage_milli_hours, lat_e6, lon_e6, status, signature, leaf, via)
           VALUES ($1, $2::numeric, $3, $4::numeric, $5, $6, $7, $8, $9, $10)`,
          [deviceId, seq, reading.time, reading.usageMilliHours.toString(), reading.latE6, reading.lonE6, reading.status, signature, leaf, via],
        );
        return true;
      });
      if (!stored) {
        const { rows } = await p.db.query<{ last_seq: string }>('SELECT last_seq::text AS last_seq FROM telemetry_cursors WHERE device_id = $1', [deviceId]);
        return refuse(via, { ok: false, reason: 'replayed_sequence', field: 'seq', detail: `reading ${seq} of device ${deviceId} is not after the last one accepted (${rows[0]?.last_seq ?? '?'})`, deviceId, seq });
      }
      return { ok: true, deviceId, seq, leaf };
    },
  };
}
