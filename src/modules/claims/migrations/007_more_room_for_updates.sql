-- More room on each page for the updates 006 made heap-only (HOT), for claim_holdings and claims: at 75 and 80 per cent
-- full, a page's free space was used up by the first updates of its rows, and a holding updated again after that (a
-- payable's holdings are updated when split, again when paid at maturity, again when redeemed) moved to another page
-- with a new entry in both of its indexes. The indexer's catch-up of 10,000 claims (127,276 events): the 49,200 updates
-- of holdings took 784 ms of the server's time at 75 per cent, 403-455 ms at 50.
-- The price is space: a table written by the indexer takes up to twice the pages. Lookups read one page per row either
-- way (by key, through an index), so the API's reads are not slower for it.
-- A fill factor applies to pages written from now on; a replay's TRUNCATE keeps it.
ALTER TABLE claim_holdings SET (fillfactor = 50);
ALTER TABLE claims SET (fillfactor = 60);
