-- claim_movements keeps the indexes its readers use, and no others: each index is one more random-key insert for every
-- movement the indexer writes (about one per chain event).
-- - by claim (claim_movements_claim): a claim's trace, a tree's movements, the counterparties a member met in a tree
--   (its roots' ids from claims_root, then their movements; an address's own movements in a tree are a filter there);
-- - the primary key (block_number, log_index): the movements of one transaction are found by its block first (the
--   indexer's read-back of a transaction it applied in part, the only lookup by transaction).
-- Dropped: the index on tx_hash (no reader looks a transaction up without its block), those on from_address and
-- to_address (no reader lists an address's movements across trees; a member's history is read per claim), and the one
-- on child_id (a child's origin is its claim row's parent). Measured with 006 on the indexer's catch-up of 127,276
-- events (10,000 claims), runs alternated on a quiet machine: the movements' COPY 0.94 s → 0.5 s, the catch-up 12.5 and
-- 13.5 s → 12.1 and 12.4 s (0.31 → 0.33 of the raw eth_getLogs rate).
-- A read model: a replay rebuilds the table, and these indexes with it.
DROP INDEX IF EXISTS claim_movements_tx;
DROP INDEX IF EXISTS claim_movements_from;
DROP INDEX IF EXISTS claim_movements_to;
DROP INDEX IF EXISTS claim_movements_child;
