import type { I18n } from '../i18n/I18nContext.ts';
import type { MessageKey } from '../i18n/en.ts';

/** The fields of an error's details (API `details`, or a failed command's decoded revert `args`) that are amounts in minor units. */
const AMOUNT_FIELDS = ['balance', 'requested', 'withdrawable', 'holding', 'remaining', 'price', 'minPrice', 'limit', 'used', 'available', 'principal', 'interest', 'outstanding', 'offered', 'needed'];

/** A refusal as words of the console's language: its code's sentence, and its details' sentence when the dictionary has one. */
export interface ErrorWords {
  headline: string;
  /** The details in the console's language with amounts in XT and parties by name, or the platform's own sentence. */
  detail: string | null;
}

/**
 * Puts an error in the user's language and units (issue 14, item 4): the headline from `error.<code>` (or the 403's
 * `details.reason`), the detail from `error.<code>.detail` with amounts formatted as XT and addresses as member
 * names; without a localized detail, the platform's sentence is shown in English only (with addresses named), so a
 * Chinese page never shows an English sentence next to a Chinese one.
 */
export function errorWords(
  i18n: Pick<I18n, 't' | 'messages' | 'amount' | 'locale'>,
  names: ReadonlyMap<string, string>,
  error: { code: string; message: string; status?: number; details?: Record<string, unknown>; args?: Record<string, unknown> },
): ErrorWords {
  const { t, messages, amount, locale } = i18n;
  const details = { ...(error.args ?? {}), ...(error.details ?? {}) };
  const reason = typeof details.reason === 'string' ? (`error.${details.reason}` as MessageKey) : null;
  const codeKey = reason && reason in messages ? reason : (`error.${error.code}` as MessageKey);
  const status = error.status ?? 422;
  const known = codeKey in messages;
  const headline = known ? t(codeKey) : status >= 500 ? t('error.server') : status === 403 ? t('error.forbidden') : status === 404 ? t('error.notFound') : t('error.refused');
  const nameOf = (v: unknown) => (typeof v === 'string' && /^0x[0-9a-fA-F]{40}$/.test(v) ? (names.get(v.toLowerCase()) ?? v) : String(v));
  const detailKey = `${codeKey}.detail` as MessageKey;
  if (detailKey in messages) {
    const vars: Record<string, string> = {};
    for (const [k, v] of Object.entries(details)) {
      if (v === null || typeof v === 'object') continue;
      vars[k] = AMOUNT_FIELDS.includes(k) && /^-?\d+$/.test(String(v)) ? amount(String(v)) : nameOf(v);
    }
    return { headline, detail: t(detailKey, vars) };
  }
  if (['network', 'unauthenticated'].includes(error.code) || !error.message || error.message === headline) return { headline, detail: null };
  if (known && !locale.startsWith('en')) return { headline, detail: null };
  return { headline, detail: error.message.replace(/0x[0-9a-fA-F]{40}\b/g, (a) => names.get(a.toLowerCase()) ?? a) };
}
