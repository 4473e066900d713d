-- Documents: encrypted files (AES-256-GCM, one key per document), each document key wrapped per entitled member with
-- its X25519 document key; every read logged. Grants live on-chain (DocumentRegistry) and in the read model below.

CREATE TABLE document_keys (
  member_id       uuid PRIMARY KEY,
  public_key_pem  text NOT NULL,
  updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE documents (
  id          text PRIMARY KEY,
  owner_id    uuid NOT NULL,
  kind        text NOT NULL,
  name        text NOT NULL,
  sha256      text NOT NULL,
  sm3         text NOT NULL,
  size        integer NOT NULL,
  ciphertext  bytea NOT NULL,
  iv          bytea NOT NULL,
  tag         bytea NOT NULL,
  command_id  uuid NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE document_wrapped_keys (
  document_id  text NOT NULL REFERENCES documents (id),
  member_id    uuid NOT NULL,
  wrapped      jsonb NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (document_id, member_id)
);

CREATE TABLE document_reads (
  id           bigserial PRIMARY KEY,
  document_id  text NOT NULL,
  member_id    uuid NOT NULL,
  user_id      uuid,
  allowed      boolean NOT NULL,
  at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX document_reads_document ON document_reads (document_id, at);

-- ── Read model: derived ONLY from chain_events (DocumentRegistry). ──────────────────────────────────────
CREATE TABLE document_grants (
  document_id   text NOT NULL,
  grantee       text NOT NULL,
  granted_by    text NOT NULL,
  active        boolean NOT NULL,
  block_number  bigint NOT NULL,
  tx_hash       text NOT NULL,
  PRIMARY KEY (document_id, grantee)
);
CREATE TABLE document_registrations (
  document_id   text PRIMARY KEY,
  owner         text NOT NULL,
  sha256        text NOT NULL,
  sm3           text NOT NULL,
  kind          integer NOT NULL,
  block_number  bigint NOT NULL,
  tx_hash       text NOT NULL
);
