-- Read models (derived from events): receivable claims pledged to positions (ClaimPledges) and goods added to an
-- open position after its lock (CollateralVault.GoodsAdded).
CREATE TABLE collateral_pledged_claims (
  position_id    text PRIMARY KEY,
  claim_id       text NOT NULL,
  pledgor        text NOT NULL,
  units          numeric(78, 0) NOT NULL,     -- the face: one XT minor unit per unit
  collected      numeric(78, 0) NOT NULL DEFAULT 0,
  paid           boolean NOT NULL DEFAULT false,
  released       boolean NOT NULL DEFAULT false,
  units_returned numeric(78, 0),              -- at release: the units given back (0 when the claim stays in escrow)
  locked_block   bigint NOT NULL
);
CREATE INDEX collateral_pledged_claims_claim ON collateral_pledged_claims (claim_id);

CREATE TABLE collateral_added_goods (
  position_id   text NOT NULL,
  goods_id      text NOT NULL,
  value_at_add  numeric(78, 0) NOT NULL,
  block_number  bigint NOT NULL,
  log_index     integer NOT NULL,
  PRIMARY KEY (position_id, goods_id)
);
CREATE INDEX collateral_added_goods_goods ON collateral_added_goods (goods_id);
