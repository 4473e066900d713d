-- A position reads the settlements its member still owes or guarantees: those with principal outstanding or late
-- interest due. Paid settlements stay in the table for history, and a position's cost must not grow with them.
CREATE INDEX settlements_open_obligor ON settlements (obligor) WHERE paid - interest_paid < face OR interest_due > 0;
CREATE INDEX settlements_open_guarantor ON settlements (guarantor) WHERE guarantor IS NOT NULL AND (paid - interest_paid < face OR interest_due > 0);
