/**
 * What each backend implements. Parameters arrive already converted by `toParam`; results are
 * already parsed by the shared parsers. Error translation and transaction guards live in
 * database.ts so both backends behave the same.
 */
export interface RawResult {
  rows: unknown[];
  rowCount: number;
}

/** Runs one statement; without parameters, several `;`-separated statements (the last one's result is returned). */
export type RunQuery = (sql: string, params: (string | Buffer | null)[] | undefined) => Promise<RawResult>;

/**
 * COPY … FROM STDIN of `text` (COPY's text format: one row a line, tab-separated, \\N for NULL) in the transaction: one
 * string, or its parts in order, streamed as they are without being joined first.
 */
export type CopyText = string | readonly string[];
export type CopyIn = (sql: string, text: CopyText) => Promise<void>;

export interface Driver {
  readonly kind: 'pglite' | 'postgres';
  query: RunQuery;
  /** `copyIn` when the backend streams COPY (PostgreSQL); PGlite's callers insert with statements instead. */
  transaction<T>(fn: (query: RunQuery, copyIn?: CopyIn) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export const TRANSACTION_ABORTED = '25P02';
export const TRANSACTION_ABORTED_MESSAGE = 'Transaction was rolled back instead of committed';

/** Session settings both backends start with: UTC so date arithmetic in SQL agrees everywhere. */
export function sessionSetupSql(schema: string | undefined): string {
  const statements = ["SET TimeZone TO 'UTC'"];
  if (schema !== undefined) statements.push(`SET search_path TO "${schema}"`);
  return statements.join('; ');
}

/** A plain lower-case identifier, so it can be interpolated quoted without escaping. */
export function isSchemaName(name: string): boolean {
  return /^[a-z_][a-z0-9_]{0,62}$/.test(name);
}

/** Multi-statement results come back as a list; keep the last, like psql shows. */
export function lastResult<R extends { rows: unknown[]; rowCount?: number | null }>(result: R | R[]): RawResult {
  const last = Array.isArray(result) ? result[result.length - 1] : result;
  return { rows: last?.rows ?? [], rowCount: last?.rowCount ?? 0 };
}
