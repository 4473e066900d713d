import { useErrorText } from '../../../components/ErrorNotice.tsx';
import { type FormEvent, useState } from 'react';
import type { Claim } from '../../../api/types.ts';
import { useCommand } from '../../../api/useCommand.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { useSession } from '../../../session/SessionContext.ts';
import { minorToInput, parseMajor } from '../../../format/money.ts';
import { AmountField } from '../../../components/AmountField.tsx';
import { MemberSelect } from '../../../components/MemberSelect.tsx';
import { SubmitButton } from '../../../components/SubmitButton.tsx';
import { CommandProgress } from '../../../components/CommandProgress.tsx';
import { useDraft } from '../../../components/useDraft.ts';
import { useConsortium } from './useConsortium.ts';

/** Split part of the holding and pass it to a member of the claim's consortium (one's own supplier). */
export function TransferForm({ claim, held }: { claim: Claim; held: bigint }) {
  const { t, amount } = useI18n();
  const errorText = useErrorText();
  const { me } = useSession();
  const consortium = useConsortium(claim.consortiumId);
  const [draft, set, clear] = useDraft(`transfer-${claim.id}`, { toMemberId: '', amount: '' });
  const [problems, setProblems] = useState<Record<string, string>>({});
  const command = useCommand();
  const recipients = (consortium.data?.members ?? [])
    .filter((m) => m.state === 'member' && m.memberId && m.memberId !== me.member.id)
    .map((m) => ({ id: m.memberId!, name: m.name ?? m.address }));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const p: Record<string, string> = {};
    const a = parseMajor(draft.amount);
    if (!draft.toMemberId) p.toMemberId = t('form.required');
    if (!a.ok) p.amount = t(`amount.${a.problem}`);
    else if (BigInt(a.minor) > held) p.amount = t('form.moreThanHeld', { amount: amount(held) });
    setProblems(p);
    if (!a.ok || Object.keys(p).length) return;
    if ((await command.run(`/v1/claims/${claim.id}/transfers`, { toMemberId: draft.toMemberId, amount: a.minor })).ok) clear();
  };
  const err = (f: string) => problems[f] ?? (command.error?.field === f ? errorText(command.error) : null);
  return (
    <form onSubmit={submit} className="form" noValidate>
      <p className="hint">{t('transfer.intro', { amount: amount(held) })}</p>
      <MemberSelect label={t('transfer.to')} members={recipients} value={draft.toMemberId} onChange={(v) => set('toMemberId', v)} error={err('toMemberId')} hint={t('transfer.toHint')} />
      <AmountField label={t('transfer.amount')} value={draft.amount} onChange={(v) => set('amount', v)} error={err('amount')} />
      <div className="button-row">
        <button type="button" className="button secondary small" onClick={() => set('amount', minorToInput(held))}>
          {t('transfer.all')}
        </button>
      </div>
      <SubmitButton busy={command.busy}>{t('transfer.submit')}</SubmitButton>
      <CommandProgress state={command} successText={t('transfer.done')} />
    </form>
  );
}
