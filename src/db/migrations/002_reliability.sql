-- Reconciliation of the outbox with the chain (docs/adr/010-reconciliation.md).
-- A command mined in a block remembers the block's hash, so "is its transaction still on the canonical chain?" is a
-- comparison with the chain's block at that height. A command whose block a reorg (or a chain restarted from older
-- state) removed remembers the block it had been mined in, so its stored transaction is broadcast again in the order
-- the chain had mined it.
ALTER TABLE commands ADD COLUMN block_hash text;
ALTER TABLE commands ADD COLUMN lost_block_number bigint;

-- Commands mined before this migration: the indexer's kept headers give their blocks' hashes (older ones stay NULL
-- and are taken as final, unless the chain's head is now below them).
UPDATE commands c SET block_hash = b.hash FROM indexer_blocks b WHERE c.block_number = b.number AND c.block_hash IS NULL;

CREATE INDEX commands_mined ON commands (block_number DESC) WHERE block_number IS NOT NULL;
