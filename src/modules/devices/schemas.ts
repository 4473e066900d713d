/**
 * The devices API's shapes (TypeBox): devices, signed readings, their proofs and anchors, the ingestion counters and
 * the regulator's monitor. What the routes validate and answer, /openapi.json shows, and the SDK and console type with.
 */
import { Address, Bytes32, Instant, MinorUnits, Nullable, Type, type Static } from '../../api/schemas.ts';

const Text = (description: string, maxLength = 100) => Type.String({ minLength: 1, maxLength, pattern: '\\S', description });
const Uint64 = (description: string) => Type.String({ pattern: '^(0|[1-9][0-9]{0,19})$', description: `${description} (decimal string, at most 2^64 − 1)` });
const Signature = Type.String({ pattern: '^0x[0-9a-fA-F]{130}$', description: '65-byte ECDSA signature (r, s, v) of the reading hash as an EIP-191 personal message, by the device\'s key' });
export const DeviceId = Type.String({ pattern: '^0x[0-9a-fA-F]{64}$', description: 'device id: 0x + 64 hex digits (DeviceRegistry.deviceIdFor(manufacturer, serial))' });
export const DeviceIdParams = Type.Object({ deviceId: DeviceId }, { additionalProperties: false });
export const ReadingParams = Type.Object({ deviceId: DeviceId, seq: Uint64('sequence number') }, { additionalProperties: false });
export const BatchParams = Type.Object({ batchNumber: Type.String({ pattern: '^[1-9][0-9]{0,18}$', description: 'anchored batch number (1, 2, …)' }) }, { additionalProperties: false });

export const RegisterDeviceBody = Type.Object(
  {
    equipmentType: Text('equipment type, what lease requests match on (e.g. cnc-mill)', 64),
    model: Text('model'),
    serial: Type.String({ minLength: 1, maxLength: 100, pattern: '^[\\x21-\\x7e]+( [\\x21-\\x7e]+)*$', description: 'serial number (trimmed and upper-cased; one token per serial per manufacturer, ever)' }),
    specHash: Type.Optional(Bytes32),
    deviceKey: Address,
    salvageValue: Type.String({ ...MinorUnits, pattern: '^(0|[1-9][0-9]{0,38})$', description: 'what the lessee pays to buy the device at the end of a lease, minor units' }),
  },
  { additionalProperties: false },
);
export const DepositBody = Type.Object({ amount: Type.String({ ...MinorUnits, pattern: '^[1-9][0-9]{0,38}$', description: 'XT minor units, at least 1, below 2^128' }) }, { additionalProperties: false });

export const DevicesQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 100, description: 'search: serial, model, equipment type or id (case-insensitive, part of it)' })),
    manufacturer: Type.Optional(Address),
    limit: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,2}$', description: 'at most 500 (default 100)' })),
  },
  { additionalProperties: false },
);

export const ReadingBody = Type.Object(
  {
    deviceId: DeviceId,
    seq: Uint64('sequence number, strictly increasing per device'),
    time: Type.Integer({ minimum: 0, maximum: 2 ** 40 - 1, description: 'Unix seconds, as the device\'s clock says' }),
    usageMilliHours: Uint64('cumulative usage (hour meter), thousandths of an hour'),
    latE6: Type.Integer({ minimum: -90_000_000, maximum: 90_000_000, description: 'latitude × 10⁶' }),
    lonE6: Type.Integer({ minimum: -180_000_000, maximum: 180_000_000, description: 'longitude × 10⁶' }),
    status: Type.Integer({ minimum: 0, maximum: 2, description: '0 ok, 1 warning, 2 fault' }),
    signature: Signature,
  },
  { additionalProperties: false, title: 'SignedReading' },
);

const LatE6 = (description: string) => Type.Integer({ minimum: -90_000_000, maximum: 90_000_000, description: `${description}, latitude × 10⁶` });
const LonE6 = (description: string) => Type.Integer({ minimum: -180_000_000, maximum: 180_000_000, description: `${description}, longitude × 10⁶` });
export const PermittedAreaBody = Type.Object(
  {
    minLatE6: LatE6('southern edge'), maxLatE6: LatE6('northern edge (at least minLatE6)'), minLonE6: LonE6('western edge'), maxLonE6: LonE6('eastern edge (at least minLonE6)'),
    reference: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: 'what sets it (a lease id, a site); default: your member address' })),
  },
  { additionalProperties: false },
);
export const PermittedArea = Type.Object(
  { minLatE6: Type.Integer(), maxLatE6: Type.Integer(), minLonE6: Type.Integer(), maxLonE6: Type.Integer(), reference: Type.String(), setAt: Instant },
  { title: 'PermittedArea', description: 'where the device may be: outside it, the monitor raises an outside_area alert' },
);
export const DeviceArea = Type.Object({ deviceId: DeviceId, minLatE6: Type.Integer(), maxLatE6: Type.Integer(), minLonE6: Type.Integer(), maxLonE6: Type.Integer(), reference: Type.String() });

export const Device = Type.Object(
  {
    deviceId: DeviceId,
    manufacturer: Address,
    manufacturerMemberId: Nullable(Type.String()),
    manufacturerName: Nullable(Type.String()),
    owner: Address,
    ownerMemberId: Nullable(Type.String()),
    deviceKey: Address,
    equipmentType: Type.String(),
    model: Type.String(),
    serial: Type.String(),
    specHash: Bytes32,
    salvageValue: MinorUnits,
    registeredAt: Instant,
    lastReading: Nullable(Type.Object({ seq: Type.String(), time: Type.Integer(), usageMilliHours: Type.String(), status: Type.Integer(), latE6: Type.Integer(), lonE6: Type.Integer(), receivedAt: Instant })),
    readings: Type.Integer({ description: 'readings accepted' }),
    anchoredReadings: Type.Integer({ description: 'readings whose batch is anchored on-chain' }),
    permittedArea: Nullable(PermittedArea),
  },
  { title: 'Device' },
);
export const DeviceList = Type.Object({ items: Type.Array(Device) });

