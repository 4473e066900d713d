import pg from 'pg';

/**
 * Value conversion shared by both backends, so a row or a parameter means the same thing on
 * PGlite and on PostgreSQL. Results use node-postgres' text parsers (pg-types) with the few
 * overrides below; parameters are turned into text the same way before either driver sees them.
 */

type TextParser = (text: string) => unknown;

// pg-types' declaration only accepts the oids of its TypeId enum, which lacks the array types.
const pgTypesParser = pg.types.getTypeParser as (oid: number, format: 'text' | 'binary') => TextParser;

const TEXT_ARRAY = 1009;
const keepText: TextParser = (text) => text;
const textArray = pgTypesParser(TEXT_ARRAY, 'text');

const overrides = new Map<number, TextParser>([
  // A date is a calendar day, not an instant: pg-types would make it local midnight and shift it with TZ.
  [1082, keepText],
  [1182, textArray],
  // pg-types turns numeric[] into floats; keep amounts exact, like scalar numeric.
  [1231, textArray],
]);

/** The parser for a column of type `oid` in text format (looked up each time, so pg.types.setTypeParser applies to both backends). */
export function textParser(oid: number): TextParser {
  return overrides.get(oid) ?? pgTypesParser(oid, 'text');
}

/** For pg: `new Pool({ types })`. Binary format is never requested, but keep pg's parsers for it. */
export const pgTypeParsers = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    format === 'binary' ? pgTypesParser(oid, 'binary') : textParser(oid)) as typeof pg.types.getTypeParser,
};

/** For PGlite: a parser table that answers for every oid, including types created later. */
export const pgliteParsers: Record<number | string, (text: string) => unknown> = new Proxy(
  {},
  {
    get(_target, key) {
      if (typeof key !== 'string') return undefined;
      const parse = textParser(Number(key));
      // PGlite calls parsers as (text, oid); a parser such as parseInt would take the oid as a radix.
      return (text: string) => parse(text);
    },
  },
);

/**
 * Turns a JS parameter into what goes on the wire: text, a Buffer (bytea), or null. Mirrors
 * node-postgres' own conversion except that Dates are sent in UTC, so a Date bound to a `date`
 * column gives the same day on every backend whatever the process time zone.
 */
export function toParam(value: unknown): string | Buffer | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Uint8Array) return Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (Array.isArray(value)) return arrayLiteral(value);
  return scalarText(value);
}

function scalarText(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return byteaHex(value);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Backslash and double quote, the characters a quoted element of an array literal escapes. */
const ARRAY_ESCAPED = /[\\"]/;

/**
 * An array as PostgreSQL's array literal: every element quoted (so no spelling of one reads as NULL or a delimiter), a
 * backslash or double quote in it escaped. Built in one string: the indexer sends arrays of tens of thousands of rows.
 */
function arrayLiteral(values: unknown[]): string {
  let literal = '{';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) literal += ',';
    const item = values[i];
    if (item === null || item === undefined) literal += 'NULL';
    else if (Array.isArray(item)) literal += arrayLiteral(item);
    else {
      const text = typeof item === 'string' ? item : scalarText(item);
      literal += ARRAY_ESCAPED.test(text) ? `"${text.replace(/[\\"]/g, '\\$&')}"` : `"${text}"`;
    }
  }
  return `${literal}}`;
}

/** bytea in PostgreSQL's hex text form, for drivers that take parameters as text. */
export function byteaHex(bytes: Uint8Array): string {
  return `\\x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')}`;
}
