-- Platform foundation: deployment, custody, members and users, durable commands, indexer and read models.
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
  PRIMARY KEY (chain_id, name)
);

-- Custodial signing keys, encrypted at rest (AES-256-GCM under the platform master key).
CREATE TABLE signer_keys (
  address     text PRIMARY KEY,
  ciphertext  text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- Off-chain profile of an enterprise; its on-chain state is in member_states (read model).
CREATE TABLE members (
  id                   uuid PRIMARY KEY,
  name                 text NOT NULL,
  registration_number  text NOT NULL,
  legal_id_hash        text NOT NULL UNIQUE,
  documents_hash       text,
  address              text NOT NULL UNIQUE,
  requested_roles      text[] NOT NULL DEFAULT '{}',
  created_at           timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
  id          uuid PRIMARY KEY,
  member_id   uuid NOT NULL REFERENCES members(id),
  name        text NOT NULL,
  role        text NOT NULL CHECK (role IN ('admin', 'member', 'viewer')),
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE api_keys (
  id          uuid PRIMARY KEY,
  user_id     uuid NOT NULL REFERENCES users(id),
  key_hash    text NOT NULL UNIQUE,
  prefix      text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  revoked_at  timestamptz
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

-- Indexer: the blocks seen (for parent-hash checks) and every decoded event of our contracts.
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

-- Read models, derived only from chain_events (a replay rebuilds them exactly).
CREATE TABLE member_states (
  address          text PRIMARY KEY,
  legal_id_hash    text NOT NULL,
  documents_hash   text NOT NULL,
  roles            integer NOT NULL DEFAULT 0,
  status           text NOT NULL,
  registered_at    timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL,
  updated_block    bigint NOT NULL
);

CREATE TABLE system_accounts (
  address   text PRIMARY KEY,
  allowed   boolean NOT NULL
);

CREATE TABLE consortia (
  id             text PRIMARY KEY,
  core           text NOT NULL,
  name_hash      text NOT NULL,
  member_count   integer NOT NULL,
  created_at     timestamptz NOT NULL,
  created_block  bigint NOT NULL
);

CREATE TABLE consortium_memberships (
  consortium_id  text NOT NULL,
  member         text NOT NULL,
  state          text NOT NULL,
  invited_by     text,
  updated_at     timestamptz NOT NULL,
  updated_block  bigint NOT NULL,
  PRIMARY KEY (consortium_id, member)
);
CREATE INDEX consortium_memberships_member ON consortium_memberships (member);

CREATE TABLE xt_balances (
  address  text PRIMARY KEY,
  balance  numeric(78,0) NOT NULL
);

CREATE TABLE xt_movements (
  block_number  bigint NOT NULL,
  log_index     integer NOT NULL,
  tx_hash       text NOT NULL,
  kind          text NOT NULL CHECK (kind IN ('deposit', 'withdrawal', 'transfer')),
  from_address  text,
  to_address    text,
  amount        numeric(78,0) NOT NULL,
  reference     text,
  block_time    timestamptz NOT NULL,
  PRIMARY KEY (block_number, log_index)
);
CREATE INDEX xt_movements_from ON xt_movements (from_address, block_number);
CREATE INDEX xt_movements_to ON xt_movements (to_address, block_number);

CREATE TABLE xt_state (
  id            integer PRIMARY KEY CHECK (id = 1),
  total_supply  numeric(78,0) NOT NULL,
  deposited     numeric(78,0) NOT NULL,
  withdrawn     numeric(78,0) NOT NULL,
  paused        boolean NOT NULL
);

-- Off-chain labels for on-chain hashes (the chain holds only the hashes).
CREATE TABLE consortium_profiles (
  id          text PRIMARY KEY,
  name        text NOT NULL,
  created_by  uuid NOT NULL REFERENCES members(id),
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE xt_references (
  hash        text PRIMARY KEY,
  kind        text NOT NULL CHECK (kind IN ('deposit', 'withdrawal')),
  reference   text NOT NULL,
  command_id  uuid NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
