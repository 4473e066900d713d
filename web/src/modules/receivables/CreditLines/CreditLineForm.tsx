import { useErrorText } from '../../../components/ErrorNotice.tsx';
import { type FormEvent, useEffect, useState } from 'react';
import type { Member } from '../../../api/types.ts';
import { useCommand } from '../../../api/useCommand.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { parseMajor } from '../../../format/money.ts';
import { AmountField } from '../../../components/AmountField.tsx';
import { MemberSelect } from '../../../components/MemberSelect.tsx';
import { SubmitButton } from '../../../components/SubmitButton.tsx';
import { CommandProgress } from '../../../components/CommandProgress.tsx';
import { useDraft } from '../../../components/useDraft.ts';

/** Sets the limit of a line the user manages (`cores`); `select` preselects one (a row's "change"). */
export function CreditLineForm({ cores, select = null }: { cores: Member[]; select?: string | null }) {
  const { t, amount } = useI18n();
  const errorText = useErrorText();
  const [draft, set, clear] = useDraft('credit-line', { obligorMemberId: '', limit: '' });
  const [problems, setProblems] = useState<Record<string, string>>({});
  const command = useCommand<{ limit: string; used: string; commands: [] }>();
  useEffect(() => {
    if (select) set('obligorMemberId', select);
  }, [select]); // eslint-disable-line react-hooks/exhaustive-deps
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const p: Record<string, string> = {};
    const limit = parseMajor(draft.limit, { allowZero: true });
    if (!draft.obligorMemberId) p.obligorMemberId = t('form.required');
    if (!limit.ok) p.limit = t(`amount.${limit.problem}`);
    setProblems(p);
    if (!limit.ok || Object.keys(p).length) return;
    if ((await command.run('/v1/credit-lines', { obligorMemberId: draft.obligorMemberId, limit: limit.minor })).ok) clear();
  };
  const err = (f: string) => problems[f] ?? (command.error?.field === f ? errorText(command.error) : null);
  return (
    <form onSubmit={submit} className="form" noValidate>
      <MemberSelect label={t('creditLines.obligor')} members={cores} value={draft.obligorMemberId} onChange={(v) => set('obligorMemberId', v)} error={err('obligorMemberId')} />
      <AmountField label={t('creditLines.limit')} value={draft.limit} onChange={(v) => set('limit', v)} error={err('limit')} allowZero />
      <SubmitButton busy={command.busy}>{t('creditLines.submit')}</SubmitButton>
      <CommandProgress state={command} successText={command.response ? t('creditLines.done', { limit: amount(command.response.limit) }) : undefined} />
    </form>
  );
}
