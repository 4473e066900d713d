-- Room on each page for the rows the indexer updates, so that an update is a heap-only tuple (HOT): a new version of
-- the row on the same page, and no new entry in any index.
-- - claim_holdings: every transfer updates two holdings (balance, hops, redeemed, updated_at, updated_block: none of them
--   indexed). With full pages (the default fill factor, 100) nearly every update moved the row to another page and
--   added an entry to both of its indexes. The indexer's catch-up of 10,000 claims (127,276 events) makes 49,200
--   updates of holdings: 1,109 were HOT before, 22,002 with this.
-- - claims: a supply change (a mint, a burn, a modify) updates total_supply, not indexed either, but claims has six
--   indexes for its readers, each one more random insert per update that is not HOT (same catch-up: 610 → 2,663 HOT of
--   5,680).
-- A fill factor applies to pages written from now on (a table is not rewritten); a replay's TRUNCATE keeps it.
ALTER TABLE claim_holdings SET (fillfactor = 75);
ALTER TABLE claims SET (fillfactor = 80);
