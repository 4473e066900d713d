-- Receivables (Receivables contract): trade background, credit lines, settlement with late interest, guarantees.
-- Amounts are NUMERIC(78,0) minor units of XT; addresses lower-case hex text; ids 0x + 64 hex digits.

-- ── Off-chain records written by the command side (NOT read models: never truncated on replay). ────────

-- What the chain holds only as hashes: the invoice behind a trade (trade_id is the on-chain trade id).
CREATE TABLE trade_documents (
  trade_id        text PRIMARY KEY,
  invoice_number  text NOT NULL,
  issue_date      date,
  note            text,
  created_by      uuid NOT NULL,             -- the member (identity) that submitted / issued it
  created_at      timestamptz NOT NULL DEFAULT now()
);

-- ── Read models: derived ONLY from chain_events; a rebuild truncates and replays them. ─────────────────

-- Receivables keeps only a commitment to each trade (its status and keccak256(abi.encode(trade))); every field comes
-- from TradeSubmitted (docs/adr/008-trade-commitment.md), so the platform can pass the trade back to confirm / reject.
CREATE TABLE trades (
  trade_id         text PRIMARY KEY,
  supplier         text NOT NULL,
  obligor          text NOT NULL,
  amount           numeric(78,0) NOT NULL,
  invoice_key      text NOT NULL,
  documents_hash   text,                     -- NULL when zero
  due_date         timestamptz NOT NULL,
  late_rate_bps    integer,
  max_hops         integer,
  day_count        integer,
  consortium_id    text,
  status           text NOT NULL CHECK (status IN ('submitted', 'confirmed', 'rejected')),
  claim_id         text,                     -- set when the claim is issued
  reason_hash      text,                     -- set when rejected
  submitted_at     timestamptz NOT NULL,
  submitted_block  bigint NOT NULL,
  decided_at       timestamptz,
  decided_block    bigint
);
CREATE INDEX trades_supplier ON trades (supplier, submitted_block);
CREATE INDEX trades_obligor ON trades (obligor, submitted_block);
CREATE UNIQUE INDEX trades_claim ON trades (claim_id) WHERE claim_id IS NOT NULL;

-- A core enterprise's credit line (CreditLineSet), used by issued and unpaid claims.
CREATE TABLE credit_lines (
  obligor        text PRIMARY KEY,
  credit_limit   numeric(78,0) NOT NULL,
  used           numeric(78,0) NOT NULL,
  set_by         text,
  updated_at     timestamptz NOT NULL,
  updated_block  bigint NOT NULL
);

-- Settlement of an issued claim (a root): face issued, paid in by the obligor or its guarantor, paid out to holders,
-- and its late-interest checkpoint (IReceivables.Settlement; docs/adr/007-late-interest-and-guarantees.md).
--   paid            every XT paid in (principal and late interest); principal paid = paid − interest_paid
--   distributed     paid out to holders; paid − distributed is held for holders not yet redeemed plus the floors' residue
--   interest_due    late interest accrued up to accrued_days after the due date, not yet paid
--   interest_carry  the floors' residue of the accrual, in units of 1 / (10 000 × basis) of a minor unit
--   guarantor       set by ClaimGuaranteed: the claim was issued under an active guarantee
CREATE TABLE settlements (
  root            text PRIMARY KEY,
  obligor         text NOT NULL,
  face            numeric(78,0) NOT NULL,
  paid            numeric(78,0) NOT NULL DEFAULT 0,
  distributed     numeric(78,0) NOT NULL DEFAULT 0,
  interest_paid   numeric(78,0) NOT NULL DEFAULT 0,
  interest_due    numeric(78,0) NOT NULL DEFAULT 0,
  accrued_days    integer NOT NULL DEFAULT 0,
  interest_carry  bigint NOT NULL DEFAULT 0,
  guarantor       text,
  guaranteed_at   timestamptz,
  updated_at      timestamptz NOT NULL,
  updated_block   bigint NOT NULL
);
CREATE INDEX settlements_guarantor ON settlements (guarantor) WHERE guarantor IS NOT NULL;

-- Payments into a settlement (SettlementPaid).
CREATE TABLE settlement_payments (
  block_number  bigint NOT NULL,
  log_index     integer NOT NULL,
  tx_hash       text NOT NULL,
  root          text NOT NULL,
  payer         text NOT NULL,
  amount        numeric(78,0) NOT NULL,
  paid_total    numeric(78,0) NOT NULL,
  principal     numeric(78,0) NOT NULL,     -- a payment settles interest first, then principal (SettlementPaid)
  interest      numeric(78,0) NOT NULL DEFAULT 0,
  block_time    timestamptz NOT NULL,
  PRIMARY KEY (block_number, log_index)
);
CREATE INDEX settlement_payments_root ON settlement_payments (root, block_number, log_index);

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
