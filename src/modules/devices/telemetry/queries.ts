/**
 * Reads of the telemetry tables: a device's readings with the batches that anchor them, a reading's Merkle proof
 * (checked off-chain, and on-chain with TelemetryAnchor.isAnchored), the anchors, the ingestion counters, and the
 * regulator's monitor of devices offline or in anomaly.
 */
import type { Hex } from 'viem';
import type { Queryable } from '../../../db/database.ts';
import { NotFoundError } from '../../../common/errors.ts';
import type { ModuleContext } from '../../../platform/context.ts';
import { telemetryAnchor } from '../contracts.ts';
import type { DeviceAlert, DeviceMonitor, ReadingProofView, TelemetryAnchorDetail, TelemetryAnchors, TelemetryAnchorView, TelemetryIngestStats, TelemetryReadings, TelemetryReadingView } from '../schemas.ts';
import { buildMerkleTree, verifyMerkleProof } from './merkle.ts';
import { rejectionReasons } from './ingest.ts';

type ReadingRow = {
  device_id: string; seq: string; device_time: string; usage_milli_hours: string; lat_e6: number; lon_e6: number; status: number; signature: string; leaf: string;
  via: string; received_at: Date; batch_number: string | null; leaf_index: number | null; batch_id: string | null;
};

const READING_COLUMNS = `r.device_id, r.seq::text AS seq, r.device_time::text AS device_time, r.usage_milli_hours::text AS usage_milli_hours, r.lat_e6, r.lon_e6, r.status,
  r.signature, r.leaf, r.via, r.received_at, r.batch_id, r.leaf_index, a.batch_number::text AS batch_number`;
const READING_JOINS = 'LEFT JOIN telemetry_batches b ON b.id = r.batch_id LEFT JOIN telemetry_anchors a ON a.root = b.root';

const readingView = (r: ReadingRow): TelemetryReadingView => ({
  deviceId: r.device_id, seq: r.seq, time: Number(r.device_time), usageMilliHours: r.usage_milli_hours, latE6: r.lat_e6, lonE6: r.lon_e6, status: r.status,
  signature: r.signature, leaf: r.leaf, via: r.via, receivedAt: r.received_at.toISOString(), batchNumber: r.batch_number,
});

/** A device's latest readings (oldest first) and the anchors holding any of them. */
export async function deviceReadings(db: Queryable, deviceId: string, limit = 500): Promise<TelemetryReadings> {
  const id = deviceId.toLowerCase();
  const { rows } = await db.query<ReadingRow>(
    `SELECT * FROM (SELECT ${READING_COLUMNS} FROM telemetry_readings r ${READING_JOINS} WHERE r.device_id = $1 ORDER BY r.seq DESC LIMIT $2) x ORDER BY x.seq::numeric`,
    [id, Math.min(Math.max(limit, 1), 5000)],
  );
  const anchors = await db.query<{ batch_number: string; anchored_at: Date; last_time: string }>(
    `SELECT DISTINCT a.batch_number::text AS batch_number, a.anchored_at, a.last_time::text AS last_time
       FROM telemetry_readings r JOIN telemetry_batches b ON b.id = r.batch_id JOIN telemetry_anchors a ON a.root = b.root
      WHERE r.device_id = $1 ORDER BY a.anchored_at`,
    [id],
  );
  return { items: rows.map(readingView), anchors: anchors.rows.map((a) => ({ batchNumber: a.batch_number, at: a.anchored_at.toISOString(), lastTime: Number(a.last_time) })) };
}

