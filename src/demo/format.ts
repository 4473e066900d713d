/** Terminal formatting for the demo: XT amounts, ids, tables. */

/** Minor units (cents) as `1,234,567.89`. */
export function xt(minor: string | bigint): string {
  const v = BigInt(minor);
  const neg = v < 0n;
  const abs = neg ? -v : v;
  const whole = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${neg ? '-' : ''}${whole}.${(abs % 100n).toString().padStart(2, '0')}`;
}

/** Major units (whole XT) → minor-unit decimal string, e.g. 1_200_000 → "120000000". */
export const minor = (major: number): string => (BigInt(Math.round(major * 100))).toString();

/** `0x1a2b…9f0e`. */
export const shortId = (id: string): string => `${id.slice(0, 6)}…${id.slice(-4)}`;

/** Basis points as a percentage, `850` → `8.50%`. */
export const pct = (bps: number): string => `${(bps / 100).toFixed(2)}%`;

/** A plain table: left-aligned text columns, right-aligned where `right[i]`. */
export function table(header: string[], rows: string[][], right: boolean[] = []): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    '  ' + cells.map((c, i) => (right[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(header), '  ' + widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n') + '\n';
}
