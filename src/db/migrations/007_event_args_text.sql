-- chain_events.args as text: the decoded arguments as the indexer wrote them (JSON it made itself), read back with
-- `args::json` (replays, the API's event views, the regulator's reports). A json column checked every row's text as
-- JSON on the way in: at 100,000 claims, 1,263,436 events, the event log's COPY is the largest statement of the
-- indexer's catch-up, and the check 0.35-0.7 s of every million rows (here: 1,000,000 rows of one event's arguments,
-- copied within PostgreSQL, 1.48-1.81 s into json against 1.10-1.15 s into text).
ALTER TABLE chain_events ALTER COLUMN args TYPE text;
