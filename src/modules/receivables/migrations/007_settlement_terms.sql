-- A settlement keeps the terms late interest runs on (its trade's late rate and day count, as the root was issued
-- with them), beside its due date (migration 005): a position works out the late interest of its open roots past
-- due in the database from the settlement rows alone, without looking up each root's trade.
ALTER TABLE settlements ADD COLUMN late_rate_bps integer;
ALTER TABLE settlements ADD COLUMN day_count integer;
UPDATE settlements s SET late_rate_bps = t.late_rate_bps, day_count = t.day_count FROM trades t WHERE t.claim_id = s.root;

-- settlements_open_obligor (obligor, with the open predicate) is the leading column of settlements_open_obligor_due
-- (obligor, due_date, same predicate; migration 005), which answers every query the first one did; the indexer paid
-- for both on each settlement it wrote.
DROP INDEX IF EXISTS settlements_open_obligor;
