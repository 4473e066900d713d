-- Per-obligor settlement totals for GET /v1/overview, kept by the database as `settlements` changes (a trigger, so
-- they follow whichever way the projections write: one event at a time or in batches), instead of a scan of every
-- settlement per request. A read model like `settlements`: a replay truncates and rebuilds it.
CREATE TABLE obligor_totals (
  obligor         text PRIMARY KEY,
  face            numeric(78,0) NOT NULL DEFAULT 0,
  principal_paid  numeric(78,0) NOT NULL DEFAULT 0,
  interest_paid   numeric(78,0) NOT NULL DEFAULT 0,
  roots           integer NOT NULL DEFAULT 0,
  open_roots      integer NOT NULL DEFAULT 0
);

CREATE FUNCTION obligor_totals_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    INSERT INTO obligor_totals (obligor, face, principal_paid, interest_paid, roots, open_roots)
    VALUES (OLD.obligor, -OLD.face, -(OLD.paid - OLD.interest_paid), -OLD.interest_paid, -1, CASE WHEN OLD.paid - OLD.interest_paid < OLD.face THEN -1 ELSE 0 END)
    ON CONFLICT (obligor) DO UPDATE SET face = obligor_totals.face + EXCLUDED.face, principal_paid = obligor_totals.principal_paid + EXCLUDED.principal_paid,
      interest_paid = obligor_totals.interest_paid + EXCLUDED.interest_paid, roots = obligor_totals.roots + EXCLUDED.roots,
      open_roots = obligor_totals.open_roots + EXCLUDED.open_roots;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO obligor_totals (obligor, face, principal_paid, interest_paid, roots, open_roots)
    VALUES (NEW.obligor, NEW.face, NEW.paid - NEW.interest_paid, NEW.interest_paid, 1, CASE WHEN NEW.paid - NEW.interest_paid < NEW.face THEN 1 ELSE 0 END)
    ON CONFLICT (obligor) DO UPDATE SET face = obligor_totals.face + EXCLUDED.face, principal_paid = obligor_totals.principal_paid + EXCLUDED.principal_paid,
      interest_paid = obligor_totals.interest_paid + EXCLUDED.interest_paid, roots = obligor_totals.roots + EXCLUDED.roots,
      open_roots = obligor_totals.open_roots + EXCLUDED.open_roots;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER settlements_totals AFTER INSERT OR UPDATE OR DELETE ON settlements FOR EACH ROW EXECUTE FUNCTION obligor_totals_follow();
