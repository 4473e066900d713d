-- Investment: P2P listings and tranched pools. Amounts are NUMERIC(78,0) minor units; ids are decimal or 0x hex text.

-- ── Read models: derived ONLY from chain_events; a rebuild truncates and replays them. ─────────────────

CREATE TABLE investment_listings (
  listing_id        text PRIMARY KEY,
  holder            text NOT NULL,
  claim_id          numeric(78,0) NOT NULL,
  units             numeric(78,0) NOT NULL,
  price             numeric(78,0) NOT NULL,
  deadline          timestamptz NOT NULL,
  target_yield_bps  integer NOT NULL,
  investment_id     numeric(78,0) NOT NULL,
  status            text NOT NULL CHECK (status IN ('open', 'funded', 'failed', 'settled')),
  raised            numeric(78,0) NOT NULL DEFAULT 0,
  collected         numeric(78,0) NOT NULL DEFAULT 0,
  distributed       numeric(78,0) NOT NULL DEFAULT 0,
  listed_at         timestamptz NOT NULL
);

-- Every XT movement of a listing: funding, payment to the holder, refunds, collections, payouts.
CREATE TABLE investment_listing_movements (
  block_number  bigint NOT NULL,
  log_index     integer NOT NULL,
  tx_hash       text NOT NULL,
  listing_id    text NOT NULL,
  kind          text NOT NULL CHECK (kind IN ('funded', 'paid_holder', 'refunded', 'collected', 'paid_out')),
  party         text,
  amount        numeric(78,0) NOT NULL,
  burned        numeric(78,0) NOT NULL DEFAULT 0,
  block_time    timestamptz NOT NULL,
  PRIMARY KEY (block_number, log_index)
);
CREATE INDEX investment_listing_movements_listing ON investment_listing_movements (listing_id);

CREATE TABLE investment_pools (
  pool_id        text PRIMARY KEY,
  sponsor        text NOT NULL,
  consortium_id  text NOT NULL,
  maturity       timestamptz NOT NULL,
  target_a_bps   integer NOT NULL,
  target_b_bps   integer NOT NULL,
  target_c_bps   integer NOT NULL,
  cover          numeric(78,0) NOT NULL DEFAULT 0,
  created_at     timestamptz NOT NULL
);

-- What each epoch close did to each tranche (the waterfall and NAV/yield pictures read this).
CREATE TABLE investment_tranche_epochs (
  pool_id           text NOT NULL,
  epoch             integer NOT NULL,
  tranche           smallint NOT NULL,
  previous          numeric(78,0) NOT NULL,
  target            numeric(78,0) NOT NULL,
  value             numeric(78,0) NOT NULL,
  deposit_assets    numeric(78,0) NOT NULL,
  deposit_shares    numeric(78,0) NOT NULL,
  redeem_shares     numeric(78,0) NOT NULL,
  redeem_fulfilled  numeric(78,0) NOT NULL,
  redeem_assets     numeric(78,0) NOT NULL,
  value_after       numeric(78,0) NOT NULL,
  supply_after      numeric(78,0) NOT NULL,
  closed_at         timestamptz NOT NULL,
  PRIMARY KEY (pool_id, epoch, tranche)
);

CREATE TABLE investment_pool_epochs (
  pool_id     text NOT NULL,
  epoch       integer NOT NULL,
  nav         numeric(78,0) NOT NULL,
  cash        numeric(78,0) NOT NULL,
  cover_used  numeric(78,0) NOT NULL,
  num_days    integer NOT NULL,
  closed_at   timestamptz NOT NULL,
  PRIMARY KEY (pool_id, epoch)
);

-- The claims each pool bought, what was collected and how the holders valued them: exposures by obligor.
CREATE TABLE investment_pool_assets (
  pool_id       text NOT NULL,
  asset_index   integer NOT NULL,
  claim_id      numeric(78,0) NOT NULL,
  obligor       text NOT NULL,
  seller        text NOT NULL,
  face          numeric(78,0) NOT NULL,
  price         numeric(78,0) NOT NULL,
  collected     numeric(78,0) NOT NULL DEFAULT 0,
  closed        boolean NOT NULL DEFAULT false,
  written_off   boolean NOT NULL DEFAULT false,
  valuation     numeric(78,0),
  bought_at     timestamptz NOT NULL,
  PRIMARY KEY (pool_id, asset_index)
);
