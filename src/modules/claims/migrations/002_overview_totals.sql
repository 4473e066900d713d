-- Platform-wide totals for GET /v1/overview, kept by the database as the read models change (a trigger per table,
-- so they follow whichever way the projections write: one event at a time or in batches), instead of a scan of
-- every claim per request. Read models like the tables they sum: a replay truncates and rebuilds them.

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

CREATE FUNCTION claim_tier_totals_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    INSERT INTO claim_tier_totals (hops, units, holdings) VALUES (OLD.hops, -OLD.balance, CASE WHEN OLD.balance > 0 THEN -1 ELSE 0 END)
    ON CONFLICT (hops) DO UPDATE SET units = claim_tier_totals.units + EXCLUDED.units, holdings = claim_tier_totals.holdings + EXCLUDED.holdings;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO claim_tier_totals (hops, units, holdings) VALUES (NEW.hops, NEW.balance, CASE WHEN NEW.balance > 0 THEN 1 ELSE 0 END)
    ON CONFLICT (hops) DO UPDATE SET units = claim_tier_totals.units + EXCLUDED.units, holdings = claim_tier_totals.holdings + EXCLUDED.holdings;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER claim_holdings_totals AFTER INSERT OR UPDATE OR DELETE ON claim_holdings FOR EACH ROW EXECUTE FUNCTION claim_tier_totals_follow();

CREATE FUNCTION financing_totals_follow() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  sign integer := CASE WHEN TG_OP = 'DELETE' THEN -1 ELSE 1 END;
  r financings%ROWTYPE;
BEGIN
  IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
  IF TG_OP = 'UPDATE' THEN
    INSERT INTO financing_totals (id, sales, volume, price, volume_days) VALUES (1, -1, -OLD.amount, -OLD.price, -(OLD.amount * OLD.days))
    ON CONFLICT (id) DO UPDATE SET sales = financing_totals.sales + EXCLUDED.sales, volume = financing_totals.volume + EXCLUDED.volume,
      price = financing_totals.price + EXCLUDED.price, volume_days = financing_totals.volume_days + EXCLUDED.volume_days;
  END IF;
  INSERT INTO financing_totals (id, sales, volume, price, volume_days) VALUES (1, sign, sign * r.amount, sign * r.price, sign * r.amount * r.days)
  ON CONFLICT (id) DO UPDATE SET sales = financing_totals.sales + EXCLUDED.sales, volume = financing_totals.volume + EXCLUDED.volume,
    price = financing_totals.price + EXCLUDED.price, volume_days = financing_totals.volume_days + EXCLUDED.volume_days;
  RETURN NULL;
END $$;
CREATE TRIGGER financings_totals AFTER INSERT OR UPDATE OR DELETE ON financings FOR EACH ROW EXECUTE FUNCTION financing_totals_follow();

-- Issued claims by due date: what GET /v1/overview reads to find the overdue ones without a scan of every claim.
CREATE INDEX claims_roots_due ON claims (due_date) WHERE depth = 0;
