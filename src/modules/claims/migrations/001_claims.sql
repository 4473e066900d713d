-- The conditional-token ledger and its market (ClaimLedger, ClaimMarket).
-- Ids: claim ids (uint256 on-chain) are stored as 0x + 64 lower-case hex digits, like offer ids (bytes32).
-- Amounts are NUMERIC(78,0) minor units of XT; addresses lower-case hex text.

-- ── Read models: derived ONLY from chain_events; a rebuild truncates and replays them. ─────────────────

-- Every token id of the ledger: issued claims (parent NULL, root = id) and ids derived by modify.
CREATE TABLE claims (
  id              text PRIMARY KEY,
  parent          text,                      -- NULL for an issued claim
  root            text NOT NULL,             -- the issued claim at the top of the tree (itself when issued)
  depth           integer NOT NULL,          -- depth in the modify tree: 0 = issued, parent's depth + 1
  obligor         text NOT NULL,
  due_date        timestamptz NOT NULL,
  late_rate_bps   integer NOT NULL,
  max_hops        integer NOT NULL,
  day_count       text NOT NULL CHECK (day_count IN ('ACT/360', 'ACT/365F')),
  kind            text NOT NULL,             -- receivable, inventory, pledge, margin, investment
  consortium_id   text NOT NULL,
  documents_hash  text,                      -- NULL when zero
  total_supply    numeric(78,0) NOT NULL DEFAULT 0,
  defined_at      timestamptz NOT NULL,
  defined_block   bigint NOT NULL,
  defined_tx      text NOT NULL
);
CREATE INDEX claims_root ON claims (root);
CREATE INDEX claims_obligor ON claims (obligor, due_date);

-- Balances per (id, holder). Rows are kept at balance 0: the hop count persists on-chain too (ClaimLedger
-- keeps it in the holding's slot), and "has held" is part of who may see a claim.
CREATE TABLE claim_holdings (
  claim_id       text NOT NULL,
  holder         text NOT NULL,
  balance        numeric(78,0) NOT NULL,
  hops           integer NOT NULL,           -- transfers since mint (ClaimLedger._update / modify)
  redeemed       numeric(78,0) NOT NULL DEFAULT 0,  -- XT paid out to this holding so far (Σ ClaimRedeemed.payout)
  updated_at     timestamptz NOT NULL,
  updated_block  bigint NOT NULL,
  PRIMARY KEY (claim_id, holder)
);
CREATE INDEX claim_holdings_holder ON claim_holdings (holder);

-- The edges of a claim tree, one per business operation, at the (block, log index) of the event that names
-- the operation (ClaimIssued, ClaimModified, ClaimFinanced, ClaimRedeemed) or, for a bare ledger transfer or
-- burn, of the ledger's Transfer. The ledger Transfer that carried an operation's units is paired with it in
-- the same transaction and recorded in leg_log_index.
--   issue     NULL → holder, claim_id, amount                       (Receivables.confirmTrade / issuePayable)
--   transfer  holder → holder, claim_id, amount                     (ERC-6909 transfer: a split)
--   modify    holder → holder, claim_id = parent, child_id, amount  (ClaimLedger.modify)
--   sale      seller → funder, amount, price (XT), offer_id, days   (ClaimMarket.sell)
--   redeem    holder → NULL, amount = units burned (0 on a partial payment), price = XT paid out
--   burn      holder → NULL (a burn no operation explains), mint NULL → holder (idem; normally never stays)
CREATE TABLE claim_movements (
  block_number   bigint NOT NULL,
  log_index      integer NOT NULL,
  tx_hash        text NOT NULL,
  claim_id       text NOT NULL,
  child_id       text,
  kind           text NOT NULL CHECK (kind IN ('issue', 'transfer', 'modify', 'sale', 'redeem', 'burn', 'mint')),
  from_address   text,
  to_address     text,
  amount         numeric(78,0) NOT NULL,
  price          numeric(78,0),
  offer_id       text,
  days           integer,
  from_hops      integer,                    -- hop count of the sender's holding
  to_hops        integer,                    -- hop count of the receiving holding after the movement
  leg_log_index  integer,                    -- log index of the ledger Transfer that moved the units
  block_time     timestamptz NOT NULL,
  PRIMARY KEY (block_number, log_index)
);
CREATE INDEX claim_movements_claim ON claim_movements (claim_id, block_number, log_index);
CREATE INDEX claim_movements_child ON claim_movements (child_id) WHERE child_id IS NOT NULL;
CREATE INDEX claim_movements_tx ON claim_movements (tx_hash);
CREATE INDEX claim_movements_from ON claim_movements (from_address);
CREATE INDEX claim_movements_to ON claim_movements (to_address);

-- Funders' offers. status is what the events say (open, cancelled, exhausted); expiry is judged at read time.
CREATE TABLE offers (
  offer_id      text PRIMARY KEY,
  funder        text NOT NULL,
  obligor       text NOT NULL,
  rate_bps      integer NOT NULL,
  offer_limit   numeric(78,0) NOT NULL,
  remaining     numeric(78,0) NOT NULL,
  expires_at    timestamptz NOT NULL,
  only_holder   text,                        -- NULL for a standing offer open to every holder
  status        text NOT NULL CHECK (status IN ('open', 'cancelled', 'exhausted')),
  posted_at     timestamptz NOT NULL,
  posted_block  bigint NOT NULL,
  closed_at     timestamptz
);
CREATE INDEX offers_obligor ON offers (obligor, status);
CREATE INDEX offers_funder ON offers (funder);

-- Sales of claims against offers (ClaimFinanced): delivery versus payment.
CREATE TABLE financings (
  block_number  bigint NOT NULL,
  log_index     integer NOT NULL,
  tx_hash       text NOT NULL,
  offer_id      text NOT NULL,
  claim_id      text NOT NULL,
  seller        text NOT NULL,
  funder        text NOT NULL,
  amount        numeric(78,0) NOT NULL,
  price         numeric(78,0) NOT NULL,
  days          integer NOT NULL,
  block_time    timestamptz NOT NULL,
  PRIMARY KEY (block_number, log_index)
);
CREATE INDEX financings_seller ON financings (seller);
CREATE INDEX financings_funder ON financings (funder);
CREATE INDEX financings_claim ON financings (claim_id);

-- ── Off-chain records written by the command side (NOT read models: never truncated on replay). ────────

-- A holder asks funders for a price on part of a claim.
CREATE TABLE quote_requests (
  id            text PRIMARY KEY,            -- 0x + 64 hex digits
  claim_id      text NOT NULL,
  amount        numeric(78,0) NOT NULL,
  requested_by  uuid NOT NULL,     -- the requesting member (identity)
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX quote_requests_claim ON quote_requests (claim_id);
CREATE INDEX quote_requests_requested_by ON quote_requests (requested_by, created_at);

-- A funder's answer: an on-chain offer restricted to the requester (offers.only_holder).
CREATE TABLE quote_answers (
  quote_id    text NOT NULL REFERENCES quote_requests(id),
  offer_id    text NOT NULL UNIQUE,
  funder      uuid NOT NULL,       -- the answering member (identity)
  rate_bps    integer NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (quote_id, offer_id)
);
