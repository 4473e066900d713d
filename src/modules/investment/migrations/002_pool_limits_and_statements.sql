-- Pools' limits (minimum subordination, committed cover) and what an investor's statement is computed from: each
-- order (requests per investor, tranche and epoch), the deposits a close returned, the block of each close and the
-- tranches' investment ids (to follow share transfers in the ledger's read model). Read models: a replay rebuilds them.

ALTER TABLE investment_pools ADD COLUMN min_subordination_bps integer NOT NULL DEFAULT 0;
ALTER TABLE investment_pools ADD COLUMN min_cover_bps integer NOT NULL DEFAULT 0;
ALTER TABLE investment_pools ADD COLUMN cover_posted numeric(78,0) NOT NULL DEFAULT 0;
ALTER TABLE investment_pools ADD COLUMN cover_withdrawn numeric(78,0) NOT NULL DEFAULT 0;
ALTER TABLE investment_pool_epochs ADD COLUMN block_number bigint NOT NULL DEFAULT 0;

CREATE TABLE investment_pool_tranches (
  pool_id        text NOT NULL,
  tranche        smallint NOT NULL,
  investment_id  text NOT NULL,
  PRIMARY KEY (pool_id, tranche)
);

-- One investor's requests in one epoch of one tranche (the contract keeps one order per investor and tranche).
CREATE TABLE investment_pool_orders (
  pool_id   text NOT NULL,
  tranche   smallint NOT NULL,
  investor  text NOT NULL,
  epoch     integer NOT NULL,
  deposit   numeric(78,0) NOT NULL DEFAULT 0,
  redeem    numeric(78,0) NOT NULL DEFAULT 0,
  PRIMARY KEY (pool_id, tranche, investor, epoch)
);
CREATE INDEX investment_pool_orders_investor ON investment_pool_orders (investor);

-- Deposits a close did not execute (a wiped-out tranche, or A above the minimum subordination).
CREATE TABLE investment_deposits_returned (
  pool_id  text NOT NULL,
  epoch    integer NOT NULL,
  tranche  smallint NOT NULL,
  assets   numeric(78,0) NOT NULL,
  PRIMARY KEY (pool_id, epoch, tranche)
);
