-- Advance financing (AdvanceIssued, OrderClosed): CTs issued against a confirmed order, open until delivery and
-- invoicing close it. A read model: a replay truncates and rebuilds it.
CREATE TABLE advances (
  root           text PRIMARY KEY,
  kind           text NOT NULL CHECK (kind IN ('purchase_order', 'channel')),
  order_key      text NOT NULL,
  trade_id       text,
  obligor        text NOT NULL,
  recipient      text NOT NULL,
  amount         numeric(78,0) NOT NULL,
  status         text NOT NULL CHECK (status IN ('open', 'closed')),
  invoice_key    text,
  delivery_hash  text,
  closed_by      text,
  issued_at      timestamptz NOT NULL,
  issued_block   bigint NOT NULL,
  closed_at      timestamptz
);
CREATE INDEX advances_obligor ON advances (obligor);
CREATE INDEX advances_recipient ON advances (recipient);
