-- A submitted transaction whose fee cap the chain's base fee has passed (a chain restarted from an older state, where
-- the base fee was higher) can never be mined: the transaction manager signs the command again with the same nonce
-- and a fee cap above the base fee. The hashes it signed before stay here, so that a receipt of any of them (an older
-- one may still land from another node's pool) settles the command: only one can land, all having one nonce.
ALTER TABLE commands ADD COLUMN replaced_tx_hashes text[] NOT NULL DEFAULT '{}';
