/** Human output of the operation commands: XT amounts in major units, parties, key–value blocks and tables. */
import { formatMajorUnits } from '../../domain/money.ts';
import type { Command } from '../../sdk/index.ts';
import { table } from '../../demo/format.ts';

export { table };

/** Minor units → `1,000,000.00`. */
export const xt = (minor: string | bigint | null | undefined): string => (minor === null || minor === undefined ? '—' : formatMajorUnits(minor));

/** Basis points → `6.00%`. */
export const pct = (bps: number | null | undefined): string => (bps === null || bps === undefined ? '—' : `${(bps / 100).toFixed(2)}%`);

/** A party's name, else its address, else `hidden`. */
export const party = (p: { name?: string | null; address?: string | null; pseudonym?: string } | null | undefined): string =>
  p ? (p.name ?? p.address ?? (p.pseudonym ? `party ${p.pseudonym}` : 'hidden')) : '—';

/** Aligned `label  value` lines (rows with an undefined value are left out). */
export function kv(rows: Array<[string, string | number | boolean | null | undefined]>, indent = '  '): string {
  const shown = rows.filter(([, v]) => v !== undefined);
  if (shown.length === 0) return '';
  const width = Math.max(0, ...shown.map(([k]) => k.length)) + 2;
  return shown.map(([k, v]) => `${indent}${k.padEnd(width)}${v === null ? '—' : String(v)}`).join('\n') + '\n';
}

/** One line per command: status, kind, id and transaction. */
export function commandLines(commands: Command[]): string {
  return commands
    .map((c) => `  ${c.status.padEnd(10)} ${c.kind}  ${c.id}${c.txHash ? `  tx ${c.txHash}` : ''}${c.error ? `  ${c.error.code}: ${c.error.message}` : ''}`)
    .join('\n') + (commands.length ? '\n' : '');
}

/** `title` then the commands: what a command action prints. */
export function done(title: string, commands: Command[], details: Array<[string, string | number | null | undefined]> = []): string {
  return `${title}\n${kv(details)}${commandLines(commands)}`;
}
