-- A lease declared in default (LeaseBook.declareDefault, LeaseDefaulted): its status, and what its deposit paid.
ALTER TABLE leasing_leases DROP CONSTRAINT leasing_leases_status_check;
ALTER TABLE leasing_leases ADD CONSTRAINT leasing_leases_status_check
  CHECK (status IN ('proposed', 'accepted', 'active', 'purchased', 'returned', 'cancelled', 'defaulted'));
-- The periods owed when it defaulted (first .. first + owed - 1), their fixed rent and late interest, and the deposit
-- applied to them (split as rent, leasing_rent_shares with period = default_first_period) and given back.
ALTER TABLE leasing_leases ADD COLUMN default_first_period integer;
ALTER TABLE leasing_leases ADD COLUMN default_periods_owed integer;
ALTER TABLE leasing_leases ADD COLUMN default_rent_owed numeric(78,0);
ALTER TABLE leasing_leases ADD COLUMN default_late_interest_owed numeric(78,0);
ALTER TABLE leasing_leases ADD COLUMN default_deposit_applied numeric(78,0);
ALTER TABLE leasing_leases ADD COLUMN default_deposit_returned numeric(78,0);
ALTER TABLE leasing_leases ADD COLUMN default_tx_hash text;
