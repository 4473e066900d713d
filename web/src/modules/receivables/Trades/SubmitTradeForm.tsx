import { useErrorText } from '../../../components/ErrorNotice.tsx';
import { type FormEvent, useState } from 'react';
import { useCommand } from '../../../api/useCommand.ts';
import type { Accepted } from '../../../api/types.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { isoDayFromToday } from '../../../format/dates.ts';
import { Field } from '../../../components/Field.tsx';
import { SubmitButton } from '../../../components/SubmitButton.tsx';
import { CommandProgress } from '../../../components/CommandProgress.tsx';
import { useDraft } from '../../../components/useDraft.ts';
import { IdText } from '../../../components/IdText.tsx';
import { Loading } from '../../../components/Loading.tsx';
import { EmptyState } from '../../../components/EmptyState.tsx';
import { DocumentHashInput, type HashedDocument } from './DocumentHashInput.tsx';
import { TradeTerms, type TermsDraft } from './TradeTerms.tsx';
import { tradeFields } from './tradeBody.ts';
import { useActiveConsortia } from './useActiveConsortia.ts';

type Submitted = Accepted & { tradeId: string; claimId: string };

/** A supplier submits the trade behind a receivable on its consortium's core enterprise. */
export function SubmitTradeForm() {
  const { t } = useI18n();
  const errorText = useErrorText();
  const consortia = useActiveConsortia();
  const [draft, set, clear] = useDraft<TermsDraft & { consortiumId: string; document: HashedDocument | null }>('submit-trade', {
    consortiumId: '',
    invoiceNumber: '',
    amount: '',
    dueDate: isoDayFromToday(90),
    lateRate: '',
    maxHops: '',
    dayCount: 'ACT/360',
    document: null,
  });
  const [problems, setProblems] = useState<Record<string, string>>({});
  const command = useCommand<Submitted>();
  if (!consortia) return <Loading />;
  const mine = consortia.filter((c) => c.core);
  if (mine.length === 0) return <EmptyState>{t('trades.noConsortium')}</EmptyState>;
  const consortiumId = draft.consortiumId || mine[0]!.id;
  const consortium = mine.find((c) => c.id === consortiumId) ?? mine[0]!;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const { fields, problems: p } = tradeFields(draft, t);
    setProblems(p);
    if (!fields) return;
    const body = {
      obligorMemberId: consortium.core!.memberId,
      consortiumId: consortium.id,
      ...fields,
      ...(draft.document ? { documentsHash: draft.document.hash } : {}),
    };
    if ((await command.run('/v1/trades', body)).ok) clear();
  };
  const err = (f: string) => problems[f] ?? (command.error?.field === f ? errorText(command.error) : null);
  return (
    <form onSubmit={submit} className="form" noValidate>
      <Field label={t('trades.consortium')} hint={t('trades.obligorIs', { name: consortium.core?.name ?? '—' })}>
        <select value={consortiumId} onChange={(e) => set('consortiumId', e.target.value)}>
          {mine.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name} — {c.core?.name}
            </option>
          ))}
        </select>
      </Field>
      <TradeTerms draft={draft} set={(k, v) => set(k, v)} err={err} />
      <DocumentHashInput value={draft.document} onChange={(d) => set('document', d)} error={err('documentsHash')} />
      <SubmitButton busy={command.busy}>{t('trades.submitButton')}</SubmitButton>
      <CommandProgress state={command} successText={t('trades.submitted')} />
      {command.phase === 'confirmed' && command.response ? (
        <p className="hint">
          {t('trades.tradeId')} <IdText value={command.response.tradeId} /> · {t('trades.claimWillBe')} <IdText value={command.response.claimId} />
        </p>
      ) : null}
    </form>
  );
}
