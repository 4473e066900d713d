-- Devices and telemetry: device tokens, manufacturers' deposits, signed readings, their Merkle batches and anchors.
-- Amounts are NUMERIC(78,0) minor units; addresses lower-case hex text; device ids 0x + 64 hex digits.

-- ── Off-chain facts ─────────────────────────────────────────────────────────────────────────────────────

-- The device's texts as the manufacturer wrote them (the indexer lower-cases event strings).
CREATE TABLE device_texts (
  device_id       text PRIMARY KEY,
  equipment_type  text NOT NULL,
  model           text NOT NULL,
  serial          text NOT NULL,
  command_id      uuid NOT NULL
);

-- Every accepted reading, stored before it is acknowledged (MQTT PUBACK, HTTP 202). (device_id, seq) is unique:
-- a reading is stored once whatever the broker redelivers.
CREATE TABLE telemetry_readings (
  device_id          text NOT NULL,
  seq                numeric(20,0) NOT NULL,
  device_time        bigint NOT NULL,
  usage_milli_hours  numeric(20,0) NOT NULL,
  lat_e6             integer NOT NULL,
  lon_e6             integer NOT NULL,
  status             smallint NOT NULL,
  signature          text NOT NULL,
  leaf               text NOT NULL,
  via                text NOT NULL,
  received_at        timestamptz NOT NULL DEFAULT now(),
  batch_id           uuid,
  leaf_index         integer,
  PRIMARY KEY (device_id, seq)
);
CREATE INDEX telemetry_readings_unbatched ON telemetry_readings (received_at) WHERE batch_id IS NULL;
CREATE INDEX telemetry_readings_batch ON telemetry_readings (batch_id, leaf_index);

-- The last accepted sequence number per device: a reading must be above it (replays and older ones are refused).
CREATE TABLE telemetry_cursors (
  device_id    text PRIMARY KEY,
  last_seq     numeric(20,0) NOT NULL,
  last_time    bigint NOT NULL,
  last_status  smallint NOT NULL,
  last_lat_e6  integer NOT NULL,
  last_lon_e6  integer NOT NULL,
  last_usage   numeric(20,0) NOT NULL,
  received_at  timestamptz NOT NULL
);

-- Readings refused, with the reason (bad_signature, unknown_device, replayed_sequence, malformed).
CREATE TABLE telemetry_rejections (
  id           bigserial PRIMARY KEY,
  at           timestamptz NOT NULL DEFAULT now(),
  via          text NOT NULL,
  device_id    text,
  seq          text,
  reason       text NOT NULL,
  detail       text NOT NULL
);
CREATE INDEX telemetry_rejections_reason ON telemetry_rejections (reason);

-- A batch of readings: its Merkle root, sent to TelemetryAnchor.anchor through the outbox (command_id).
CREATE TABLE telemetry_batches (
  id          uuid PRIMARY KEY,
  root        text NOT NULL UNIQUE,
  count       integer NOT NULL,
  first_time  bigint NOT NULL,
  last_time   bigint NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  command_id  uuid NOT NULL
);

-- Where a lease lets a device be (set by the leasing module); outside it is an anomaly.
CREATE TABLE device_areas (
  device_id   text PRIMARY KEY,
  min_lat_e6  integer NOT NULL,
  max_lat_e6  integer NOT NULL,
  min_lon_e6  integer NOT NULL,
  max_lon_e6  integer NOT NULL,
  reference   text NOT NULL,
  set_at      timestamptz NOT NULL DEFAULT now()
);

-- ── Read models: derived ONLY from chain_events; a rebuild truncates and replays them. ─────────────────

CREATE TABLE devices (
  id               text PRIMARY KEY,
  manufacturer     text NOT NULL,
  owner            text NOT NULL,
  device_key       text NOT NULL,
  equipment_type   text NOT NULL,
  model            text NOT NULL,
  serial           text NOT NULL,
  serial_key       text NOT NULL,
  spec_hash        text NOT NULL,
  salvage_value    numeric(78,0) NOT NULL,
  registered_at    timestamptz NOT NULL,
  registered_block bigint NOT NULL
);
CREATE INDEX devices_manufacturer ON devices (manufacturer);
CREATE INDEX devices_owner ON devices (owner);
CREATE UNIQUE INDEX devices_key ON devices (device_key);

CREATE TABLE device_deposits (
  manufacturer  text PRIMARY KEY,
  total         numeric(78,0) NOT NULL,
  slashed       numeric(78,0) NOT NULL DEFAULT 0
);

CREATE TABLE telemetry_anchors (
  batch_number  bigint PRIMARY KEY,
  root          text NOT NULL,
  count         integer NOT NULL,
  first_time    bigint NOT NULL,
  last_time     bigint NOT NULL,
  tx_hash       text NOT NULL,
  block_number  bigint NOT NULL,
  anchored_at   timestamptz NOT NULL
);
CREATE INDEX telemetry_anchors_root ON telemetry_anchors (root);
