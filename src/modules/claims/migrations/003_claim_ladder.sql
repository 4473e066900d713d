-- What each obligor owes by due date, kept by the database: a position's maturity ladder reads its rungs from here
-- instead of an aggregate over every claim the obligor owes (at 100,000 claims a core enterprise owes tens of
-- thousands, and the ladder's cost grew with them rather than with its rungs).
--
-- A row sums the ids of one obligor and kind due on one UTC day whose root is due on another: `claims` counts those
-- with units outstanding, `units` sums their supply. The root's due day lets a reader take every root due after a
-- given day from the rows, and leave out (or take one by one) the roots a product settles otherwise.
--
-- Kept like claim_tier_totals: statement-level triggers over the transition tables (one aggregate per statement,
-- however the projections write). Ids define obligor, kind, due date and root once; only their supply changes. Every
-- lookup outside a transition table is a probe by key (a scalar subquery): the planner has no statistics for a
-- transition table and would otherwise hash a scan of all claims into each statement, a cost that grows with the
-- table rather than with the statement. A read model: a replay truncates and rebuilds it.
CREATE TABLE claim_ladder (
  obligor       text NOT NULL,
  kind          text NOT NULL,
  root_due_day  date NOT NULL,
  due_day       date NOT NULL,
  claims        integer NOT NULL DEFAULT 0,
  units         numeric(78,0) NOT NULL DEFAULT 0,
  PRIMARY KEY (obligor, kind, root_due_day, due_day)
);

-- The UTC day an id's root is due: its own for a root, else the root's (or `fallback` when the root is gone). The
-- parameters are named by position: in a SQL function a column of the same name would win over a parameter's name.
CREATE FUNCTION claim_ladder_root_due(root text, own_due timestamptz, depth integer, fallback timestamptz) RETURNS date LANGUAGE sql STABLE AS $$
  SELECT (CASE WHEN $3 = 0 THEN $2 ELSE coalesce((SELECT r.due_date FROM claims r WHERE r.id = $1), $4) END AT TIME ZONE 'UTC')::date
$$;

-- Adds rows of deltas (any number per key): the one upsert every trigger below goes through.
CREATE FUNCTION claim_ladder_add(deltas claim_ladder[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO claim_ladder (obligor, kind, root_due_day, due_day, claims, units)
  SELECT d.obligor, d.kind, d.root_due_day, d.due_day, SUM(d.claims), SUM(d.units) FROM unnest(deltas) AS d GROUP BY 1, 2, 3, 4
  ON CONFLICT (obligor, kind, root_due_day, due_day) DO UPDATE
    SET claims = claim_ladder.claims + EXCLUDED.claims, units = claim_ladder.units + EXCLUDED.units;
$$;

-- PostgreSQL allows transition tables on single-event triggers only, and a function may name only the transition
-- tables its trigger has: one function per event.
CREATE FUNCTION claim_ladder_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM claim_ladder_add(array_agg(ROW(n.obligor, n.kind, claim_ladder_root_due(n.root, n.due_date, n.depth, n.due_date),
                                         (n.due_date AT TIME ZONE 'UTC')::date, (n.total_supply > 0)::int, n.total_supply)::claim_ladder))
     FROM new_rows n HAVING COUNT(*) > 0;
  RETURN NULL;
END $$;

CREATE FUNCTION claim_ladder_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM claim_ladder_add(array_agg(ROW(n.obligor, n.kind, claim_ladder_root_due(n.root, n.due_date, n.depth, n.due_date),
                                         (n.due_date AT TIME ZONE 'UTC')::date, (n.total_supply > 0)::int - (o.total_supply > 0)::int,
                                         n.total_supply - o.total_supply)::claim_ladder))
     FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE n.total_supply <> o.total_supply HAVING COUNT(*) > 0;
  RETURN NULL;
END $$;

-- A deleted id's root may go in the same statement: its due date is then read from the deleted rows.
CREATE FUNCTION claim_ladder_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM claim_ladder_add(array_agg(ROW(o.obligor, o.kind,
           claim_ladder_root_due(o.root, o.due_date, o.depth, coalesce((SELECT rr.due_date FROM old_rows rr WHERE rr.id = o.root), o.due_date)),
           (o.due_date AT TIME ZONE 'UTC')::date, -(o.total_supply > 0)::int, -o.total_supply)::claim_ladder))
     FROM old_rows o HAVING COUNT(*) > 0;
  RETURN NULL;
END $$;

CREATE TRIGGER claims_ladder_insert AFTER INSERT ON claims REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION claim_ladder_insert();
CREATE TRIGGER claims_ladder_update AFTER UPDATE ON claims REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION claim_ladder_update();
CREATE TRIGGER claims_ladder_delete AFTER DELETE ON claims REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION claim_ladder_delete();

-- What an existing database already holds.
INSERT INTO claim_ladder (obligor, kind, root_due_day, due_day, claims, units)
SELECT c.obligor, c.kind, (r.due_date AT TIME ZONE 'UTC')::date, (c.due_date AT TIME ZONE 'UTC')::date,
       COUNT(*) FILTER (WHERE c.total_supply > 0), SUM(c.total_supply)
  FROM claims c JOIN claims r ON r.id = c.root
 GROUP BY 1, 2, 3, 4;
