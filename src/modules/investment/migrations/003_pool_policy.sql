-- A pool's purchase policy as its last PolicySet event set it, and its eligible obligors (ObligorEligibilitySet).
ALTER TABLE investment_pools ADD COLUMN discount_rate_bps integer NOT NULL DEFAULT 0;
ALTER TABLE investment_pools ADD COLUMN min_discount_bps integer NOT NULL DEFAULT 0;
ALTER TABLE investment_pools ADD COLUMN max_tenor_days integer NOT NULL DEFAULT 0;
ALTER TABLE investment_pools ADD COLUMN limit_per_obligor numeric(78,0) NOT NULL DEFAULT 0;

CREATE TABLE investment_pool_obligors (
  pool_id   text NOT NULL,
  obligor   text NOT NULL,
  eligible  boolean NOT NULL,
  PRIMARY KEY (pool_id, obligor)
);
