-- Banking: the bank gateway's ISO 20022 messages. Off-chain records only (the XT they move is currency's, on-chain).
-- Amounts are NUMERIC(78,0) minor units.

-- Members' bank accounts: where payouts go, and whose incoming transfers credit whom. A bank gateway's own is the
-- platform's settlement account at that bank (the debtor of its pain.001, the account of its camt.054).
CREATE TABLE bank_accounts (
  member_id    uuid PRIMARY KEY,
  account      text NOT NULL UNIQUE,
  bic          text,
  holder_name  text NOT NULL,
  updated_at   timestamptz NOT NULL DEFAULT now()
);

-- Every message imported (camt.054) or exported (pain.001), once per sender and message id.
CREATE TABLE bank_messages (
  id                 uuid PRIMARY KEY,
  gateway_member_id  uuid NOT NULL,
  kind               text NOT NULL CHECK (kind IN ('camt.054', 'pain.001')),
  message_id         text NOT NULL,
  sha256             text NOT NULL,
  created_by         uuid,
  entries            integer NOT NULL,
  credited           numeric(78,0) NOT NULL DEFAULT 0,
  debited            numeric(78,0) NOT NULL DEFAULT 0,
  document           text,
  created_at         timestamptz NOT NULL DEFAULT now(),
  UNIQUE (gateway_member_id, kind, message_id)
);

-- Booked camt.054 entries (one row per transaction of an entry): an entry reference is booked once per gateway.
CREATE TABLE bank_entries (
  gateway_member_id  uuid NOT NULL,
  entry_ref          text NOT NULL,
  tx_index           integer NOT NULL,
  message            uuid NOT NULL REFERENCES bank_messages (id),
  direction          text NOT NULL CHECK (direction IN ('credit', 'debit')),
  amount             numeric(78,0) NOT NULL,
  currency           text NOT NULL,
  member_id          uuid,
  end_to_end_id      text,
  deposit_reference  text,
  command_id         uuid,
  booked_on          text,
  PRIMARY KEY (gateway_member_id, entry_ref, tx_index)
);

-- Payouts of confirmed withdrawals: exported once in a pain.001, paid when the bank's camt.054 debit quotes them.
CREATE TABLE bank_payouts (
  reference_hash  text PRIMARY KEY,
  end_to_end_id   text NOT NULL UNIQUE,
  member_id       uuid NOT NULL,
  amount          numeric(78,0) NOT NULL,
  currency        text NOT NULL,
  account         text NOT NULL,
  message         uuid NOT NULL REFERENCES bank_messages (id),
  status          text NOT NULL CHECK (status IN ('exported', 'paid')),
  paid_entry_ref  text,
  created_at      timestamptz NOT NULL DEFAULT now()
);
