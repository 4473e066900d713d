import { AsyncLocalStorage } from 'node:async_hooks';
import { ValidationError } from '../common/errors.ts';
import { isSchemaName, type CopyText, type Driver, type RunQuery } from './driver.ts';
import { toDatabaseError } from './errors.ts';
import { openPglite } from './pglite-driver.ts';
import { openPostgres } from './postgres-driver.ts';
import { toParam } from './values.ts';

export { DatabaseError, isUniqueViolation, UNIQUE_VIOLATION } from './errors.ts';

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: T[]; rowCount: number }>;
  /**
   * COPY … FROM STDIN in text format, offered inside a transaction on PostgreSQL only: use it through insertColumns
   * (src/db/copy.ts), which falls back to one INSERT statement where it is missing.
   */
  copyIn?(sql: string, text: CopyText): Promise<void>;
  /**
   * True when statements run one at a time in the order they are called, also those sent before the last answered (a
   * transaction's): a caller may send several without waiting for each.
   */
  readonly ordered?: boolean;
}

/**
 * Statements run in turn. On a Queryable that keeps their order (a transaction) each is sent as it is pushed, so the
 * server runs it while the caller makes the next one's parameters; elsewhere they run one after the other in `done`.
 * `done` resolves when every one has answered; the first failure rejects it.
 */
export class InTurn {
  readonly #q: Queryable;
  readonly #sent: Array<Promise<unknown>> = [];
  readonly #held: Array<() => Promise<unknown>> = [];

  constructor(q: Queryable) {
    this.#q = q;
  }

  push(statement: () => Promise<unknown>): void {
    if (!this.#q.ordered) {
      this.#held.push(statement);
      return;
    }
    const sent = start(statement);
    sent.catch(() => {}); // done() reports it
    this.#sent.push(sent);
  }

