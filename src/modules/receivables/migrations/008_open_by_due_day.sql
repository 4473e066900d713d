-- The principal still unpaid per UTC due day, kept by the database as `settlements` changes: the overview's overdue
-- figure (roots due before today, principal unpaid) is a sum over the days before today instead of a range over
-- every overdue root. With 100,000 claims, thousands of roots were overdue and the overview's cost grew with them;
-- now it grows with the number of distinct due days.
--
-- Statement-level triggers over the transition tables, as obligor_totals (003). A settlement without a due date is
-- left out (the overview's range never matched it either). A read model: a replay truncates and rebuilds it.
CREATE TABLE open_by_due_day (
  due_day  date PRIMARY KEY,
  roots    integer NOT NULL DEFAULT 0,
  unpaid   numeric(78,0) NOT NULL DEFAULT 0
);

CREATE FUNCTION open_by_due_day_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    INSERT INTO open_by_due_day (due_day, roots, unpaid)
    SELECT (due_date AT TIME ZONE 'UTC')::date, -COUNT(*), -SUM(face - (paid - interest_paid))
      FROM old_rows WHERE due_date IS NOT NULL AND paid - interest_paid < face GROUP BY 1
    ON CONFLICT (due_day) DO UPDATE SET roots = open_by_due_day.roots + EXCLUDED.roots, unpaid = open_by_due_day.unpaid + EXCLUDED.unpaid;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO open_by_due_day (due_day, roots, unpaid)
    SELECT (due_date AT TIME ZONE 'UTC')::date, COUNT(*), SUM(face - (paid - interest_paid))
      FROM new_rows WHERE due_date IS NOT NULL AND paid - interest_paid < face GROUP BY 1
    ON CONFLICT (due_day) DO UPDATE SET roots = open_by_due_day.roots + EXCLUDED.roots, unpaid = open_by_due_day.unpaid + EXCLUDED.unpaid;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER settlements_open_by_due_day_insert AFTER INSERT ON settlements REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION open_by_due_day_apply();
CREATE TRIGGER settlements_open_by_due_day_update AFTER UPDATE ON settlements REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION open_by_due_day_apply();
CREATE TRIGGER settlements_open_by_due_day_delete AFTER DELETE ON settlements REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION open_by_due_day_apply();

INSERT INTO open_by_due_day (due_day, roots, unpaid)
SELECT (due_date AT TIME ZONE 'UTC')::date, COUNT(*), SUM(face - (paid - interest_paid))
  FROM settlements WHERE due_date IS NOT NULL AND paid - interest_paid < face GROUP BY 1;