/** The reading's proof against its batch's root, checked off-chain and (once anchored) by the contract. */
export async function readingProof(ctx: Pick<ModuleContext, 'db' | 'client' | 'deployment'>, deviceId: string, seq: string): Promise<ReadingProofView> {
  const { rows } = await ctx.db.query<ReadingRow & { root: string | null; tx_hash: string | null; block_number: string | null }>(
    `SELECT ${READING_COLUMNS}, b.root, a.tx_hash, a.block_number::text AS block_number FROM telemetry_readings r ${READING_JOINS} WHERE r.device_id = $1 AND r.seq = $2::numeric`,
    [deviceId.toLowerCase(), seq],
  );
  const r = rows[0];
  if (!r) throw new NotFoundError('reading', `${deviceId}/${seq}`);
  const reading = { deviceId: r.device_id, seq: r.seq, time: Number(r.device_time), usageMilliHours: r.usage_milli_hours, latE6: r.lat_e6, lonE6: r.lon_e6, status: r.status, signature: r.signature };
  let proof: Hex[] = [];
  if (r.batch_id !== null && r.leaf_index !== null) {
    const leaves = await ctx.db.query<{ leaf: Hex }>('SELECT leaf FROM telemetry_readings WHERE batch_id = $1 ORDER BY leaf_index', [r.batch_id]);
    proof = buildMerkleTree(leaves.rows.map((l) => l.leaf)).proof(r.leaf_index);
  }
  const verifiedOffChain = r.root !== null && verifyMerkleProof(proof, r.root as Hex, r.leaf as Hex);
  let verifiedOnChain: boolean | null = null;
  if (r.batch_number !== null) {
    verifiedOnChain = await ctx.client.readContract({
      ...telemetryAnchor(ctx),
      functionName: 'isAnchored',
      args: [
        BigInt(r.batch_number),
        { deviceId: BigInt(r.device_id), seq: BigInt(r.seq), time: Number(r.device_time), usageMilliHours: BigInt(r.usage_milli_hours), latE6: r.lat_e6, lonE6: r.lon_e6, status: r.status },
        r.signature as Hex,
        proof,
      ],
    });
  }
  return {
    reading, leaf: r.leaf, batchNumber: r.batch_number, root: r.root, proof, anchored: r.batch_number !== null, verifiedOffChain, verifiedOnChain,
    anchor: r.batch_number !== null ? { address: telemetryAnchor(ctx).address, txHash: r.tx_hash!, blockNumber: r.block_number! } : null,
  };
}

type AnchorRow = { batch_number: string; root: string; count: number; first_time: string; last_time: string; tx_hash: string; block_number: string; anchored_at: Date; devices: string };
const anchorView = (a: AnchorRow): TelemetryAnchorView => ({
  batchNumber: a.batch_number, root: a.root, count: a.count, firstTime: Number(a.first_time), lastTime: Number(a.last_time), txHash: a.tx_hash, blockNumber: a.block_number,
  anchoredAt: a.anchored_at.toISOString(), devices: Number(a.devices),
});
const ANCHOR_SELECT = `SELECT a.batch_number::text AS batch_number, a.root, a.count, a.first_time::text AS first_time, a.last_time::text AS last_time, a.tx_hash,
    a.block_number::text AS block_number, a.anchored_at,
    (SELECT count(DISTINCT r.device_id) FROM telemetry_batches b JOIN telemetry_readings r ON r.batch_id = b.id WHERE b.root = a.root)::text AS devices
  FROM telemetry_anchors a`;

export async function listAnchors(db: Queryable, limit = 100): Promise<TelemetryAnchors> {
  const { rows } = await db.query<AnchorRow>(`${ANCHOR_SELECT} ORDER BY a.batch_number DESC LIMIT $1`, [Math.min(Math.max(limit, 1), 500)]);
  const pending = await db.query<{ batches: string; readings: string; unbatched: string }>(
    `SELECT (SELECT count(*) FROM telemetry_batches b WHERE NOT EXISTS (SELECT 1 FROM telemetry_anchors a WHERE a.root = b.root))::text AS batches,
            (SELECT COALESCE(sum(count), 0) FROM telemetry_batches b WHERE NOT EXISTS (SELECT 1 FROM telemetry_anchors a WHERE a.root = b.root))::text AS readings,
            (SELECT count(*) FROM telemetry_readings WHERE batch_id IS NULL)::text AS unbatched`,
  );
  const p = pending.rows[0]!;
  return { items: rows.map(anchorView), pending: { batches: Number(p.batches), readings: Number(p.readings), unbatched: Number(p.unbatched) } };
}

export async function getAnchor(db: Queryable, batchNumber: string): Promise<TelemetryAnchorDetail> {
  const { rows } = await db.query<AnchorRow>(`${ANCHOR_SELECT} WHERE a.batch_number = $1`, [batchNumber]);
  if (!rows[0]) throw new NotFoundError('anchor', batchNumber);
  const readings = await db.query<ReadingRow>(`SELECT ${READING_COLUMNS} FROM telemetry_readings r ${READING_JOINS} WHERE b.root = $1 ORDER BY r.leaf_index`, [rows[0].root]);
  return { anchor: anchorView(rows[0]), readings: readings.rows.map(readingView) };
}

