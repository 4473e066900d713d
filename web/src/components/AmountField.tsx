import { parseMajor, CURRENCY } from '../format/money.ts';
import { useI18n } from '../i18n/I18nContext.ts';
import { Field } from './Field.tsx';

/** A money input in major units (what people type); shows the amount as it will be sent, or why it cannot be. */
export function AmountField({ label, value, onChange, error, allowZero, hint, name }: { label: string; value: string; onChange: (v: string) => void; error?: string | null; allowZero?: boolean; hint?: string; name?: string }) {
  const { t, amount } = useI18n();
  const parsed = value.trim() === '' ? null : parseMajor(value, { allowZero });
  const preview = parsed?.ok ? `= ${amount(parsed.minor)}` : parsed ? t(`amount.${parsed.problem}`) : null;
  return (
    <Field label={`${label} (${CURRENCY.code})`} error={error ?? (parsed && !parsed.ok ? preview : null)} hint={[hint, parsed?.ok ? preview : null].filter(Boolean).join(' · ') || undefined}>
      <input type="text" inputMode="decimal" autoComplete="off" spellCheck={false} name={name} value={value} onChange={(e) => onChange(e.target.value)} placeholder="0.00" />
    </Field>
  );
}
