-- Per-obligor settlement totals for GET /v1/overview, kept by the database as `settlements` changes (statement-level
-- triggers over the transition tables: one aggregate per statement, so they follow whichever way the projections
-- write — one event at a time or in batches — at the cost of one small upsert per statement), instead of a scan of
-- every settlement per request. A read model like `settlements`: a replay truncates and rebuilds it.
CREATE TABLE obligor_totals (
  obligor         text PRIMARY KEY,
  face            numeric(78,0) NOT NULL DEFAULT 0,
  principal_paid  numeric(78,0) NOT NULL DEFAULT 0,
  interest_paid   numeric(78,0) NOT NULL DEFAULT 0,
  roots           integer NOT NULL DEFAULT 0,
  open_roots      integer NOT NULL DEFAULT 0
);

CREATE FUNCTION obligor_totals_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    INSERT INTO obligor_totals (obligor, face, principal_paid, interest_paid, roots, open_roots)
    SELECT obligor, -SUM(face), -SUM(paid - interest_paid), -SUM(interest_paid), -COUNT(*), -COUNT(*) FILTER (WHERE paid - interest_paid < face)
      FROM old_rows GROUP BY obligor
    ON CONFLICT (obligor) DO UPDATE SET face = obligor_totals.face + EXCLUDED.face, principal_paid = obligor_totals.principal_paid + EXCLUDED.principal_paid,
      interest_paid = obligor_totals.interest_paid + EXCLUDED.interest_paid, roots = obligor_totals.roots + EXCLUDED.roots,
      open_roots = obligor_totals.open_roots + EXCLUDED.open_roots;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO obligor_totals (obligor, face, principal_paid, interest_paid, roots, open_roots)
    SELECT obligor, SUM(face), SUM(paid - interest_paid), SUM(interest_paid), COUNT(*), COUNT(*) FILTER (WHERE paid - interest_paid < face)
      FROM new_rows GROUP BY obligor
    ON CONFLICT (obligor) DO UPDATE SET face = obligor_totals.face + EXCLUDED.face, principal_paid = obligor_totals.principal_paid + EXCLUDED.principal_paid,
      interest_paid = obligor_totals.interest_paid + EXCLUDED.interest_paid, roots = obligor_totals.roots + EXCLUDED.roots,
      open_roots = obligor_totals.open_roots + EXCLUDED.open_roots;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER settlements_totals_insert AFTER INSERT ON settlements REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION obligor_totals_apply();
CREATE TRIGGER settlements_totals_update AFTER UPDATE ON settlements REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION obligor_totals_apply();
CREATE TRIGGER settlements_totals_delete AFTER DELETE ON settlements REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION obligor_totals_apply();
