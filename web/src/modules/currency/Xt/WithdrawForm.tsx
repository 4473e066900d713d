import { type FormEvent, useState } from 'react';
import { useCommand } from '../../../api/useCommand.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { parseMajor } from '../../../format/money.ts';
import { AmountField } from '../../../components/AmountField.tsx';
import { Field } from '../../../components/Field.tsx';
import { SubmitButton } from '../../../components/SubmitButton.tsx';
import { CommandProgress } from '../../../components/CommandProgress.tsx';
import { ConfirmBox, useConfirmation } from '../../../components/Confirmation.tsx';
import { useErrorText } from '../../../components/ErrorNotice.tsx';
import { useDraft } from '../../../components/useDraft.ts';

/** A member burns XT for a fiat payout under its bank reference, after confirming the amount. */
export function WithdrawForm({ balance }: { balance: bigint | null }) {
  const { t, amount } = useI18n();
  const errorText = useErrorText();
  const [draft, set, clear] = useDraft('xt-withdraw', { amount: '', reference: '' });
  const [problems, setProblems] = useState<Record<string, string>>({});
  const command = useCommand();
  const confirmation = useConfirmation();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const p: Record<string, string> = {};
    const a = parseMajor(draft.amount);
    if (!a.ok) p.amount = t(`amount.${a.problem}`);
    else if (balance !== null && BigInt(a.minor) > balance) p.amount = t('xt.moreThanBalance', { amount: amount(balance) });
    if (!draft.reference.trim()) p.reference = t('form.required');
    setProblems(p);
    if (!a.ok || Object.keys(p).length) return;
    const reference = draft.reference.trim();
    confirmation.ask(
      t('xt.withdrawConfirm', { amount: amount(a.minor) }),
      [t('xt.withdrawReference', { reference }), ...(balance !== null ? [t('xt.balanceAfter', { amount: amount(balance - BigInt(a.minor)) })] : [])],
      () => void command.run('/v1/xt/withdrawals', { amount: a.minor, reference }).then((r) => r.ok && clear()),
    );
  };
  const err = (f: string) => problems[f] ?? (command.error?.field === f ? errorText(command.error) : null);
  return (
    <form onSubmit={submit} className="form form-grid" noValidate data-testid="xt-withdraw-form">
      <AmountField label={t('xt.amount')} value={draft.amount} onChange={(v) => set('amount', v)} error={err('amount')} />
      <Field label={t('xt.reference')} hint={t('xt.withdrawReferenceHint')} error={err('reference')}>
        <input value={draft.reference} onChange={(e) => set('reference', e.target.value)} autoComplete="off" />
      </Field>
      {confirmation.pending ? <ConfirmBox confirmation={confirmation} /> : <SubmitButton busy={command.busy}>{t('xt.withdrawSubmit')}</SubmitButton>}
      <CommandProgress state={command} successText={t('xt.withdrawn')} />
    </form>
  );
}
