import { createContext, useContext } from 'react';
import type { Messages, MessageKey } from './en.ts';

export type Locale = 'en' | 'zh-CN';
export const LOCALES: Array<{ code: Locale; label: string }> = [
  { code: 'en', label: 'English' },
  { code: 'zh-CN', label: '简体中文' },
];

export interface I18n {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  /** The message `key`, with `{name}` placeholders filled from `vars`. */
  t: (key: MessageKey, vars?: Record<string, string | number>) => string;
  /** Integer minor units → `1,000,000.00 XT`. */
  amount: (minor: string | bigint, p?: { currency?: boolean }) => string;
  /** `YYYY-MM-DD` → a calendar day of the locale. */
  day: (isoDate: string) => string;
  /** An ISO instant → date and time of the locale. */
  instant: (iso: string) => string;
  /** Basis points → percent. */
  bps: (bps: number) => string;
  number: (n: number | bigint) => string;
  messages: Messages;
}

export const I18nContext = createContext<I18n | null>(null);

export function useI18n(): I18n {
  const i = useContext(I18nContext);
  if (!i) throw new Error('useI18n outside I18nProvider');
  return i;
}
