-- No query finds chain events by transaction hash (the views read them by block and log index, and a claim's
-- operations by transaction are found in claim_movements): the index only cost the indexer a random-key insert per
-- event (at 100,000 claims, a million of them).
DROP INDEX IF EXISTS chain_events_tx;
