-- Collateral: goods tokens, collateral classes, positions and their draws, margin calls, auctions. Amounts are
-- NUMERIC(78,0) minor units; addresses lower-case hex text; ids 0x + 64 hex digits.

-- Off-chain: the goods' texts as the verifier wrote them (events keep them too, but the indexer lower-cases strings).
CREATE TABLE goods_texts (
  goods_id     text PRIMARY KEY,
  unit         text NOT NULL,
  description  text NOT NULL,
  location     text NOT NULL,
  receipt      text NOT NULL,
  lot          text NOT NULL,
  command_id   uuid NOT NULL
);

-- ── Read models: derived ONLY from chain_events; a rebuild truncates and replays them. ─────────────────

CREATE TABLE goods (
  id               text PRIMARY KEY,
  owner            text NOT NULL,
  verifier         text NOT NULL,
  class_id         integer NOT NULL,
  quantity         numeric(78,0) NOT NULL,
  unit             text NOT NULL,
  description      text NOT NULL,
  location         text NOT NULL,
  receipt          text NOT NULL,
  lot              text NOT NULL,
  documents_hash   text,
  value            numeric(78,0) NOT NULL,
  valued_at        timestamptz NOT NULL,
  valuer           text NOT NULL,
  locked           boolean NOT NULL DEFAULT false,
  registered_at    timestamptz NOT NULL,
  registered_block bigint NOT NULL
);
CREATE INDEX goods_owner ON goods (owner);

CREATE TABLE goods_valuations (
  block_number  bigint NOT NULL,
  log_index     integer NOT NULL,
  goods_id      text NOT NULL,
  valuer        text NOT NULL,
  value         numeric(78,0) NOT NULL,
  previous      numeric(78,0) NOT NULL,
  block_time    timestamptz NOT NULL,
  PRIMARY KEY (block_number, log_index)
);
CREATE INDEX goods_valuations_goods ON goods_valuations (goods_id, block_number);

CREATE TABLE collateral_classes (
  class_id          integer PRIMARY KEY,
  kind              text NOT NULL,
  active            boolean NOT NULL,
  ltv_bps           integer NOT NULL,
  margin_bps        integer NOT NULL,
  liquidation_bps   integer NOT NULL,
  penalty_bps       integer NOT NULL,
  auction_start_bps integer NOT NULL,
  auction_floor_bps integer NOT NULL,
  curve             text NOT NULL,
  auction_duration  integer NOT NULL,
  auction_step      integer NOT NULL,
  margin_grace      integer NOT NULL,
  default_grace     integer NOT NULL
);

CREATE TABLE collateral_positions (
  id                    text PRIMARY KEY,
  pledgor               text NOT NULL,
  goods_id              text,
  class_id              integer NOT NULL,
  status                text NOT NULL,
  collateral_value      numeric(78,0) NOT NULL,
  credit_limit          numeric(78,0) NOT NULL,
  debt                  numeric(78,0) NOT NULL DEFAULT 0,
  margin                numeric(78,0) NOT NULL,
  due_date              date NOT NULL,
  late_rate_bps         integer NOT NULL,
  max_hops              integer NOT NULL,
  day_count             integer NOT NULL,
  consortium_id         text NOT NULL,
  margin_call_deadline  timestamptz,
  opened_at             timestamptz NOT NULL,
  updated_block         bigint NOT NULL
);
CREATE INDEX collateral_positions_pledgor ON collateral_positions (pledgor);

CREATE TABLE collateral_draws (
  id            text PRIMARY KEY,
  position_id   text NOT NULL,
  idx           integer NOT NULL,
  face          numeric(78,0) NOT NULL,
  paid          numeric(78,0) NOT NULL DEFAULT 0,
  principal_paid numeric(78,0) NOT NULL DEFAULT 0,
  interest_paid numeric(78,0) NOT NULL DEFAULT 0,
  penalty_paid  numeric(78,0) NOT NULL DEFAULT 0,
  distributed   numeric(78,0) NOT NULL DEFAULT 0,
  written_off   numeric(78,0) NOT NULL DEFAULT 0,
  closed        boolean NOT NULL DEFAULT false,
  kind          text NOT NULL,
  drawn_at      timestamptz NOT NULL
);
CREATE INDEX collateral_draws_position ON collateral_draws (position_id);

-- Every step of a position, in chain order: the history the console draws coverage from, and the regulator's alerts.
CREATE TABLE collateral_events (
  block_number  bigint NOT NULL,
  log_index     integer NOT NULL,
  tx_hash       text NOT NULL,
  position_id   text,
  goods_id      text,
  kind          text NOT NULL,
  actor         text,
  amount        numeric(78,0),
  debt          numeric(78,0),
  value         numeric(78,0),
  ratio_bps     numeric(78,0),
  detail        text,
  block_time    timestamptz NOT NULL,
  PRIMARY KEY (block_number, log_index)
);
CREATE INDEX collateral_events_position ON collateral_events (position_id, block_number);

CREATE TABLE collateral_auctions (
  position_id  text NOT NULL,
  round        integer NOT NULL,
  goods_id     text NOT NULL,
  start_price  numeric(78,0) NOT NULL,
  floor_price  numeric(78,0) NOT NULL,
  started_at   timestamptz NOT NULL,
  duration     integer NOT NULL,
  step         integer NOT NULL,
  curve        text NOT NULL,
  winner       text,
  price        numeric(78,0),
  won_at       timestamptz,
  PRIMARY KEY (position_id, round)
);

CREATE TABLE collateral_write_offs (
  block_number  bigint NOT NULL,
  log_index     integer NOT NULL,
  claim_id      text NOT NULL,
  root          text NOT NULL,
  holder        text NOT NULL,
  loss          numeric(78,0) NOT NULL,
  block_time    timestamptz NOT NULL,
  PRIMARY KEY (block_number, log_index)
);
CREATE INDEX collateral_write_offs_holder ON collateral_write_offs (holder);
