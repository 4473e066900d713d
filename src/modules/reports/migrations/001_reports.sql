-- Reports: who generated which regulator report, as of when, through which block, and the SHA-256 of its CSV
-- (the same events give the same bytes, so a report handed over can be checked against a rerun).
CREATE TABLE report_runs (
  id             bigserial PRIMARY KEY,
  kind           text NOT NULL,
  member_id      uuid NOT NULL,
  user_id        uuid,
  as_of          timestamptz NOT NULL,
  through_block  bigint NOT NULL,
  rows           integer NOT NULL,
  csv_sha256     text NOT NULL,
  at             timestamptz NOT NULL DEFAULT now()
);
