import { useI18n } from '../i18n/I18nContext.ts';
import { normaliseDate } from '../format/dates.ts';

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
