-- Several platform instances on one database and one chain (docs/adr/014-instances.md).
-- A signer's transaction-manager work belongs to one instance at a time: its lease, renewed every pass; an instance that
-- stops renewing (it died) loses its signers to the others once the lease expires.
CREATE TABLE signer_leases (
  signer      text PRIMARY KEY,
  holder      text NOT NULL,
  expires_at  timestamptz NOT NULL
);
CREATE INDEX signer_leases_holder ON signer_leases (holder);

-- Engine-wide single writers (the indexer): one holder at a time, taken over when its lease expires.
CREATE TABLE engine_leases (
  name        text PRIMARY KEY,
  holder      text NOT NULL,
  expires_at  timestamptz NOT NULL
);
