/**
 * Exact amounts between ISO 20022 / UBL decimal strings and integer minor units. No floating point anywhere:
 * the decimal string is checked against the XML Schema decimal form and split at the point; an amount with more
 * fraction digits than its currency has is refused, never rounded (ISO 4217 minor units below).
 */

/** ISO 4217 minor units of the currencies the platform takes (XT has two decimals: CNY, EUR, USD, …). */
export const currencyMinorUnits: Readonly<Record<string, number>> = {
  CNY: 2, EUR: 2, USD: 2, GBP: 2, HKD: 2, CHF: 2, SGD: 2, SEK: 2, NOK: 2, DKK: 2, PLN: 2, CZK: 2, AUD: 2, CAD: 2,
  JPY: 0, KRW: 0, BHD: 3, KWD: 3, TND: 3,
};

/** Why an amount was refused: `format` not a decimal, `precision` more decimals than the currency, `currency` unknown, `sign` negative, `zero`. */
export type AmountProblem = 'format' | 'precision' | 'currency' | 'sign' | 'zero';

export class AmountError extends Error {
  constructor(
    readonly problem: AmountProblem,
    message: string,
  ) {
    super(message);
  }
}

const DECIMAL = /^([+-]?)([0-9]+)(?:\.([0-9]+))?$/;

/**
 * `"1234.50"` in CNY → `123450n`. Refuses what is not an XML decimal, a negative amount unless `signed`, zero unless allowed, a
 * currency without known minor units, and more significant fraction digits than the currency has (`"1.005"` CNY);
 * trailing zeros beyond them are exact and taken (`"1.500"` → 150).
 */
export function toMinorUnits(value: string, currency: string, options: { allowZero?: boolean; signed?: boolean } = {}): bigint {
  const digits = currencyMinorUnits[currency];
  if (digits === undefined) throw new AmountError('currency', `currency ${JSON.stringify(currency)} is not one the platform knows (ISO 4217 minor units)`);
  const m = DECIMAL.exec(value.trim());
  if (!m) throw new AmountError('format', `${JSON.stringify(value)} is not a decimal amount`);
  const [, sign, whole, fraction = ''] = m;
  const significant = fraction.replace(/0+$/, '');
  if (significant.length > digits) {
    throw new AmountError('precision', `${value} ${currency} has ${significant.length} decimals; ${currency} has ${digits}`);
  }
  const minor = BigInt(whole! + significant.padEnd(digits, '0'));
  if (minor === 0n && !options.allowZero) throw new AmountError('zero', `${value} is zero`);
  if (sign === '-' && minor !== 0n) {
    if (!options.signed) throw new AmountError('sign', `${value} is negative`);
    return -minor;
  }
  return minor;
}

/** `123450n` in CNY → `"1234.50"`: the form ISO 20022 and UBL amounts are written in. */
export function fromMinorUnits(minor: bigint, currency: string): string {
  const digits = currencyMinorUnits[currency];
  if (digits === undefined) throw new AmountError('currency', `currency ${JSON.stringify(currency)} is not one the platform knows (ISO 4217 minor units)`);
  if (minor < 0n) throw new AmountError('sign', `${minor} is negative`);
  if (digits === 0) return minor.toString();
  const s = minor.toString().padStart(digits + 1, '0');
  return `${s.slice(0, -digits)}.${s.slice(-digits)}`;
}

/** The fiat currency XT stands for (ISO 4217): `TIERCHAIN_XT_CURRENCY`, CNY by default; XT has two decimals, so must it. */
export function settlementCurrency(env: NodeJS.ProcessEnv = process.env): string {
  const c = (env.TIERCHAIN_XT_CURRENCY ?? 'CNY').trim().toUpperCase();
  if (currencyMinorUnits[c] !== 2) throw new Error(`TIERCHAIN_XT_CURRENCY=${c}: XT has two decimals, so its currency must have two minor units (CNY, EUR, USD, …)`);
  return c;
}
