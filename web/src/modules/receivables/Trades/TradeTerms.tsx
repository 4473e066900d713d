import { DateInput } from '../../../components/DateInput.tsx';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { AmountField } from '../../../components/AmountField.tsx';
import { Field } from '../../../components/Field.tsx';

export interface TermsDraft {
  invoiceNumber: string;
  amount: string;
  dueDate: string;
  lateRate: string;
  maxHops: string;
  dayCount: 'ACT/360' | 'ACT/365F';
  [key: string]: unknown;
}

/** Invoice number, amount, due date and the claim's terms: shared by a submitted trade and a payable. */
export function TradeTerms({ draft, set, err }: { draft: TermsDraft; set: (k: keyof TermsDraft & string, v: string) => void; err: (f: string) => string | null }) {
  const { t } = useI18n();
  return (
    <>
      <Field label={t('trades.invoiceNumber')} error={err('invoiceNumber')}>
        <input value={draft.invoiceNumber} onChange={(e) => set('invoiceNumber', e.target.value)} autoComplete="off" />
      </Field>
      <AmountField label={t('trades.amount')} value={draft.amount} onChange={(v) => set('amount', v)} error={err('amount')} />
      <Field label={t('trades.dueDate')} error={err('dueDate')}>
        <DateInput value={draft.dueDate} onChange={(v) => set('dueDate', v)} />
      </Field>
      <details className="more-terms">
        <summary>{t('trades.moreTerms')}</summary>
        <Field label={t('trades.lateRate')} hint={t('trades.lateRateHint')} error={err('lateRateBps')}>
          <input inputMode="decimal" value={draft.lateRate} onChange={(e) => set('lateRate', e.target.value)} placeholder="0" />
        </Field>
        <Field label={t('trades.maxHops')} hint={t('trades.maxHopsHint')} error={err('maxHops')}>
          <input inputMode="numeric" value={draft.maxHops} onChange={(e) => set('maxHops', e.target.value)} placeholder="5" />
        </Field>
        <Field label={t('trades.dayCount')}>
          <select value={draft.dayCount} onChange={(e) => set('dayCount', e.target.value)}>
            <option value="ACT/360">ACT/360</option>
            <option value="ACT/365F">ACT/365F</option>
          </select>
        </Field>
      </details>
    </>
  );
}
