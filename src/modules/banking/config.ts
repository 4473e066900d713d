/** The fiat currency XT stands for (ISO 4217): `TIERCHAIN_XT_CURRENCY`, CNY by default; XT has two decimals, so must it. */
import { currencyMinorUnits } from '../../common/decimalAmounts.ts';

export function xtCurrency(env: NodeJS.ProcessEnv = process.env): string {
  const c = (env.TIERCHAIN_XT_CURRENCY ?? 'CNY').trim().toUpperCase();
  if (currencyMinorUnits[c] !== 2) throw new Error(`TIERCHAIN_XT_CURRENCY=${c}: XT has two decimals, so its currency must have two minor units (CNY, EUR, USD, …)`);
  return c;
}
