import { useI18n } from '../i18n/I18nContext.ts';

/** `2027-2-1`, `2027/02/01`, `2027.2.1`, `2027年2月1日` → `2027-02-01`; anything else as typed. */
export function normaliseDate(text: string): string {
  const m = /^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$/.exec(text.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)));
  if (!m) return text;
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso ? iso : text;
}

/**
 * A calendar date typed year first (YYYY-MM-DD, as both English and Chinese readers take it without doubt), shown
 * back in the page's own words beside it. The browser's date picker would follow the browser's locale instead of
 * the page's (month/day/year on a Chinese page in a US browser), which is the fault this replaces.
 */
export function DateInput({ value, onChange, id, testId }: { value: string; onChange: (iso: string) => void; id?: string; testId?: string }) {
  const { t, day } = useI18n();
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(value) && normaliseDate(value) === value;
  return (
    <span className="date-input">
      <input
        id={id}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        placeholder={t('date.placeholder')}
        value={value}
        onChange={(e) => onChange(normaliseDate(e.target.value))}
        data-testid={testId}
      />
      {valid ? <span className="hint date-words">{day(value)}</span> : null}
    </span>
  );
}
