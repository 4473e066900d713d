-- Leasing: service providers and ratings, leases and their rent flows. Amounts are NUMERIC(78,0) minor units.

-- ── Read models: derived ONLY from chain_events; a rebuild truncates and replays them. ─────────────────

CREATE TABLE leasing_providers (
  provider      text PRIMARY KEY,
  kinds         integer NOT NULL,
  certified_at  timestamptz NOT NULL,
  revoked_at    timestamptz
);

CREATE TABLE leasing_services (
  service_id    text PRIMARY KEY,
  provider      text NOT NULL,
  client        text NOT NULL,
  kind          integer NOT NULL,
  lease_id      text,
  report_hash   text NOT NULL,
  completed_at  timestamptz NOT NULL,
  rating        integer,
  rated_at      timestamptz
);
CREATE INDEX leasing_services_provider ON leasing_services (provider);

CREATE TABLE leasing_leases (
  lease_id           text PRIMARY KEY,
  device_id          numeric(78,0) NOT NULL,
  lessor             text NOT NULL,
  lessee             text NOT NULL,
  consortium_id      text NOT NULL,
  price              numeric(78,0) NOT NULL,
  rent_per_period    numeric(78,0) NOT NULL,
  usage_rate_per_hour numeric(78,0) NOT NULL,
  deposit            numeric(78,0) NOT NULL,
  period_days        integer NOT NULL,
  periods            integer NOT NULL,
  late_rate_bps      integer NOT NULL,
  day_count          integer NOT NULL,
  funding_deadline   timestamptz NOT NULL,
  platform_bps       integer NOT NULL,
  salvage_value      numeric(78,0) NOT NULL,
  investment_id      numeric(78,0) NOT NULL,
  providers          jsonb NOT NULL,
  status             text NOT NULL CHECK (status IN ('proposed', 'accepted', 'active', 'purchased', 'returned', 'cancelled')),
  raised             numeric(78,0) NOT NULL DEFAULT 0,
  start_day          timestamptz,
  paid_periods       integer NOT NULL DEFAULT 0,
  collected          numeric(78,0) NOT NULL DEFAULT 0,
  proposed_at        timestamptz NOT NULL,
  ended_at           timestamptz
);
CREATE INDEX leasing_leases_lessee ON leasing_leases (lessee);
CREATE INDEX leasing_leases_lessor ON leasing_leases (lessor);

-- Who funded what (units of the lease's investment claim = XT put in).
CREATE TABLE leasing_fundings (
  block_number  bigint NOT NULL,
  log_index     integer NOT NULL,
  lease_id      text NOT NULL,
  investor      text NOT NULL,
  amount        numeric(78,0) NOT NULL,
  refunded      boolean NOT NULL DEFAULT false,
  funded_at     timestamptz NOT NULL,
  PRIMARY KEY (block_number, log_index)
);
CREATE INDEX leasing_fundings_lease ON leasing_fundings (lease_id);

CREATE TABLE leasing_rent_payments (
  lease_id          text NOT NULL,
  period            integer NOT NULL,
  payer             text NOT NULL,
  rent              numeric(78,0) NOT NULL,
  usage_rent        numeric(78,0) NOT NULL,
  late_interest     numeric(78,0) NOT NULL,
  days_late         integer NOT NULL,
  usage_milli_hours numeric(78,0) NOT NULL,
  due_date          timestamptz NOT NULL,
  tx_hash           text NOT NULL,
  paid_at           timestamptz NOT NULL,
  PRIMARY KEY (lease_id, period)
);

-- Each recipient's part of each payment (period 0: the salvage value at a purchase).
CREATE TABLE leasing_rent_shares (
  block_number  bigint NOT NULL,
  log_index     integer NOT NULL,
  lease_id      text NOT NULL,
  period        integer NOT NULL,
  recipient     text NOT NULL,
  role          text NOT NULL CHECK (role IN ('platform', 'provider', 'investor')),
  amount        numeric(78,0) NOT NULL,
  PRIMARY KEY (block_number, log_index)
);
CREATE INDEX leasing_rent_shares_lease ON leasing_rent_shares (lease_id, period);

-- ── Off-chain facts: the marketplace where lessees, manufacturers and investors post what they want. ──────

CREATE TABLE leasing_requests (
  request_id        text PRIMARY KEY,
  lessee            text NOT NULL,
  equipment_type    text NOT NULL,
  periods           integer NOT NULL,
  period_days       integer NOT NULL,
  budget_per_period numeric(78,0) NOT NULL,
  status            text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted')),
  accepted_offer_id text,
  created_at        timestamptz NOT NULL DEFAULT now(),
  seq               bigserial NOT NULL
);

CREATE TABLE leasing_device_offers (
  offer_id          text PRIMARY KEY,
  manufacturer      text NOT NULL,
  device_id         numeric(78,0) NOT NULL,
  equipment_type    text NOT NULL,
  price             numeric(78,0) NOT NULL,
  rent_per_period   numeric(78,0) NOT NULL,
  periods           integer NOT NULL,
  period_days       integer NOT NULL,
  deposit           numeric(78,0) NOT NULL,
  status            text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted')),
  created_at        timestamptz NOT NULL DEFAULT now(),
  seq               bigserial NOT NULL
);

CREATE TABLE leasing_capital_offers (
  capital_id        text PRIMARY KEY,
  investor          text NOT NULL,
  amount            numeric(78,0) NOT NULL,
  risk              text NOT NULL CHECK (risk IN ('low', 'medium', 'high')),
  created_at        timestamptz NOT NULL DEFAULT now(),
  seq               bigserial NOT NULL
);
