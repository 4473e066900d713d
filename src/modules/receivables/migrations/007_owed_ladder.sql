-- The maturity ladder of a position (what an obligor owes, by due date) read from a small table kept by the database
-- instead of an aggregate over every claim the obligor owes (at 100,000 claims a core enterprise owes tens of
-- thousands: the ladder cost grew with them, not with its rungs).
--
-- A row sums the claims of one obligor and kind, due on one UTC day, whose root is due on another, counting only
-- claims whose root has no principal paid (no settlement yet, or paid = interest paid): those the position may take
-- from an aggregate. The others (a root paid early, or past due and open) a position computes one by one, as before.
-- `claims` counts ids with units outstanding; `units` sums their supply.
--
-- Kept like obligor_totals: statement-level triggers over the transition tables (one aggregate per statement), on
-- `claims` (ids defined, supply minted or burnt) and on `settlements` (a root whose first principal is paid leaves
-- the ladder with its whole tree). A read model: a replay truncates and rebuilds it.
CREATE TABLE owed_ladder (
  obligor       text NOT NULL,
  kind          text NOT NULL,
  root_due_day  date NOT NULL,
  due_day       date NOT NULL,
  claims        integer NOT NULL DEFAULT 0,
  units         numeric(78,0) NOT NULL DEFAULT 0,
  PRIMARY KEY (obligor, kind, root_due_day, due_day)
);

