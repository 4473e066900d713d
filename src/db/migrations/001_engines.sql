-- The engines' own tables: platform settings, deployments, custodial keys, idempotency, the command outbox and
-- its nonces, and the indexer's blocks and events. Modules bring their own tables (src/modules/<name>/migrations).
-- Amounts are NUMERIC(78,0) (uint256 range) and addresses lower-case hex text.

CREATE TABLE platform_settings (
  key         text PRIMARY KEY,
  value       jsonb NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE deployments (
  chain_id      bigint NOT NULL,
  name          text NOT NULL,
  address       text NOT NULL,
  tx_hash       text,
  block_number  bigint NOT NULL,
  deployed_at   timestamptz NOT NULL DEFAULT now(),
  -- The contracts' build (the source hash of the generated bindings): a platform refuses contracts of another build.
  build         text,
  PRIMARY KEY (chain_id, name)
);

-- Custodial signing keys, encrypted at rest (AES-256-GCM under the platform master key).
CREATE TABLE signer_keys (
  address     text PRIMARY KEY,
  ciphertext  text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- Idempotency: one row per (caller scope, key); a replay returns the stored response.
CREATE TABLE idempotency_keys (
  scope          text NOT NULL,
  key            text NOT NULL,
  request_hash   text NOT NULL,
  status_code    integer NOT NULL,
  response       jsonb NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, key)
);

-- The outbox: a command is stored before it is signed; the transaction manager drives it to an end state.
CREATE TABLE commands (
  id             uuid PRIMARY KEY,
  seq            bigserial UNIQUE,
  kind           text NOT NULL,
  requested_by   uuid,
  signer         text NOT NULL,
  contract       text,
  to_address     text NOT NULL,
  function_name  text,
  args           jsonb NOT NULL DEFAULT '[]',
  data           text NOT NULL,
  value          numeric(78,0) NOT NULL DEFAULT 0,
  depends_on     uuid[] NOT NULL DEFAULT '{}',
  status         text NOT NULL CHECK (status IN ('accepted', 'submitted', 'confirmed', 'failed')),
  nonce          bigint,
  gas_limit      numeric(78,0),
  tx_hash        text,
  raw_tx         text,
  broadcasts     integer NOT NULL DEFAULT 0,
  block_number   bigint,
  gas_used       numeric(78,0),
  error          jsonb,
  result         jsonb,
  created_at     timestamptz NOT NULL DEFAULT now(),
  submitted_at   timestamptz,
  last_broadcast_at timestamptz,
  finished_at    timestamptz,
  updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX commands_open ON commands (signer, seq) WHERE status IN ('accepted', 'submitted');
CREATE INDEX commands_requested_by ON commands (requested_by, seq);
CREATE UNIQUE INDEX commands_signer_nonce ON commands (signer, nonce) WHERE nonce IS NOT NULL AND status <> 'failed';

CREATE TABLE signer_nonces (
  address     text PRIMARY KEY,
  next_nonce  bigint NOT NULL
);

CREATE TABLE indexer_blocks (
  number       bigint PRIMARY KEY,
  hash         text NOT NULL,
  parent_hash  text NOT NULL,
  timestamp    timestamptz NOT NULL
);

CREATE TABLE chain_events (
  block_number  bigint NOT NULL,
  log_index     integer NOT NULL,
  block_hash    text NOT NULL,
  tx_hash       text NOT NULL,
  contract      text NOT NULL,
  address       text NOT NULL,
  event_name    text NOT NULL,
  args          jsonb NOT NULL,
  block_time    timestamptz NOT NULL,
  PRIMARY KEY (block_number, log_index)
);
CREATE INDEX chain_events_tx ON chain_events (tx_hash);
