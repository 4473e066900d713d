/**
 * Money in the console: amounts travel as decimal strings of integer minor units (XT has 2 decimals: fen, cents)
 * and are never turned into floating-point numbers. Formatting and parsing work on the digits as text.
 */

/** The settlement currency: its label and minor units. */
export const CURRENCY = { code: 'XT', minorDigits: 2 } as const;

const groupers = new Map<string, Intl.NumberFormat>();
function grouper(locale: string): Intl.NumberFormat {
  let f = groupers.get(locale);
  if (!f) {
    f = new Intl.NumberFormat(locale, { maximumFractionDigits: 0, useGrouping: true });
    groupers.set(locale, f);
  }
  return f;
}

function decimalSeparator(locale: string): string {
  return new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === 'decimal')?.value ?? '.';
}

/** Splits integer minor units into [sign, integer part, fraction] as digit strings. */
export function splitMinor(minor: string | bigint, digits: number = CURRENCY.minorDigits): [string, string, string] {
  let s = typeof minor === 'bigint' ? minor.toString() : minor.trim();
  let sign = '';
  if (s.startsWith('-')) {
    sign = '-';
    s = s.slice(1);
  }
  if (!/^[0-9]+$/.test(s)) throw new Error(`not an amount in minor units: ${String(minor)}`);
  s = s.replace(/^0+(?=[0-9])/, '').padStart(digits + 1, '0');
  return [sign, s.slice(0, s.length - digits), s.slice(s.length - digits)];
}

/**
 * `'100000000'` → `'1,000,000.00 XT'` (grouping and decimal mark of the locale). `currency: false` leaves the label out.
 */
export function formatMinor(minor: string | bigint, locale: string, p: { currency?: boolean } = {}): string {
  const [sign, int, frac] = splitMinor(minor);
  const grouped = grouper(locale).format(BigInt(int));
  const text = `${sign}${grouped}${frac ? decimalSeparator(locale) + frac : ''}`;
  return p.currency === false ? text : `${text} ${CURRENCY.code}`;
}

/** Major units as typed by a person, in plain ASCII: full-width digits and separators (IME input) become ASCII. */
function normalise(input: string): string {
  return input
    .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\uFF0E\u3002]/g, '.')
    .replace(/[\s,\uFF0C_'\u00A0\u202F]/g, '');
}

export type ParsedAmount = { ok: true; minor: string } | { ok: false; problem: 'empty' | 'invalid' | 'precision' | 'zero' };

/**
 * Parses an amount typed in major units (`1,000,000.5`, `１２３．４５`) into integer minor units (`'100000050'`),
 * by string arithmetic. At most `CURRENCY.minorDigits` decimals; `allowZero` accepts 0.
 */
export function parseMajor(input: string, p: { allowZero?: boolean } = {}): ParsedAmount {
  const s = normalise(input);
  if (s === '') return { ok: false, problem: 'empty' };
  const m = /^([0-9]*)(?:\.([0-9]*))?$/.exec(s);
  if (!m || (m[1] === '' && (m[2] ?? '') === '')) return { ok: false, problem: 'invalid' };
  const int = m[1] ?? '';
  const frac = m[2] ?? '';
  if (frac.length > CURRENCY.minorDigits) return { ok: false, problem: 'precision' };
  const minor = `${int}${frac.padEnd(CURRENCY.minorDigits, '0')}`.replace(/^0+(?=[0-9])/, '') || '0';
  if (minor === '0' && !p.allowZero) return { ok: false, problem: 'zero' };
  if (minor.length > 38) return { ok: false, problem: 'invalid' };
  return { ok: true, minor };
}

/** Integer minor units → the plain major-unit text an input shows (`'100000050'` → `'1000000.50'`). */
export function minorToInput(minor: string | bigint): string {
  const [sign, int, frac] = splitMinor(minor);
  // Grouped as people write amounts (parseMajor reads the separators back): 1,000,000.50, not 1000000.50.
  return `${sign}${int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${frac}`;
}

/** A rate typed in percent per year (`8.5`) → basis points (850), at most 2 decimals; null when invalid. */
export function parsePercentToBps(input: string): number | null {
  const s = normalise(input).replace(/%$/, '');
  const m = /^([0-9]{1,3})(?:\.([0-9]{0,2}))?$/.exec(s);
  if (!m) return null;
  const bps = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return bps <= 65_535 ? bps : null;
}

/** Basis points → percent text of the locale (`850` → `8.50%`). */
export function formatBps(bps: number, locale: string): string {
  const int = Math.floor(bps / 100);
  const frac = String(bps % 100).padStart(2, '0');
  return `${grouper(locale).format(int)}${decimalSeparator(locale)}${frac}%`;
}

/** Σ of minor-unit strings. */
export function sumMinor(values: Array<string | bigint>): bigint {
  return values.reduce<bigint>((a, v) => a + BigInt(v), 0n);
}

/** `part / whole` in whole percent, rounded down (0 when whole is 0). */
export function sharePercent(part: bigint, whole: bigint): number {
  return whole > 0n ? Number((part * 100n) / whole) : 0;
}
