-- A position computes one by one only the roots whose figures cannot come from an aggregate: those due at or
-- before its instant and still open (late interest can run, ids can be overdue), and those due later with some
-- principal paid already. Each settlement keeps its root's due date (from its trade) so that both are found by a
-- range of a partial index, at a cost that follows them and not all of an obligor's settlements. The overview finds
-- the overdue ones (due before today, principal unpaid) the same way, among all obligors.
ALTER TABLE settlements ADD COLUMN due_date timestamptz;
UPDATE settlements s SET due_date = t.due_date FROM trades t WHERE t.claim_id = s.root;
CREATE INDEX settlements_open_obligor_due ON settlements (obligor, due_date) WHERE paid - interest_paid < face OR interest_due > 0;
CREATE INDEX settlements_paid_obligor_due ON settlements (obligor, due_date) WHERE paid > interest_paid;
CREATE INDEX settlements_unpaid_due ON settlements (due_date) WHERE paid - interest_paid < face;
