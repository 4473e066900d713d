-- Currency: XT, the settlement token. Amounts are NUMERIC(78,0) minor units; addresses lower-case hex text.

-- Off-chain: the bank references behind deposit and withdrawal hashes (written by the command side).
CREATE TABLE xt_references (
  hash        text PRIMARY KEY,
  kind        text NOT NULL CHECK (kind IN ('deposit', 'withdrawal')),
  reference   text NOT NULL,
  command_id  uuid NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- ── Read models: derived ONLY from chain_events; a rebuild truncates and replays them. ─────────────────

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
