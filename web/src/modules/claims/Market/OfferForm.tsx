import { DateInput } from '../../../components/DateInput.tsx';
import { useErrorText } from '../../../components/ErrorNotice.tsx';
import { type FormEvent, useState } from 'react';
import { useCommand } from '../../../api/useCommand.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { useSession } from '../../../session/SessionContext.ts';
import { isoDayFromToday } from '../../../format/dates.ts';
import { parseMajor, parsePercentToBps } from '../../../format/money.ts';
import { AmountField } from '../../../components/AmountField.tsx';
import { Field } from '../../../components/Field.tsx';
import { MemberSelect } from '../../../components/MemberSelect.tsx';
import { SubmitButton } from '../../../components/SubmitButton.tsx';
import { CommandProgress } from '../../../components/CommandProgress.tsx';
import { useDraft } from '../../../components/useDraft.ts';

/** A standing offer: buy claims on this core enterprise at this discount rate, up to this face amount. */
export function OfferForm() {
  const { t } = useI18n();
  const errorText = useErrorText();
  const { members } = useSession();
  const cores = members.filter((m) => m.roles.includes('core_enterprise') && m.status === 'certified');
  const [draft, set, clear] = useDraft('post-offer', { obligorMemberId: '', rate: '', limit: '', expires: isoDayFromToday(30) });
  const [problems, setProblems] = useState<Record<string, string>>({});
  const command = useCommand();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const p: Record<string, string> = {};
    if (!draft.obligorMemberId) p.obligorMemberId = t('form.required');
    const rate = parsePercentToBps(draft.rate);
    if (rate === null) p.rateBps = t('form.percent');
    const limit = parseMajor(draft.limit);
    if (!limit.ok) p.limit = t(`amount.${limit.problem}`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(draft.expires)) p.expiresAt = t('form.required');
    setProblems(p);
    if (!limit.ok || rate === null || Object.keys(p).length) return;
    const body = { obligorMemberId: draft.obligorMemberId, rateBps: rate, limit: limit.minor, expiresAt: `${draft.expires}T23:59:59Z` };
    if ((await command.run('/v1/offers', body)).ok) clear();
  };
  const err = (f: string) => problems[f] ?? (command.error?.field === f ? errorText(command.error) : null);
  return (
    <form onSubmit={submit} className="form form-grid" noValidate>
      <MemberSelect label={t('market.obligor')} members={cores} value={draft.obligorMemberId} onChange={(v) => set('obligorMemberId', v)} error={err('obligorMemberId')} />
      <Field label={t('market.rate')} hint={t('market.rateHint')} error={err('rateBps')}>
        <input inputMode="decimal" value={draft.rate} onChange={(e) => set('rate', e.target.value)} placeholder="6.00" />
      </Field>
      <AmountField label={t('market.limit')} value={draft.limit} onChange={(v) => set('limit', v)} error={err('limit')} hint={t('market.limitHint')} />
      <Field label={t('market.expires')} error={err('expiresAt')}>
        <DateInput value={draft.expires} onChange={(v) => set('expires', v)} />
      </Field>
      <SubmitButton busy={command.busy}>{t('market.postSubmit')}</SubmitButton>
      <CommandProgress state={command} successText={t('market.posted')} />
    </form>
  );
}
