-- Certificates: the operator's certificate authorities and their CRLs, members' certificates (off-chain: the files),
-- verified document signatures; and the read model of CertificateRegistry's events.

CREATE TABLE certificate_authorities (
  sha256      text PRIMARY KEY,
  pem         text NOT NULL,
  subject     text NOT NULL,
  key_id      text NOT NULL,
  algorithm   text NOT NULL CHECK (algorithm IN ('sm2', 'p256')),
  not_after   timestamptz NOT NULL,
  added_by    uuid,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- The newest CRL of each signing key (SHA-256 of its SPKI).
CREATE TABLE certificate_crls (
  key_id       text PRIMARY KEY,
  issuer       text NOT NULL,
  der          bytea NOT NULL,
  this_update  timestamptz NOT NULL,
  next_update  timestamptz,
  revoked      text[] NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE member_certificates (
  sha256       text PRIMARY KEY,
  sm3          text NOT NULL,
  member_id    uuid NOT NULL,
  pem          text NOT NULL,
  chain_pem    text NOT NULL,
  serial       text NOT NULL,
  subject      text NOT NULL,
  issuer       text NOT NULL,
  issuer_key   text NOT NULL,
  algorithm    text NOT NULL CHECK (algorithm IN ('sm2', 'p256')),
  not_before   timestamptz NOT NULL,
  not_after    timestamptz NOT NULL,
  command_id   uuid NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX member_certificates_member ON member_certificates (member_id, created_at);

CREATE TABLE document_signatures (
  id               uuid PRIMARY KEY,
  document_sha256  text NOT NULL,
  document_sm3     text NOT NULL,
  member_id        uuid NOT NULL,
  certificate      text NOT NULL,
  algorithm        text NOT NULL,
  signature        bytea NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (document_sha256, member_id, certificate)
);

-- ── Read model: derived ONLY from chain_events (CertificateRecorded, CertificateRevoked). ───────────────
CREATE TABLE certificate_states (
  member       text PRIMARY KEY,
  sha256       text NOT NULL,
  sm3          text NOT NULL,
  not_after    bigint NOT NULL,
  revoked      boolean NOT NULL,
  recorded_by  text NOT NULL,
  block_number bigint NOT NULL,
  tx_hash      text NOT NULL
);
