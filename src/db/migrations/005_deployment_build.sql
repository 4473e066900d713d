-- Which build of the contracts each deployment came from: the source hash of src/chain/generated/ (sources.sha256)
-- at deployment time. A platform refuses to run on contracts of another build (their ABI and rules differ).
-- NULL for suites deployed before builds were recorded.
ALTER TABLE deployments ADD COLUMN build text;
