/**
 * Many rows into one table at once, the fastest way each backend offers: COPY … FROM STDIN on PostgreSQL inside a
 * transaction (the rows streamed as text, parsed once by the server), one INSERT … SELECT FROM unnest(arrays)
 * elsewhere (PGlite, or outside a transaction). Both insert the same rows with the same triggers and constraints; the
 * indexer writes its event log and the append-only movement tables this way (a million events: most of the time a
 * catch-up spent in the database went to these inserts' parameter arrays).
 */
import type { Queryable } from './database.ts';

export interface Column {
  name: string;
  /** The column's SQL type, for the arrays of the INSERT: bigint, int, text, numeric, json, timestamptz. */
  type: string;
}

/** Columns from [name, type] pairs, in the order of the values a caller gives insertColumns. */
export const columns = (pairs: ReadonlyArray<readonly [name: string, type: string]>): Column[] => pairs.map(([name, type]) => ({ name, type }));

/** Text as a field of COPY's text format: backslash, tab, newline and carriage return escaped. */
export function copyEscape(text: string): string {
  return /[\\\t\n\r]/.test(text) ? text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : text;
}

/** A value as COPY's text format writes it: \N for NULL; backslash, tab, newline and carriage return escaped. */
function copyField(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  return copyEscape(value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value));
}

/** Column types whose values are written as they are: their text (digits, a sign, a point; an ISO time) has nothing to escape. */
const PLAIN = new Set(['bigint', 'int', 'integer', 'smallint', 'numeric', 'boolean', 'timestamptz']);

/** How a column's values are written: plain for PLAIN types, a run of rows' Date at once (rows of one block share it). */
function fieldWriter(type: string | undefined): (value: unknown) => string {
  if (type === undefined || !PLAIN.has(type)) return copyField;
  let date: Date | null = null;
  let iso = '';
  return (value) => {
    if (value === null || value === undefined) return '\\N';
    if (value instanceof Date) {
      if (value !== date) iso = (date = value).toISOString();
      return iso;
    }
    return typeof value === 'string' ? value : String(value);
  };
}

/**
 * The rows of `values` (one array a column, all of one length) as COPY's text format; or rows `start` to `end`
 * (exclusive). With `columns`, values of numeric and time columns are written without looking for characters to escape.
 */
export function copyText(values: ReadonlyArray<readonly unknown[]>, start = 0, end = values[0]?.length ?? 0, columns?: readonly Column[]): string {
  const lines: string[] = new Array(Math.max(0, end - start));
  const writers = values.map((_, c) => fieldWriter(columns?.[c]?.type));
  const first = writers[0]!;
  for (let i = start; i < end; i++) {
    let line = first(values[0]![i]);
    for (let c = 1; c < values.length; c++) line += `\t${writers[c]!(values[c]![i])}`;
    lines[i - start] = line;
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/**
 * Inserts the rows given column by column (`values[c][i]` is row i's value of `columns[c]`); `text` may carry their
 * COPY text already (copyText of the same values, made while the database was busy with something else).
 */
export async function insertColumns(
  q: Queryable,
  table: string,
  columns: readonly Column[],
  values: ReadonlyArray<readonly unknown[]>,
  p: { text?: string } = {},
): Promise<void> {
  if (values.length !== columns.length) throw new RangeError(`insertColumns(${table}): ${columns.length} columns but ${values.length} arrays of values`);
  if ((values[0]?.length ?? 0) === 0) return;
  const names = columns.map((c) => c.name).join(', ');
  if (q.copyIn) {
    await q.copyIn(`COPY ${table} (${names}) FROM STDIN`, p.text ?? copyText(values, 0, values[0]!.length, columns));
    return;
  }
  await q.query(
    `INSERT INTO ${table} (${names}) SELECT * FROM unnest(${columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ')})`,
    values as unknown[][],
  );
}
