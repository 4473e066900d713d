/** Dates and times of the console, formatted per locale. Due dates are calendar days (UTC on-chain). */

const cache = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: string, key: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const k = `${locale}|${key}`;
  let f = cache.get(k);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, options);
    cache.set(k, f);
  }
  return f;
}

/** `2030-04-01` → `Apr 1, 2030` / `2030年4月1日`. */
export function formatDay(isoDate: string, locale: string): string {
  const d = new Date(`${isoDate.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return isoDate;
  return formatter(locale, 'day', { dateStyle: 'medium', timeZone: 'UTC' }).format(d);
}

/** An instant in the viewer's time zone. */
export function formatInstant(iso: string, locale: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return formatter(locale, 'instant', { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

/** `YYYY-MM-DD` of today plus `days` (the browser's calendar, as a UTC date). */
export function isoDayFromToday(days: number): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
