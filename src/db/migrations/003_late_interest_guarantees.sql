-- Late interest collected on-chain, and guarantees of credit lines (Receivables; docs/adr/007-late-interest-and-guarantees.md).
-- Everything here is a read model derived only from chain_events: rebuildReadModels() truncates and replays it.

-- The settlement of an issued claim now also keeps its late-interest checkpoint and guarantor (IReceivables.Settlement).
--   paid            every XT paid in (principal and late interest); principal paid = paid − interest_paid
--   interest_due    late interest accrued up to accrued_days after the due date, not yet paid
--   interest_carry  the floors' residue of the accrual, in units of 1 / (10 000 × basis) of a minor unit
ALTER TABLE settlements
  ADD COLUMN interest_paid   numeric(78,0) NOT NULL DEFAULT 0,
  ADD COLUMN interest_due    numeric(78,0) NOT NULL DEFAULT 0,
  ADD COLUMN accrued_days    integer NOT NULL DEFAULT 0,
  ADD COLUMN interest_carry  bigint NOT NULL DEFAULT 0,
  ADD COLUMN guarantor       text,          -- set by ClaimGuaranteed: the claim was issued under an active guarantee
  ADD COLUMN guaranteed_at   timestamptz;
CREATE INDEX settlements_guarantor ON settlements (guarantor) WHERE guarantor IS NOT NULL;

-- A payment's split (SettlementPaid): interest first, then principal. Payments before this migration were all principal.
ALTER TABLE settlement_payments
  ADD COLUMN principal  numeric(78,0),
  ADD COLUMN interest   numeric(78,0) NOT NULL DEFAULT 0;
UPDATE settlement_payments SET principal = amount WHERE principal IS NULL;
ALTER TABLE settlement_payments ALTER COLUMN principal SET NOT NULL;

-- Late-interest checkpoints (LateInterestAccrued): one per late payment that reached a new day after the due date.
CREATE TABLE late_interest_accruals (
  block_number   bigint NOT NULL,
  log_index      integer NOT NULL,
  tx_hash        text NOT NULL,
  root           text NOT NULL,
  days_late      integer NOT NULL,         -- accrued up to this many whole days after the due date
  principal      numeric(78,0) NOT NULL,   -- the unpaid principal the days since the previous checkpoint accrued on
  accrued        numeric(78,0) NOT NULL,   -- interest added at this checkpoint
  interest_due   numeric(78,0) NOT NULL,   -- accrued and unpaid after it (before the payment that triggered it)
  carry          bigint NOT NULL,
  block_time     timestamptz NOT NULL,
  PRIMARY KEY (block_number, log_index)
);
CREATE INDEX late_interest_accruals_root ON late_interest_accruals (root, block_number, log_index);

-- The guarantee of each credit line, as it stands: proposed by the line's manager, active once accepted.
-- A withdrawal deletes the row (claims issued under it keep settlements.guarantor).
CREATE TABLE credit_line_guarantees (
  obligor        text PRIMARY KEY,
  guarantor      text NOT NULL,
  status         text NOT NULL CHECK (status IN ('proposed', 'active')),
  proposed_by    text NOT NULL,
  proposed_at    timestamptz NOT NULL,
  accepted_at    timestamptz,
  updated_block  bigint NOT NULL
);
CREATE INDEX credit_line_guarantees_guarantor ON credit_line_guarantees (guarantor);

-- Every guarantee event, for the audit trail (GuaranteeProposed / GuaranteeAccepted / GuaranteeWithdrawn).
CREATE TABLE guarantee_events (
  block_number  bigint NOT NULL,
  log_index     integer NOT NULL,
  tx_hash       text NOT NULL,
  kind          text NOT NULL CHECK (kind IN ('proposed', 'accepted', 'withdrawn')),
  obligor       text NOT NULL,
  guarantor     text NOT NULL,
  by_address    text NOT NULL,
  block_time    timestamptz NOT NULL,
  PRIMARY KEY (block_number, log_index)
);
CREATE INDEX guarantee_events_obligor ON guarantee_events (obligor, block_number, log_index);
