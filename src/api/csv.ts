/**
 * CSV for exports (RFC 4180): a header row, then one row per record; fields with a comma, a quote or a line break
 * are quoted, quotes doubled. Amounts are exact: minor units as integers and the same amount in XT with its two
 * decimals (`xtDecimal`), never a float. A field starting with = + - @ (or a tab / carriage return) gets a leading
 * apostrophe, so a spreadsheet does not run it as a formula.
 */
import type { FastifyReply } from 'fastify';

export type CsvValue = string | number | bigint | boolean | null | undefined;

function field(v: CsvValue): string {
  if (v === null || v === undefined) return '';
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: string[], rows: CsvValue[][]): string {
  return [header, ...rows].map((r) => r.map(field).join(',')).join('\r\n') + '\r\n';
}

/** Minor units → the exact decimal in XT, e.g. 100000005 → "1000000.05" (no separators: a spreadsheet reads it). */
export function xtDecimal(minor: string | bigint): string {
  const v = BigInt(minor);
  const abs = v < 0n ? -v : v;
  return `${v < 0n ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

/** Sends `csv` as a download named `filename`. */
export function sendCsv(reply: FastifyReply, filename: string, csv: string): FastifyReply {
  return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${filename}"`).send(csv);
}
