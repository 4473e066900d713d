import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { formatBps, formatMinor } from '../format/money.ts';
import { formatDay, formatInstant } from '../format/dates.ts';
import { en, type Messages, type MessageKey } from './en.ts';
import { zhCN } from './zh-CN.ts';
import { I18nContext, type I18n, type Locale } from './I18nContext.ts';
import { fill } from './fill.ts';

const STORAGE_KEY = 'tierchain.locale';
const dictionaries: Record<Locale, Messages> = { en, 'zh-CN': zhCN };

function initialLocale(): Locale {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored === 'en' || stored === 'zh-CN') return stored;
  } catch {
    // storage disabled
  }
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export { fill };

/** English and Simplified Chinese; the choice is kept in localStorage and sets `<html lang>`. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  const setLocale = useCallback((l: Locale) => {
    setLocaleState(l);
    try {
      localStorage.setItem(STORAGE_KEY, l);
    } catch {
      // not kept
    }
  }, []);
  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = dictionaries[locale]['app.title'];
  }, [locale]);

  const value = useMemo<I18n>(() => {
    const messages = dictionaries[locale];
    const numbers = new Intl.NumberFormat(locale);
    return {
      locale,
      setLocale,
      messages,
      t: (key: MessageKey, vars?: Record<string, string | number>) => fill(messages[key] ?? en[key] ?? key, vars),
      amount: (minor, p) => formatMinor(minor, locale, p),
      day: (d) => formatDay(d, locale),
      instant: (iso) => formatInstant(iso, locale),
      bps: (b) => formatBps(b, locale),
      number: (n) => numbers.format(n),
    };
  }, [locale, setLocale]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}
