-- Receivables keeps only a commitment to each trade (its status and keccak256(abi.encode(trade))); the full trade
-- background comes from TradeSubmitted, which carries every field (docs/adr/008-trade-commitment.md). The trades
-- read model keeps all of them, so the platform can pass the trade back to confirmTrade / rejectTrade.
-- A read model derived only from chain_events: rebuildReadModels() truncates and replays it.
ALTER TABLE trades
  ADD COLUMN late_rate_bps  integer,
  ADD COLUMN max_hops       integer,
  ADD COLUMN day_count      integer,
  ADD COLUMN consortium_id  text;
