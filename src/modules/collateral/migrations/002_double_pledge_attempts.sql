-- Off-chain (NOT a read model: never truncated on replay): every attempt to register the same goods twice, to pledge
-- locked goods again, or to move them, refused by the API before it reached the chain (a contract revert leaves no
-- event). The regulator sees them beside the margin calls, defaults and liquidations.
CREATE TABLE double_pledge_attempts (
  id             bigserial PRIMARY KEY,
  code           text NOT NULL,            -- GoodsReceiptUsed, GoodsLotUsed, GoodsAlreadyPledged, GoodsLocked
  goods_id       text,                     -- the goods already registered or locked
  member_id      text NOT NULL,            -- who tried
  member_address text NOT NULL,
  user_id        text,
  receipt        text,
  lot            text,
  message        text NOT NULL,
  at             timestamptz NOT NULL            -- the latest block time (or the clock, when later)
);
CREATE INDEX double_pledge_attempts_at ON double_pledge_attempts (at DESC);
