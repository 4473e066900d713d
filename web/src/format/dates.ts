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

/** `2027-2-1`, `2027/02/01`, `2027.2.1`, `2027年2月1日` → `2027-02-01`; anything else as typed. */
export function normaliseDate(text: string): string {
  const m = /^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$/.exec(text.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)));
  if (!m) return text;
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso ? iso : text;
}
