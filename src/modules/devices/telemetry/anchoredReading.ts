/**
 * A stored reading with what a contract needs to trust it: the batch number its root was anchored under and the
 * Merkle proof of its leaf, as `ITelemetryAnchor.requireAnchored(batchId, reading, signature, proof)` takes them. What
 * other modules use to bill from telemetry (the leasing module's per-usage-hour rent); exported by index.ts.
 */
import type { Hex } from 'viem';
import type { Queryable } from '../../../db/database.ts';
import { buildMerkleTree, verifyMerkleProof } from './merkle.ts';
import type { Reading } from './reading.ts';

/** Which reading of a device: by sequence number, the latest taken before a time, or the earliest taken at or after one. */
export type ReadingSelector = { seq: bigint } | { takenBefore: number } | { takenAtOrAfter: number };

export interface AnchoredReading {
  /** The batch number TelemetryAnchor gave the root (what the contracts call `batchId`). */
  batchNumber: bigint;
  root: Hex;
  /** The leaf's siblings, bottom up (OpenZeppelin MerkleProof). */
  proof: Hex[];
}

export interface ReadingLookup {
  reading: Reading;
  signature: Hex;
  leaf: Hex;
  /** Null while the reading waits for its batch to be cut or its root to be anchored on-chain. */
  anchor: AnchoredReading | null;
}

/** A device id as the devices tables key it: 0x + 64 lower-case hex digits. */
export const deviceIdHex = (deviceId: bigint | string) => `0x${BigInt(deviceId).toString(16).padStart(64, '0')}`;

type Row = {
  seq: string; device_time: string; usage_milli_hours: string; lat_e6: number; lon_e6: number; status: number; signature: string; leaf: string;
  batch_id: string | null; leaf_index: number | null; root: string | null; batch_number: string | null;
};

/**
 * Finds one reading of a device and, once its root is anchored, its proof (checked against the root before it is
 * answered). Null when the device has no such reading.
 */
export async function findAnchoredReading(db: Queryable, deviceId: bigint | string, which: ReadingSelector): Promise<ReadingLookup | null> {
  const id = deviceIdHex(deviceId);
  const [where, order, param] =
    'seq' in which ? ['r.seq = $2::numeric', '', which.seq.toString()]
    : 'takenBefore' in which ? ['r.device_time < $2', 'ORDER BY r.seq DESC', which.takenBefore]
    : ['r.device_time >= $2', 'ORDER BY r.seq', which.takenAtOrAfter];
  const { rows } = await db.query<Row>(
    `SELECT r.seq::text AS seq, r.device_time::text AS device_time, r.usage_milli_hours::text AS usage_milli_hours, r.lat_e6, r.lon_e6, r.status, r.signature, r.leaf,
            r.batch_id, r.leaf_index, b.root, a.batch_number::text AS batch_number
       FROM telemetry_readings r LEFT JOIN telemetry_batches b ON b.id = r.batch_id LEFT JOIN telemetry_anchors a ON a.root = b.root
      WHERE r.device_id = $1 AND ${where} ${order} LIMIT 1`,
    [id, param],
  );
  const r = rows[0];
  if (!r) return null;
  const reading: Reading = {
    deviceId: BigInt(id), seq: BigInt(r.seq), time: Number(r.device_time), usageMilliHours: BigInt(r.usage_milli_hours), latE6: r.lat_e6, lonE6: r.lon_e6, status: r.status,
  };
  const found = { reading, signature: r.signature as Hex, leaf: r.leaf as Hex };
  if (r.batch_number === null || r.batch_id === null || r.leaf_index === null || r.root === null) return { ...found, anchor: null };
  const leaves = await db.query<{ leaf: Hex }>('SELECT leaf FROM telemetry_readings WHERE batch_id = $1 ORDER BY leaf_index', [r.batch_id]);
  const proof = buildMerkleTree(leaves.rows.map((l) => l.leaf)).proof(r.leaf_index);
  if (!verifyMerkleProof(proof, r.root as Hex, r.leaf as Hex)) {
    throw new Error(`reading ${r.seq} of device ${id} does not prove against the root of batch ${r.batch_number}: the stored batch is inconsistent`);
  }
  return { ...found, anchor: { batchNumber: BigInt(r.batch_number), root: r.root as Hex, proof } };
}