export const Reading = Type.Object(
  {
    deviceId: DeviceId,
    seq: Type.String(),
    time: Type.Integer(),
    usageMilliHours: Type.String(),
    latE6: Type.Integer(),
    lonE6: Type.Integer(),
    status: Type.Integer(),
    signature: Type.String(),
    leaf: Bytes32,
    via: Type.String({ description: 'mqtt or http' }),
    receivedAt: Instant,
    batchNumber: Nullable(Type.String({ description: 'the anchored batch holding it (null until anchored)' })),
  },
  { title: 'TelemetryReading' },
);
export const Readings = Type.Object({ items: Type.Array(Reading), anchors: Type.Array(Type.Object({ batchNumber: Type.String(), at: Instant, lastTime: Type.Integer() })) });
export const ReadingsQuery = Type.Object(
  {
    limit: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,3}$', description: 'at most 5000 (default 500): the latest readings' })),
  },
  { additionalProperties: false },
);

export const IngestAnswer = Type.Object({ status: Type.Literal('accepted'), deviceId: DeviceId, seq: Type.String(), leaf: Bytes32 }, { title: 'ReadingAccepted' });

export const ReadingProof = Type.Object(
  {
    reading: ReadingBody,
    leaf: Bytes32,
    batchNumber: Nullable(Type.String()),
    root: Nullable(Bytes32),
    proof: Type.Array(Bytes32, { description: 'siblings from the leaf up (pairs hashed sorted, OpenZeppelin MerkleProof)' }),
    anchored: Type.Boolean({ description: 'the batch root is on-chain' }),
    verifiedOffChain: Type.Boolean(),
    verifiedOnChain: Nullable(Type.Boolean({ description: 'TelemetryAnchor.isAnchored answered (null until anchored)' })),
    anchor: Nullable(Type.Object({ address: Address, txHash: Type.String(), blockNumber: Type.String() })),
  },
  { title: 'ReadingProof' },
);

export const Anchor = Type.Object(
  {
    batchNumber: Type.String(),
    root: Bytes32,
    count: Type.Integer(),
    firstTime: Type.Integer(),
    lastTime: Type.Integer(),
    txHash: Type.String(),
    blockNumber: Type.String(),
    anchoredAt: Instant,
    devices: Type.Integer({ description: 'distinct devices in the batch' }),
  },
  { title: 'TelemetryAnchor' },
);
export const Anchors = Type.Object({ items: Type.Array(Anchor), pending: Type.Object({ batches: Type.Integer(), readings: Type.Integer(), unbatched: Type.Integer() }) });
export const AnchorDetail = Type.Object({ anchor: Anchor, readings: Type.Array(Reading) }, { title: 'TelemetryAnchorDetail' });

export const IngestStats = Type.Object(
  {
    accepted: Type.Integer(),
    rejected: Type.Record(Type.String(), Type.Integer(), { description: 'count by reason' }),
    recentRejections: Type.Array(Type.Object({ at: Instant, via: Type.String(), deviceId: Nullable(Type.String()), seq: Nullable(Type.String()), reason: Type.String(), detail: Type.String() })),
    mqtt: Nullable(Type.Object({ url: Type.String(), embedded: Type.Boolean() })),
  },
  { title: 'TelemetryIngestStats' },
);

export const MonitorEntry = Type.Object(
  {
    deviceId: DeviceId,
    serial: Type.String(),
    model: Type.String(),
    owner: Address,
    kind: Type.Union([Type.Literal('offline'), Type.Literal('fault'), Type.Literal('outside_area')]),
    since: Nullable(Instant),
    detail: Type.String(),
  },
  { title: 'DeviceAlert' },
);
export const Monitor = Type.Object({ offlineAfterSeconds: Type.Integer(), at: Instant, items: Type.Array(MonitorEntry) }, { title: 'DeviceMonitor' });

export const AreaBody = Type.Object(
  {
    minLatE6: Type.Integer({ minimum: -90_000_000, maximum: 90_000_000 }),
    maxLatE6: Type.Integer({ minimum: -90_000_000, maximum: 90_000_000 }),
    minLonE6: Type.Integer({ minimum: -180_000_000, maximum: 180_000_000 }),
    maxLonE6: Type.Integer({ minimum: -180_000_000, maximum: 180_000_000 }),
    reference: Text('what sets the area (a lease id)'),
  },
  { additionalProperties: false },
);

export type DeviceView = Static<typeof Device>;
export type TelemetryReadingView = Static<typeof Reading>;
export type TelemetryReadings = Static<typeof Readings>;
export type ReadingProofView = Static<typeof ReadingProof>;
export type TelemetryAnchorView = Static<typeof Anchor>;
export type TelemetryAnchors = Static<typeof Anchors>;
export type TelemetryAnchorDetail = Static<typeof AnchorDetail>;
export type TelemetryIngestStats = Static<typeof IngestStats>;
export type DeviceMonitor = Static<typeof Monitor>;
export type DeviceAlert = Static<typeof MonitorEntry>;
export type SignedReadingBody = Static<typeof ReadingBody>;
export type DeviceAreaView = Static<typeof DeviceArea>;
