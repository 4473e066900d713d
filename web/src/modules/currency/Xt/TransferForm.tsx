import { type FormEvent, useState } from 'react';
import { useCommand } from '../../../api/useCommand.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { useSession } from '../../../session/SessionContext.ts';
import { parseMajor } from '../../../format/money.ts';
import { AmountField } from '../../../components/AmountField.tsx';
import { MemberSelect } from '../../../components/MemberSelect.tsx';
import { SubmitButton } from '../../../components/SubmitButton.tsx';
import { CommandProgress } from '../../../components/CommandProgress.tsx';
import { ConfirmBox, useConfirmation } from '../../../components/Confirmation.tsx';
import { useErrorText } from '../../../components/ErrorNotice.tsx';
import { useDraft } from '../../../components/useDraft.ts';

/** A member sends XT to another certified member, after confirming the amount and the recipient. */
export function TransferForm({ balance }: { balance: bigint | null }) {
  const { t, amount } = useI18n();
  const errorText = useErrorText();
  const { me, members } = useSession();
  const recipients = members.filter((m) => m.status === 'certified' && m.id !== me.member.id);
  const [draft, set, clear] = useDraft('xt-transfer', { toMemberId: '', amount: '' });
  const [problems, setProblems] = useState<Record<string, string>>({});
  const command = useCommand();
  const confirmation = useConfirmation();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const p: Record<string, string> = {};
    if (!draft.toMemberId) p.toMemberId = t('form.required');
    const a = parseMajor(draft.amount);
    if (!a.ok) p.amount = t(`amount.${a.problem}`);
    else if (balance !== null && BigInt(a.minor) > balance) p.amount = t('xt.moreThanBalance', { amount: amount(balance) });
    setProblems(p);
    if (!a.ok || Object.keys(p).length) return;
    const to = recipients.find((m) => m.id === draft.toMemberId)?.name ?? draft.toMemberId;
    confirmation.ask(t('xt.transferConfirm', { amount: amount(a.minor), to }), balance !== null ? [t('xt.balanceAfter', { amount: amount(balance - BigInt(a.minor)) })] : [], () => {
      void command.run('/v1/xt/transfers', { toMemberId: draft.toMemberId, amount: a.minor }).then((r) => r.ok && clear());
    });
  };
  const err = (f: string) => problems[f] ?? (command.error?.field === f ? errorText(command.error) : null);
  return (
    <form onSubmit={submit} className="form form-grid" noValidate data-testid="xt-transfer-form">
      <MemberSelect label={t('xt.transferTo')} members={recipients} value={draft.toMemberId} onChange={(v) => set('toMemberId', v)} error={err('toMemberId')} />
      <AmountField label={t('xt.amount')} value={draft.amount} onChange={(v) => set('amount', v)} error={err('amount')} />
      {confirmation.pending ? <ConfirmBox confirmation={confirmation} /> : <SubmitButton busy={command.busy}>{t('xt.transferSubmit')}</SubmitButton>}
      <CommandProgress state={command} successText={t('xt.transferred')} />
    </form>
  );
}
