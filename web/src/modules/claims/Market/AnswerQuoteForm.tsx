import { DateInput } from '../../../components/DateInput.tsx';
import { useErrorText } from '../../../components/ErrorNotice.tsx';
import { type FormEvent, useState } from 'react';
import type { QuoteRequest } from '../../../api/types.ts';
import { useCommand } from '../../../api/useCommand.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { isoDayFromToday } from '../../../format/dates.ts';
import { parsePercentToBps } from '../../../format/money.ts';
import { Field } from '../../../components/Field.tsx';
import { SubmitButton } from '../../../components/SubmitButton.tsx';
import { CommandProgress } from '../../../components/CommandProgress.tsx';
import { useDraft } from '../../../components/useDraft.ts';

/** The funder's price for a quote request: an offer only the requester may take, for the amount asked. */
export function AnswerQuoteForm({ quote }: { quote: QuoteRequest }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const [draft, set, clear] = useDraft(`answer-${quote.quoteId}`, { rate: '', expires: isoDayFromToday(7) });
  const [problems, setProblems] = useState<Record<string, string>>({});
  const command = useCommand();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const p: Record<string, string> = {};
    const rate = parsePercentToBps(draft.rate);
    if (rate === null) p.rateBps = t('form.percent');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(draft.expires)) p.expiresAt = t('form.required');
    setProblems(p);
    if (rate === null || Object.keys(p).length) return;
    if ((await command.run(`/v1/quotes/${quote.quoteId}/answers`, { rateBps: rate, expiresAt: `${draft.expires}T23:59:59Z` })).ok) clear();
  };
  const err = (f: string) => problems[f] ?? (command.error?.field === f ? errorText(command.error) : null);
  return (
    <form onSubmit={submit} className="form form-grid answer-form" noValidate>
      <Field label={t('market.answerRate')} hint={t('market.rateHint')} error={err('rateBps')}>
        <input inputMode="decimal" value={draft.rate} onChange={(e) => set('rate', e.target.value)} placeholder="8.00" />
      </Field>
      <Field label={t('market.expires')} error={err('expiresAt')}>
        <DateInput value={draft.expires} onChange={(v) => set('expires', v)} />
      </Field>
      <SubmitButton busy={command.busy}>{t('market.answerSubmit')}</SubmitButton>
      <CommandProgress state={command} successText={t('market.answered')} />
    </form>
  );
}
