-- Platform-wide totals for GET /v1/overview, kept by the database as the read models change (triggers, so they
-- follow whichever way the projections write: one event at a time or in batches), instead of a scan of every claim
-- per request. Read models like the tables they sum: a replay truncates and rebuilds them.

-- Units held per hop count (tier depth: 0 = the supplier the claim was issued to).
CREATE TABLE claim_tier_totals (
  hops      integer PRIMARY KEY,
  units     numeric(78,0) NOT NULL DEFAULT 0,
  holdings  integer NOT NULL DEFAULT 0
);

-- Every sale to a funder: face sold, price paid, and face × days to maturity (for the volume-weighted days).
CREATE TABLE financing_totals (
  id          smallint PRIMARY KEY CHECK (id = 1),
  sales       bigint NOT NULL DEFAULT 0,
  volume      numeric(78,0) NOT NULL DEFAULT 0,
  price       numeric(78,0) NOT NULL DEFAULT 0,
  volume_days numeric NOT NULL DEFAULT 0
);

-- Statement-level triggers over the transition tables: one aggregate per statement, whether it writes one row or a
-- batch of thousands (a row-level trigger updating the same total row thousands of times in one transaction is
-- quadratic). One trigger per event: PostgreSQL allows transition tables on single-event triggers only.
CREATE FUNCTION claim_tier_totals_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO claim_tier_totals (hops, units, holdings)
    SELECT hops, SUM(balance), COUNT(*) FILTER (WHERE balance > 0) FROM new_rows GROUP BY hops
    ON CONFLICT (hops) DO UPDATE SET units = claim_tier_totals.units + EXCLUDED.units, holdings = claim_tier_totals.holdings + EXCLUDED.holdings;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO claim_tier_totals (hops, units, holdings)
    SELECT hops, SUM(units), SUM(holdings) FROM (
      SELECT hops, balance AS units, CASE WHEN balance > 0 THEN 1 ELSE 0 END AS holdings FROM new_rows
      UNION ALL SELECT hops, -balance, CASE WHEN balance > 0 THEN -1 ELSE 0 END FROM old_rows
    ) d GROUP BY hops
    ON CONFLICT (hops) DO UPDATE SET units = claim_tier_totals.units + EXCLUDED.units, holdings = claim_tier_totals.holdings + EXCLUDED.holdings;
  ELSE
    INSERT INTO claim_tier_totals (hops, units, holdings)
    SELECT hops, -SUM(balance), -COUNT(*) FILTER (WHERE balance > 0) FROM old_rows GROUP BY hops
    ON CONFLICT (hops) DO UPDATE SET units = claim_tier_totals.units + EXCLUDED.units, holdings = claim_tier_totals.holdings + EXCLUDED.holdings;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER claim_holdings_totals_insert AFTER INSERT ON claim_holdings REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION claim_tier_totals_apply();
CREATE TRIGGER claim_holdings_totals_update AFTER UPDATE ON claim_holdings REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION claim_tier_totals_apply();
CREATE TRIGGER claim_holdings_totals_delete AFTER DELETE ON claim_holdings REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION claim_tier_totals_apply();

CREATE FUNCTION financing_totals_add(sales bigint, volume numeric, price numeric, volume_days numeric) RETURNS void LANGUAGE sql AS $$
  INSERT INTO financing_totals (id, sales, volume, price, volume_days) VALUES (1, sales, volume, price, volume_days)
  ON CONFLICT (id) DO UPDATE SET sales = financing_totals.sales + EXCLUDED.sales, volume = financing_totals.volume + EXCLUDED.volume,
    price = financing_totals.price + EXCLUDED.price, volume_days = financing_totals.volume_days + EXCLUDED.volume_days;
$$;

CREATE FUNCTION financing_totals_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    PERFORM financing_totals_add(-COUNT(*), -SUM(amount), -SUM(price), -SUM(amount * days)) FROM old_rows HAVING COUNT(*) > 0;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    PERFORM financing_totals_add(COUNT(*), SUM(amount), SUM(price), SUM(amount * days)) FROM new_rows HAVING COUNT(*) > 0;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER financings_totals_insert AFTER INSERT ON financings REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION financing_totals_apply();
CREATE TRIGGER financings_totals_update AFTER UPDATE ON financings REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION financing_totals_apply();
CREATE TRIGGER financings_totals_delete AFTER DELETE ON financings REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION financing_totals_apply();

-- Issued claims by due date: what GET /v1/overview reads to find the overdue ones without a scan of every claim.
CREATE INDEX claims_roots_due ON claims (due_date) WHERE depth = 0;
