-- Placeholder so the migration runner always has something to apply; real schema starts at 001.
SELECT 1;