export async function ingestStats(db: Queryable, mqtt: { url: string; embedded: boolean } | null): Promise<TelemetryIngestStats> {
  const accepted = await db.query<{ n: string }>('SELECT count(*)::text AS n FROM telemetry_readings');
  const counts = await db.query<{ reason: string; n: string }>('SELECT reason, count(*)::text AS n FROM telemetry_rejections GROUP BY reason');
  const recent = await db.query<{ at: Date; via: string; device_id: string | null; seq: string | null; reason: string; detail: string }>(
    'SELECT at, via, device_id, seq, reason, detail FROM telemetry_rejections ORDER BY id DESC LIMIT 20',
  );
  const rejected: Record<string, number> = Object.fromEntries(rejectionReasons.map((r) => [r, 0]));
  for (const c of counts.rows) rejected[c.reason] = Number(c.n);
  return {
    accepted: Number(accepted.rows[0]!.n), rejected,
    recentRejections: recent.rows.map((r) => ({ at: r.at.toISOString(), via: r.via, deviceId: r.device_id, seq: r.seq, reason: r.reason, detail: r.detail })),
    mqtt,
  };
}

/** Devices with no reading for `offlineAfterSeconds` (or none since registration that long ago), in fault, or out of their area. */
export async function deviceMonitor(db: Queryable, offlineAfterSeconds: number): Promise<DeviceMonitor> {
  const { rows } = await db.query<{
    id: string; serial: string; model: string; owner: string; registered_at: Date; received_at: Date | null; last_status: number | null; lat: number | null; lon: number | null;
    min_lat_e6: number | null; max_lat_e6: number | null; min_lon_e6: number | null; max_lon_e6: number | null; reference: string | null; silent: boolean;
  }>(
    `SELECT d.id, COALESCE(t.serial, d.serial) AS serial, COALESCE(t.model, d.model) AS model, d.owner, d.registered_at, c.received_at, c.last_status,
            c.last_lat_e6 AS lat, c.last_lon_e6 AS lon, ar.min_lat_e6, ar.max_lat_e6, ar.min_lon_e6, ar.max_lon_e6, ar.reference,
            COALESCE(c.received_at, d.registered_at) < now() - make_interval(secs => $1) AS silent
       FROM devices d LEFT JOIN device_texts t ON t.device_id = d.id LEFT JOIN telemetry_cursors c ON c.device_id = d.id LEFT JOIN device_areas ar ON ar.device_id = d.id
      ORDER BY d.registered_block, d.id`,
    [offlineAfterSeconds],
  );
  const items: DeviceAlert[] = [];
  for (const r of rows) {
    const base = { deviceId: r.id, serial: r.serial, model: r.model, owner: r.owner };
    if (r.silent) {
      items.push({ ...base, kind: 'offline', since: (r.received_at ?? r.registered_at).toISOString(), detail: r.received_at ? 'no reading since then' : 'no reading since its registration' });
    }
    if (r.last_status === 2) items.push({ ...base, kind: 'fault', since: r.received_at!.toISOString(), detail: 'its last reading reports a fault' });
    if (r.min_lat_e6 !== null && r.lat !== null && r.lon !== null && (r.lat < r.min_lat_e6 || r.lat > r.max_lat_e6! || r.lon < r.min_lon_e6! || r.lon > r.max_lon_e6!)) {
      items.push({ ...base, kind: 'outside_area', since: r.received_at!.toISOString(), detail: `at ${r.lat / 1e6}, ${r.lon / 1e6}, outside the area ${r.reference} permits` });
    }
  }
  return { offlineAfterSeconds, at: new Date().toISOString(), items };
}

export interface PermittedArea {
  minLatE6: number;
  maxLatE6: number;
  minLonE6: number;
  maxLonE6: number;
  /** What sets it (a lease id). */
  reference: string;
}

/** Sets where a device may be (the leasing module calls this when a lease names an area); null clears it. */
export async function setPermittedArea(db: Queryable, deviceId: string, area: PermittedArea | null): Promise<void> {
  if (area === null) {
    await db.query('DELETE FROM device_areas WHERE device_id = $1', [deviceId.toLowerCase()]);
    return;
  }
  if (area.minLatE6 > area.maxLatE6 || area.minLonE6 > area.maxLonE6) throw new RangeError('a permitted area needs min ≤ max for latitude and longitude');
  await db.query(
    `INSERT INTO device_areas (device_id, min_lat_e6, max_lat_e6, min_lon_e6, max_lon_e6, reference) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (device_id) DO UPDATE SET min_lat_e6 = EXCLUDED.min_lat_e6, max_lat_e6 = EXCLUDED.max_lat_e6, min_lon_e6 = EXCLUDED.min_lon_e6,
       max_lon_e6 = EXCLUDED.max_lon_e6, reference = EXCLUDED.reference, set_at = now()`,
    [deviceId.toLowerCase(), area.minLatE6, area.maxLatE6, area.minLonE6, area.maxLonE6, area.reference],
  );
}