  async done(): Promise<void> {
    for (const sent of this.#sent) await sent;
    for (const statement of this.#held) await statement();
  }
}

export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs fn in one transaction (BEGIN/COMMIT, ROLLBACK on throw). Nested calls inside fn use the tx object. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface OpenDatabaseParameters {
  /** PostgreSQL connection string; when set, a pg pool is used. */
  url?: string;
  /** PGlite data directory (created if missing); without it (and without url), PGlite runs in memory. */
  dir?: string;
  /** Schema every connection works in (created if missing); a lower-case identifier. */
  schema?: string;
  /**
   * Refuse `db.query()` and `db.transaction()` called inside `db.transaction()` (the callback must use its tx object).
   * The check follows each transaction's async context (AsyncLocalStorage), which costs every promise of the process a
   * hook. Default: on for PGlite, whose one connection such a call would deadlock; on PostgreSQL, where it would run
   * outside the transaction, on when TIERCHAIN_DB_GUARD is `on` (the test runner sets it, so the tests catch the
   * mistake on both) and off otherwise (the indexer's catch-up makes hundreds of thousands of promises).
   */
  guard?: boolean;
}

export async function openDatabase(p: OpenDatabaseParameters): Promise<Database> {
  if (p.schema !== undefined && !isSchemaName(p.schema)) {
    throw new ValidationError('schema', 'must be a lower-case identifier (a-z, 0-9, _; at most 63 characters)');
  }
  try {
    const driver = p.url ? await openPostgres(p.url, p.schema) : await openPglite(p.dir, p.schema);
    return new DriverDatabase(driver, p.guard ?? (driver.kind === 'pglite' || process.env.TIERCHAIN_DB_GUARD === 'on'));
  } catch (error) {
    throw toDatabaseError(error);
  }
}

/** The transactions the current async call chain is inside, innermost first. */
interface TransactionFrame {
  readonly database: Database;
  open: boolean;
  readonly outer: TransactionFrame | undefined;
}

const currentTransaction = new AsyncLocalStorage<TransactionFrame>();

class DriverDatabase implements Database {
  readonly #driver: Driver;
  /** Whether calls inside this database's transactions are refused (OpenDatabaseParameters.guard). */
  readonly #guard: boolean;
  #closing: Promise<void> | undefined;

  constructor(driver: Driver, guard: boolean) {
    this.#driver = driver;
    this.#guard = guard;
  }

  get kind(): 'pglite' | 'postgres' {
    return this.#driver.kind;
  }

  async query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: T[]; rowCount: number }> {
    this.#assertUsable('query');
    return run<T>(this.#driver.query, sql, convert(params));
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    this.#assertUsable('transaction');
    try {
      return await this.#driver.transaction(async (query, copyIn) => {
        const frame: TransactionFrame = { database: this, open: true, outer: this.#guard ? currentTransaction.getStore() : undefined };
        // On pg the connection is back in the pool by then, possibly inside someone else's transaction.
        const assertOpen = () => {
          if (!frame.open) throw new Error('transaction already finished; this tx object can no longer be used');
        };
        // The transaction's statements run one at a time in the order they are called, also when a caller sends the next
        // before the last has answered (the indexer writes its event log while it applies the events): the driver is
        // never handed a statement while it runs one (node-postgres 8 queues such calls but deprecates it).
        // A statement with none ahead of it goes to the server at once, not on the next turn of the event loop, and a
        // statement's parameters are converted when it is called, not when its turn comes: a caller that sends several
        // makes the next one's parameters (arrays of tens of thousands of rows) while the server runs the one before.
        let tail: Promise<unknown> = Promise.resolve();
        /** Statements sent whose answer has not been taken yet. */
        let ahead = 0;
        const serial = <R>(statement: () => Promise<R>): Promise<R> => {
          const next = ahead === 0 ? start(statement) : tail.then(statement, statement);
          ahead++;
          const answered = () => void ahead--;
          tail = next.then(answered, answered);
          return next;
        };
        const tx: Queryable = {
          ordered: true,
          async query<R = Record<string, unknown>>(sql: string, params?: unknown[]) {
            assertOpen();
            const values = convert(params);
            return serial(() => {
              assertOpen();
              return run<R>(query, sql, values);
            });
          },
          ...(copyIn
            ? {
                async copyIn(sql: string, text: CopyText) {
                  assertOpen();
                  return serial(async () => {
                    assertOpen();
                    try {
                      await copyIn(sql, text);
                    } catch (error) {
                      throw toDatabaseError(error);
                    }
                  });
                },
              }
            : {}),
        };
        try {
          return await (this.#guard ? currentTransaction.run(frame, () => fn(tx)) : fn(tx));
        } finally {
          // Nothing sent in this transaction runs after it ends (COMMIT, ROLLBACK, the connection back in the pool).
          await tail;
          frame.open = false;
        }
      });
    } catch (error) {
      throw toDatabaseError(error);
    }
  }

  close(): Promise<void> {
    this.#closing ??= this.#driver.close();
    return this.#closing;
  }

  #assertUsable(method: string): void {
    if (this.#closing !== undefined) throw new Error(`database is closed; cannot run ${method}()`);
    if (!this.#guard) return;
    for (let frame = currentTransaction.getStore(); frame !== undefined; frame = frame.outer) {
      if (frame.open && frame.database === this) {
        // PGlite would deadlock (its single connection is held by the transaction); pg would
        // silently run outside the transaction. Refuse on both so code behaves the same.
        throw new Error(`db.${method}() called inside db.transaction(); use the tx object passed to the callback`);
      }
    }
  }
}

/** Parameters as the drivers take them (toParam). */
function convert(params: unknown[] | undefined): Array<string | Buffer | null> | undefined {
  try {
    return params?.map(toParam);
  } catch (error) {
    throw toDatabaseError(error);
  }
}

/** Calls a statement now; what it throws, it rejects with. */
function start<R>(statement: () => Promise<R>): Promise<R> {
  try {
    return statement();
  } catch (error) {
    return Promise.reject(error);
  }
}

async function run<T>(query: RunQuery, sql: string, params: Array<string | Buffer | null> | undefined): Promise<{ rows: T[]; rowCount: number }> {
  try {
    const result = await query(sql, params);
    return { rows: result.rows as T[], rowCount: result.rowCount };
  } catch (error) {
    throw toDatabaseError(error);
  }
}
