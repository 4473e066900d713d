import { useErrorText } from '../../../components/ErrorNotice.tsx';
import { type FormEvent, useState } from 'react';
import { useCommand } from '../../../api/useCommand.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { useSession } from '../../../session/SessionContext.ts';
import { parseMajor } from '../../../format/money.ts';
import { AmountField } from '../../../components/AmountField.tsx';
import { Field } from '../../../components/Field.tsx';
import { MemberSelect } from '../../../components/MemberSelect.tsx';
import { SubmitButton } from '../../../components/SubmitButton.tsx';
import { CommandProgress } from '../../../components/CommandProgress.tsx';
import { useDraft } from '../../../components/useDraft.ts';

/** A bank gateway credits XT to a member against a fiat deposit; each bank reference credits once. */
export function DepositForm() {
  const { t } = useI18n();
  const errorText = useErrorText();
  const { members } = useSession();
  const certified = members.filter((m) => m.status === 'certified');
  const [draft, set, clear] = useDraft('xt-deposit', { memberId: '', amount: '', reference: '' });
  const [problems, setProblems] = useState<Record<string, string>>({});
  const command = useCommand();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const p: Record<string, string> = {};
    if (!draft.memberId) p.memberId = t('form.required');
    const a = parseMajor(draft.amount);
    if (!a.ok) p.amount = t(`amount.${a.problem}`);
    if (!draft.reference.trim()) p.reference = t('form.required');
    setProblems(p);
    if (!a.ok || Object.keys(p).length) return;
    if ((await command.run('/v1/xt/deposits', { memberId: draft.memberId, amount: a.minor, reference: draft.reference.trim() })).ok) clear();
  };
  const err = (f: string) => problems[f] ?? (command.error?.field === f ? errorText(command.error) : null);
  return (
    <form onSubmit={submit} className="form form-grid" noValidate>
      <MemberSelect label={t('xt.to')} members={certified} value={draft.memberId} onChange={(v) => set('memberId', v)} error={err('memberId')} />
      <AmountField label={t('xt.amount')} value={draft.amount} onChange={(v) => set('amount', v)} error={err('amount')} />
      <Field label={t('xt.reference')} hint={t('xt.referenceHint')} error={err('reference')}>
        <input value={draft.reference} onChange={(e) => set('reference', e.target.value)} autoComplete="off" />
      </Field>
      <SubmitButton busy={command.busy}>{t('xt.depositSubmit')}</SubmitButton>
      <CommandProgress state={command} successText={t('xt.deposited')} />
    </form>
  );
}
