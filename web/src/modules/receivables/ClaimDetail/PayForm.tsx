import { useErrorText } from '../../../components/ErrorNotice.tsx';
import { type FormEvent, useState } from 'react';
import type { Claim, XtBalance } from '../../../api/types.ts';
import { useApi } from '../../../api/useApi.ts';
import { useCommand } from '../../../api/useCommand.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { useSession } from '../../../session/SessionContext.ts';
import { minorToInput, parseMajor } from '../../../format/money.ts';
import { AmountField } from '../../../components/AmountField.tsx';
import { SubmitButton } from '../../../components/SubmitButton.tsx';
import { CommandProgress } from '../../../components/CommandProgress.tsx';
import { ConfirmBox, useConfirmation } from '../../../components/Confirmation.tsx';

/**
 * The obligor (or the claim's guarantor) pays XT into the settlement of the claim's root: at most the principal
 * outstanding plus the late interest accrued; interest is settled first. Holders then redeem their shares.
 */
export function PayForm({ claim }: { claim: Claim }) {
  const { t, amount } = useI18n();
  const errorText = useErrorText();
  const { me } = useSession();
  const balance = useApi<XtBalance>(`/v1/xt/balances/${me.member.id}`);
  const s = claim.settlement!;
  const owed = BigInt(s.owed);
  const [value, setValue] = useState(minorToInput(owed));
  const [problem, setProblem] = useState<string | null>(null);
  const command = useCommand();
  const confirmation = useConfirmation();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const a = parseMajor(value);
    if (!a.ok) return setProblem(t(`amount.${a.problem}`));
    if (BigInt(a.minor) > owed) return setProblem(t('pay.moreThanOutstanding', { amount: amount(owed) }));
    setProblem(null);
    // Interest first, then principal: the split the chain applies now (ADR 007).
    const interest = BigInt(s.lateInterest) < BigInt(a.minor) ? BigInt(s.lateInterest) : BigInt(a.minor);
    confirmation.ask(
      t('pay.confirmTitle', { amount: amount(a.minor) }),
      [t('pay.confirmSplit', { interest: amount(interest), principal: amount(BigInt(a.minor) - interest) }), t('pay.confirmLeft', { amount: amount(owed - BigInt(a.minor)) })],
      () => void command.run(`/v1/claims/${claim.id}/payments`, { amount: a.minor }),
    );
  };
  return (
    <form onSubmit={submit} className="form" noValidate>
      <p className="hint">
        {t('pay.intro', { owed: amount(owed), outstanding: amount(s.outstanding), face: amount(s.face), interest: amount(s.lateInterest) })} {balance.data ? t('pay.balance', { amount: amount(balance.data.balance) }) : null}
      </p>
      <AmountField label={t('pay.amount')} value={value} onChange={setValue} error={problem ?? (command.error?.field === 'amount' ? errorText(command.error) : null)} />
      {confirmation.pending ? <ConfirmBox confirmation={confirmation} /> : <SubmitButton busy={command.busy}>{t('pay.submit')}</SubmitButton>}
      <CommandProgress state={command} successText={t('pay.done')} />
    </form>
  );
}
