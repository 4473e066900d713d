/**
 * Command-line values of the operation commands, checked before anything is sent: XT amounts in major units,
 * integers, dates, instants, ids given by name. A bad value is a usage error (exit 2) naming the flag or argument.
 */
import { keccak_256 } from '@noble/hashes/sha3';
import { parseMajorUnits } from '../../domain/money.ts';
import { CliError } from '../errors.ts';

const usageError = (name: string, message: string) => new CliError(`${name}: ${message}`, { hint: 'tierchain help lists the commands and their arguments', exitCode: 2 });

/** `1,000,000.00` XT → "100000000" minor units (string arithmetic). At least 0.01 unless `allowZero`. */
export function amountValue(name: string, text: string, o: { allowZero?: boolean } = {}): string {
  let minor: bigint;
  try {
    minor = parseMajorUnits(text);
  } catch (error) {
    throw usageError(name, (error as Error).message);
  }
  if (minor === 0n && !o.allowZero) throw usageError(name, 'must be at least 0.01');
  return minor.toString();
}

/** A non-negative integer (basis points, hops, batch sizes). */
export function integerValue(name: string, text: string, o: { min?: number; max?: number } = {}): number {
  const n = /^\d{1,9}$/.test(text.trim()) ? Number(text.trim()) : NaN;
  const min = o.min ?? 0;
  if (!Number.isInteger(n) || n < min || (o.max !== undefined && n > o.max)) {
    throw usageError(name, `"${text}" is not a whole number${o.max !== undefined ? ` from ${min} to ${o.max}` : min > 0 ? ` of at least ${min}` : ''}`);
  }
  return n;
}

/** `YYYY-MM-DD`. */
export function dateValue(name: string, text: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) throw usageError(name, `"${text}" is not a date: write YYYY-MM-DD`);
  return text;
}

/** An ISO date-time, a date (its UTC midnight), or from now: `30d`, `12h`, `45m`. */
export function instantValue(name: string, text: string, now: () => number = Date.now): string {
  const relative = /^(\d{1,5})([dhm])$/.exec(text);
  if (relative) {
    const unit = { d: 86_400_000, h: 3_600_000, m: 60_000 }[relative[2] as 'd' | 'h' | 'm'];
    return new Date(now() + Number(relative[1]) * unit).toISOString();
  }
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text;
  const ms = /^\d{4}-\d{2}-\d{2}T/.test(iso) ? Date.parse(iso) : NaN;
  if (Number.isNaN(ms)) throw usageError(name, `"${text}" is not a time: write an ISO date-time (2030-01-31T12:00:00Z), a date, or 30d / 12h / 45m from now`);
  return new Date(ms).toISOString();
}

/** A day-count convention. */
export function dayCountValue(name: string, text: string): 'ACT/360' | 'ACT/365F' {
  const v = text.toUpperCase();
  if (v === 'ACT/360' || v === 'ACT/365F') return v;
  throw usageError(name, `"${text}" is not a day count: ACT/360 or ACT/365F`);
}

/**
 * keccak256 of a text's UTF-8 bytes, what viem's `keccak256(toHex(text))` gives. Hashed with @noble/hashes (viem's
 * own hash library): importing viem costs a command over a second of startup.
 */
export const keccak256Text = (text: string): `0x${string}` => `0x${Buffer.from(keccak_256(text)).toString('hex')}`;

/** A bytes32 id as given (0x and 64 hex digits), or a name's: keccak256 of `<kind>:<name>` (`listing:q3-batch`). */
export const namedIdValue = (kind: string, text: string): string => (/^0x[0-9a-fA-F]{64}$/.test(text) ? text : keccak256Text(`${kind}:${text}`));

/** A comma-separated list, e.g. roles. */
export const listValue = (text: string): string[] => text.split(',').map((s) => s.trim()).filter(Boolean);

/** The value of a required string flag (`--name`), else a usage error. */
export function requiredFlag(flags: Record<string, string | boolean | undefined>, name: string): string {
  const v = flags[name];
  if (typeof v !== 'string' || v.trim() === '') throw usageError(`--${name}`, 'is required');
  return v;
}

/** The value of an optional string flag. */
export const optionalFlag = (flags: Record<string, string | boolean | undefined>, name: string): string | undefined =>
  typeof flags[name] === 'string' ? (flags[name] as string) : undefined;
