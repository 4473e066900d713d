-- Identity: enterprises (members), their users and API keys, consortia. Addresses are lower-case hex text.

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

-- Off-chain labels for on-chain hashes (the chain holds only the hashes).
CREATE TABLE consortium_profiles (
  id          text PRIMARY KEY,
  name        text NOT NULL,
  created_by  uuid NOT NULL REFERENCES members(id),
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- ── Read models: derived ONLY from chain_events; a rebuild truncates and replays them. ─────────────────

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