-- Ids define obligor, kind, due date and root once; only their supply changes. PostgreSQL allows transition tables
-- on single-event triggers only, and a function may name only the transition tables its trigger has: one per event.
--
-- Every lookup outside the transition tables is a probe by key (a scalar subquery, or a fenced LATERAL): the planner
-- has no statistics for a transition table and would otherwise hash a scan of all claims or settlements into each
-- statement, a cost that grows with the tables rather than with the statement. (The helpers name their parameters
-- by position: in a SQL function a column of the same name would win over a parameter's name.)
CREATE FUNCTION owed_ladder_root_due(root text, own_due timestamptz, depth integer) RETURNS date LANGUAGE sql STABLE AS $$
  SELECT (CASE WHEN $3 = 0 THEN $2 ELSE coalesce((SELECT r.due_date FROM claims r WHERE r.id = $1), $2) END AT TIME ZONE 'UTC')::date
$$;
CREATE FUNCTION owed_ladder_counts(root text) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT (SELECT s.paid > s.interest_paid FROM settlements s WHERE s.root = $1) IS NOT TRUE
$$;

-- Adds rows of deltas (any number per key) to the ladder: the one upsert every trigger below goes through.
CREATE FUNCTION owed_ladder_add(deltas owed_ladder[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO owed_ladder (obligor, kind, root_due_day, due_day, claims, units)
  SELECT d.obligor, d.kind, d.root_due_day, d.due_day, SUM(d.claims), SUM(d.units) FROM unnest(deltas) AS d GROUP BY 1, 2, 3, 4
  ON CONFLICT (obligor, kind, root_due_day, due_day) DO UPDATE
    SET claims = owed_ladder.claims + EXCLUDED.claims, units = owed_ladder.units + EXCLUDED.units;
$$;

CREATE FUNCTION owed_ladder_claims_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM owed_ladder_add(array_agg(ROW(n.obligor, n.kind, owed_ladder_root_due(n.root, n.due_date, n.depth), (n.due_date AT TIME ZONE 'UTC')::date,
                                        (n.total_supply > 0)::int, n.total_supply)::owed_ladder))
     FROM new_rows n WHERE owed_ladder_counts(n.root) HAVING COUNT(*) > 0;
  RETURN NULL;
END $$;

CREATE FUNCTION owed_ladder_claims_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM owed_ladder_add(array_agg(ROW(n.obligor, n.kind, owed_ladder_root_due(n.root, n.due_date, n.depth), (n.due_date AT TIME ZONE 'UTC')::date,
                                        (n.total_supply > 0)::int - (o.total_supply > 0)::int, n.total_supply - o.total_supply)::owed_ladder))
     FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE n.total_supply <> o.total_supply AND owed_ladder_counts(n.root) HAVING COUNT(*) > 0;
  RETURN NULL;
END $$;

-- A deleted id's root may go in the same statement: its due date is then read from the deleted rows.
CREATE FUNCTION owed_ladder_claims_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM owed_ladder_add(array_agg(ROW(o.obligor, o.kind,
           coalesce(owed_ladder_root_due(o.root, NULL, o.depth), (SELECT (rr.due_date AT TIME ZONE 'UTC')::date FROM old_rows rr WHERE rr.id = o.root),
                    (o.due_date AT TIME ZONE 'UTC')::date),
           (o.due_date AT TIME ZONE 'UTC')::date, -(o.total_supply > 0)::int, -o.total_supply)::owed_ladder))
     FROM old_rows o WHERE owed_ladder_counts(o.root) HAVING COUNT(*) > 0;
  RETURN NULL;
END $$;

CREATE TRIGGER claims_owed_ladder_insert AFTER INSERT ON claims REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION owed_ladder_claims_insert();
CREATE TRIGGER claims_owed_ladder_update AFTER UPDATE ON claims REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION owed_ladder_claims_update();
CREATE TRIGGER claims_owed_ladder_delete AFTER DELETE ON claims REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION owed_ladder_claims_delete();

-- A root enters or leaves the ladder with its whole tree when its settlement starts or stops having principal paid:
-- `sign` is +1 for the roots that enter, -1 for those that leave.
CREATE FUNCTION owed_ladder_move_roots(roots text[], signs int[]) RETURNS void LANGUAGE sql AS $$
  SELECT owed_ladder_add(array_agg(ROW(c.obligor, c.kind, f.root_due_day, (c.due_date AT TIME ZONE 'UTC')::date,
                                       f.sign * (c.total_supply > 0)::int, f.sign * c.total_supply)::owed_ladder))
    FROM (SELECT u.root, u.sign, owed_ladder_root_due(u.root, NULL, 1) AS root_due_day FROM unnest(roots, signs) AS u(root, sign)) f
   CROSS JOIN LATERAL (SELECT t.obligor, t.kind, t.due_date, t.total_supply FROM claims t WHERE t.root = f.root OFFSET 0) c
  HAVING COUNT(*) > 0;
$$;

CREATE FUNCTION owed_ladder_settlements_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM owed_ladder_move_roots(array_agg(n.root), array_agg(-1)) FROM new_rows n WHERE n.paid > n.interest_paid HAVING COUNT(*) > 0;
  RETURN NULL;
END $$;

CREATE FUNCTION owed_ladder_settlements_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM owed_ladder_move_roots(array_agg(n.root), array_agg(CASE WHEN n.paid > n.interest_paid THEN -1 ELSE 1 END))
     FROM new_rows n JOIN old_rows o ON o.root = n.root
    WHERE (n.paid > n.interest_paid) <> (o.paid > o.interest_paid)
   HAVING COUNT(*) > 0;
  RETURN NULL;
END $$;

CREATE FUNCTION owed_ladder_settlements_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM owed_ladder_move_roots(array_agg(o.root), array_agg(1)) FROM old_rows o WHERE o.paid > o.interest_paid HAVING COUNT(*) > 0;
  RETURN NULL;
END $$;

CREATE TRIGGER settlements_owed_ladder_insert AFTER INSERT ON settlements REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION owed_ladder_settlements_insert();
CREATE TRIGGER settlements_owed_ladder_update AFTER UPDATE ON settlements REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION owed_ladder_settlements_update();
CREATE TRIGGER settlements_owed_ladder_delete AFTER DELETE ON settlements REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION owed_ladder_settlements_delete();

-- What an existing database already holds.
INSERT INTO owed_ladder (obligor, kind, root_due_day, due_day, claims, units)
SELECT c.obligor, c.kind, (r.due_date AT TIME ZONE 'UTC')::date, (c.due_date AT TIME ZONE 'UTC')::date,
       COUNT(*) FILTER (WHERE c.total_supply > 0), SUM(c.total_supply)
  FROM claims c JOIN claims r ON r.id = c.root
 WHERE NOT EXISTS (SELECT 1 FROM settlements s WHERE s.root = c.root AND s.paid > s.interest_paid)
 GROUP BY 1, 2, 3, 4;
