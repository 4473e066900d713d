-- More room on each page for the indexer's updates of holdings and claims (006 left a quarter of each page free).
--
-- At 100,000 claims (the scale bench's catch-up: 1,263,436 events) the indexer updates claim_holdings 491,900 times
-- and claims 56,701 times. With 006's room only 225,877 of the holdings' updates (46 %) and 29,904 of the claims'
-- (53 %) stayed on their page (HOT). Every other one wrote the row to another page, locked the old version (a WAL
-- record of its own) and added an entry to each of the table's indexes: holdings have two, at random keys, which
-- together outgrew PostgreSQL's default shared buffers (205 MB); claims have seven.
--
-- With half of each holdings page and two fifths of each claims page free: 487,366 of the holdings' updates (99 %)
-- and 49,022 of the claims' (86 %) are HOT. The holdings table stays the same size (151 MB: the room is reused as
-- the old versions are pruned), its indexes shrink to 169 MB, and the catch-up's PostgreSQL time falls from 35-37 s
-- of CPU to 30-34 s (bench/scale-history.md, fourteenth session).
--
-- A fill factor applies to pages written from now on (a table is not rewritten); a replay's TRUNCATE keeps it.
ALTER TABLE claim_holdings SET (fillfactor = 50);
ALTER TABLE claims SET (fillfactor = 60);
