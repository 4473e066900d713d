-- Invoices: e-invoices (UBL 2.1 / Peppol BIS Billing 3.0) and CSV rows behind trades. Off-chain records; the trade
-- (with the file's SHA-256 as its documents hash) is receivables', on-chain. Amounts NUMERIC(78,0) minor units.
CREATE TABLE invoice_batches (
  id              uuid PRIMARY KEY,
  member_id       uuid NOT NULL,
  sha256          text NOT NULL,
  sm3             text NOT NULL,
  rows            integer NOT NULL,
  created_by      uuid,
  created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE invoices (
  id               uuid PRIMARY KEY,
  source           text NOT NULL CHECK (source IN ('ubl', 'csv')),
  batch            uuid REFERENCES invoice_batches (id),
  batch_row        integer,
  seller_member_id uuid NOT NULL,
  buyer_member_id  uuid NOT NULL,
  invoice_number   text NOT NULL,
  issue_date       date NOT NULL,
  due_date         date NOT NULL,
  currency         text NOT NULL,
  tax_exclusive    numeric(78,0) NOT NULL,
  tax              numeric(78,0) NOT NULL,
  payable          numeric(78,0) NOT NULL,
  -- SHA-256 of the file (UBL) or of the row's line (CSV): the trade's documents hash on-chain. SM3 beside it (GB/T 32905).
  sha256           text NOT NULL,
  sm3              text NOT NULL,
  trade_id         text NOT NULL,
  command_id       uuid NOT NULL,
  document         text NOT NULL,
  created_by       uuid,
  created_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (seller_member_id, invoice_number)
);
CREATE INDEX invoices_buyer ON invoices (buyer_member_id);
