/**
 * The Node.js flags a platform process runs with: `npm start`, the `tierchain` command (its first line) and the bench's
 * measuring processes pass them; a service unit must too (docs/operations.md). V8 reads them only when the process
 * starts (v8.setFlagsFromString cannot grow the young generation afterwards).
 *
 * `--max-semi-space-size=64`: a young generation of 2 × 64 MB instead of 2 × 16 MB. The indexer's catch-up allocates a
 * few objects per event while its read models keep up to 200,000 rows per table in memory, and each young-generation
 * collection walks the pointers from those rows: at 100,000 claims (1,263,436 events) the catch-up spent 16.2 s of its
 * 71 s of CPU in 1,203 such collections, and 11.2 s in 366 with this flag; it took 71.5 s instead of 80.1 s, while
 * the raw read of the same logs was unchanged (35.9 and 36.0 s). bench/README.md, eleventh session.
 */
export const PLATFORM_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=64'];
