/**
 * The Node.js flags a platform process runs with: `npm start`, the `tierchain` command (its first line) and the bench's
 * measuring processes pass them; a service unit must too (docs/operations.md). V8 reads them only when the process
 * starts (v8.setFlagsFromString cannot grow the young generation afterwards).
 *
 * `--max-semi-space-size=256`: a young generation of up to 2 × 256 MB instead of 2 × 16 MB (V8 grows it from a few MB
 * only while the process allocates fast and much of it survives). The indexer's catch-up allocates a few objects per
 * event (about 15 GB at 100,000 claims) while its read models keep up to 200,000 rows per table in memory, and each
 * young-generation collection walks the pointers from those rows. At 100,000 claims (1,263,436 events) the catch-up
 * spent 16.2 s of its CPU in 1,203 such collections without the flag (bench/scale-history.md, eleventh session);
 * 9.8-10.7 s in 374-378 with 64 MB; 7.9-9.1 s in 259-274 with 128 MB; 6.9-7.8 s in 227-236 with 256 MB (fourteenth
 * session). Alternated catch-ups took 60.6 and 60.8 s with 128 MB against 62.3 and 63.0 s with 64 MB, and 56.3 and
 * 56.5 s with 256 MB against 60.5 s with 128 MB (an earlier pair showed no difference).
 */
export const PLATFORM_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=256'];
