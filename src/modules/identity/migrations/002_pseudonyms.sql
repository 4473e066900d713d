-- The platform's secret for pseudonyms (docs/adr/017-disclosure.md): a party hidden from a reader is shown as
-- HMAC-SHA256(secret, address), stable across reads and restarts, and not computable from the public directory.
-- Not a read model: a replay of the events keeps it.
CREATE TABLE pseudonym_secret (
  id      smallint PRIMARY KEY CHECK (id = 1),
  secret  text NOT NULL
);
