-- A position computes one by one the roots due later on which principal is paid already (paid early): it finds
-- them among the settlements with principal paid, not among all of an obligor's settlements.
CREATE INDEX settlements_principal_paid_obligor ON settlements (obligor) WHERE paid > interest_paid;
