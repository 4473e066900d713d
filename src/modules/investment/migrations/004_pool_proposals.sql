-- The holders' proposals on pools and their votes (PoolGovernance: Proposed, VoteCast, ProposalExecuted).
CREATE TABLE investment_proposals (
  proposal_id    integer PRIMARY KEY,
  pool_id        text NOT NULL,
  proposer       text NOT NULL,
  action         text NOT NULL,
  asset_index    integer NOT NULL,
  value          numeric(78,0) NOT NULL,
  obligor        text NOT NULL,
  snapshot       bigint NOT NULL,
  deadline       timestamptz NOT NULL,
  total_weight   numeric(78,0) NOT NULL,
  for_votes      numeric(78,0) NOT NULL DEFAULT 0,
  against_votes  numeric(78,0) NOT NULL DEFAULT 0,
  executed       boolean NOT NULL DEFAULT false,
  proposed_at    timestamptz NOT NULL
);
CREATE INDEX investment_proposals_pool ON investment_proposals (pool_id);

CREATE TABLE investment_votes (
  proposal_id  integer NOT NULL,
  voter        text NOT NULL,
  support      boolean NOT NULL,
  weight       numeric(78,0) NOT NULL,
  PRIMARY KEY (proposal_id, voter)
);
