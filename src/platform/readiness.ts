import type { PublicClient } from 'viem';
import type { Database } from '../db/database.ts';
import type { Indexer } from '../indexer/indexer.ts';
import type { ReadyResult } from '../api/server.ts';

export interface ReadinessParameters {
  db: Database;
  /** A client that gives up after `chainTimeoutMs` (the API's read client). */
  client: PublicClient;
  indexer: Indexer;
  /** What the chain is, for the report: e.g. `embedded anvil at http://127.0.0.1:8545`. */
  chainName: string;
  chainTimeoutMs: number;
  databaseTimeoutMs?: number;
}

class NoAnswer extends Error {}

/** Resolves like `promise`, or rejects with NoAnswer after `ms`. */
function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new NoAnswer()), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

const firstLine = (error: unknown): string => String((error as Error)?.message ?? error).split('\n')[0] ?? '';

/**
 * GET /ready's checks, each with its own time limit so that one dependency that does not answer is named as such
 * while the others are still reported: `database`, `chain` (the head block), `indexer` (its block and lag behind
 * the head) and `transactionManager` (the open commands' backlog). Ready when the database and the chain answer.
 */
export function createReadinessCheck(p: ReadinessParameters): () => Promise<ReadyResult> {
  const databaseTimeoutMs = p.databaseTimeoutMs ?? 2_000;
  return async () => {
    const checks: Record<string, string> = {};
    const [database, head, backlog, cursor] = await Promise.allSettled([
      within(p.db.query('SELECT 1'), databaseTimeoutMs),
      // A request of its own, sent now: getBlockNumber would share a read already in flight on this client (viem
      // dedupes them), whose reply may predate a node that has since stopped answering.
      within(p.client.request({ method: 'eth_blockNumber' }).then((n) => BigInt(n)), p.chainTimeoutMs),
      within(
        p.db.query<{ status: string; n: string; oldest: Date }>(
          `SELECT status, count(*)::text AS n, min(created_at) AS oldest FROM commands
            WHERE status IN ('accepted', 'submitted') GROUP BY status`,
        ),
        databaseTimeoutMs,
      ),
      within(p.indexer.cursor(), databaseTimeoutMs),
    ]);

    checks.database =
      database.status === 'fulfilled'
        ? 'ok'
        : database.reason instanceof NoAnswer
          ? `not answering: no reply within ${databaseTimeoutMs} ms`
          : `error: ${firstLine(database.reason)}`;

    // viem's own timeout (the client's) and ours say the same thing: the node did not answer in time.
    const chainSilent = head.status === 'rejected' && (head.reason instanceof NoAnswer || /took too long|timed? ?out/i.test(firstLine(head.reason)));
    checks.chain =
      head.status === 'fulfilled'
        ? `ok (${p.chainName}, block ${head.value})`
        : chainSilent
          ? `not answering: ${p.chainName} gave no reply within ${p.chainTimeoutMs} ms`
          : `error: ${p.chainName}: ${firstLine(head.reason)}`;

    if (cursor.status === 'rejected') checks.indexer = `unknown: ${cursor.reason instanceof NoAnswer ? 'the database did not answer' : firstLine(cursor.reason)}`;
    else if (head.status === 'fulfilled') checks.indexer = `block ${cursor.value} (${head.value > cursor.value ? head.value - cursor.value : 0n} behind)`;
    else checks.indexer = `block ${cursor.value} (lag unknown: the chain did not answer)`;

    if (backlog.status === 'fulfilled') {
      const of = (s: string) => backlog.value.rows.find((r) => r.status === s);
      const oldest = backlog.value.rows.reduce<Date | null>((min, r) => (min === null || r.oldest < min ? r.oldest : min), null);
      checks.transactionManager =
        `${of('accepted')?.n ?? 0} accepted, ${of('submitted')?.n ?? 0} submitted` +
        (oldest ? ` (oldest open for ${Math.max(0, Math.round((Date.now() - oldest.getTime()) / 1000))} s)` : '');
    } else {
      checks.transactionManager = `unknown: ${backlog.reason instanceof NoAnswer ? 'the database did not answer' : firstLine(backlog.reason)}`;
    }
    return { ready: checks.database === 'ok' && head.status === 'fulfilled', checks };
  };
}
