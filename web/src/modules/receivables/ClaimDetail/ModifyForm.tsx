import { DateInput } from '../../../components/DateInput.tsx';
import { useErrorText } from '../../../components/ErrorNotice.tsx';
import { type FormEvent, useState } from 'react';
import type { Accepted, Claim } from '../../../api/types.ts';
import { useCommand } from '../../../api/useCommand.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { parseMajor, parsePercentToBps } from '../../../format/money.ts';
import { AmountField } from '../../../components/AmountField.tsx';
import { Field } from '../../../components/Field.tsx';
import { SubmitButton } from '../../../components/SubmitButton.tsx';
import { CommandProgress } from '../../../components/CommandProgress.tsx';
import { useDraft } from '../../../components/useDraft.ts';
import { Link } from '../../../router/Link.tsx';

/**
 * Narrow the terms of part of the holding: a child id with a later due date, a lower late rate or fewer hops
 * (never wider: the obligor never owes more or sooner).
 */
export function ModifyForm({ claim, held }: { claim: Claim; held: bigint }) {
  const { t, amount, day, bps } = useI18n();
  const errorText = useErrorText();
  const [draft, set, clear] = useDraft(`modify-${claim.id}`, { amount: '', dueDate: claim.dueDate, lateRate: '', maxHops: '' });
  const [problems, setProblems] = useState<Record<string, string>>({});
  const command = useCommand<Accepted & { childId: string }>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const p: Record<string, string> = {};
    const a = parseMajor(draft.amount);
    if (!a.ok) p.amount = t(`amount.${a.problem}`);
    else if (BigInt(a.minor) > held) p.amount = t('form.moreThanHeld', { amount: amount(held) });
    if (draft.dueDate && draft.dueDate < claim.dueDate) p.dueDate = t('modify.dueNotEarlier', { date: day(claim.dueDate) });
    const body: Record<string, unknown> = {};
    if (draft.dueDate && draft.dueDate !== claim.dueDate) body.dueDate = draft.dueDate;
    if (draft.lateRate.trim()) {
      const r = parsePercentToBps(draft.lateRate);
      if (r === null) p.lateRateBps = t('form.percent');
      else if (r > claim.lateRateBps) p.lateRateBps = t('modify.rateNotHigher', { rate: bps(claim.lateRateBps) });
      else body.lateRateBps = r;
    }
    if (draft.maxHops.trim()) {
      const h = Number(draft.maxHops);
      if (!/^\d{1,3}$/.test(draft.maxHops.trim()) || h > claim.maxHops) p.maxHops = t('modify.hopsNotMore', { n: claim.maxHops });
      else body.maxHops = h;
    }
    setProblems(p);
    if (!a.ok || Object.keys(p).length) return;
    if ((await command.run(`/v1/claims/${claim.id}/modifications`, { amount: a.minor, ...body })).ok) clear();
  };
  const err = (f: string) => problems[f] ?? (command.error?.field === f ? errorText(command.error) : null);
  return (
    <form onSubmit={submit} className="form" noValidate>
      <p className="hint">{t('modify.intro')}</p>
      <AmountField label={t('modify.amount')} value={draft.amount} onChange={(v) => set('amount', v)} error={err('amount')} />
      <Field label={t('modify.dueDate')} hint={t('modify.dueHint', { date: day(claim.dueDate) })} error={err('dueDate')}>
        <DateInput value={draft.dueDate} onChange={(v) => set('dueDate', v)} />
      </Field>
      <Field label={t('modify.lateRate')} hint={t('modify.lateRateHint', { rate: bps(claim.lateRateBps) })} error={err('lateRateBps')}>
        <input inputMode="decimal" value={draft.lateRate} onChange={(e) => set('lateRate', e.target.value)} />
      </Field>
      <Field label={t('modify.maxHops')} hint={t('modify.maxHopsHint', { n: claim.maxHops })} error={err('maxHops')}>
        <input inputMode="numeric" value={draft.maxHops} onChange={(e) => set('maxHops', e.target.value)} />
      </Field>
      <SubmitButton busy={command.busy}>{t('modify.submit')}</SubmitButton>
      <CommandProgress state={command} successText={t('modify.done')} />
      {command.phase === 'confirmed' && command.response?.childId ? <Link to={`/claims/${command.response.childId}`}>{t('modify.openChild')}</Link> : null}
    </form>
  );
}
