import { useErrorText } from '../../../components/ErrorNotice.tsx';
import { type FormEvent, useState } from 'react';
import { useCommand } from '../../../api/useCommand.ts';
import type { Accepted } from '../../../api/types.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { useSession } from '../../../session/SessionContext.ts';
import { isoDayFromToday } from '../../../format/dates.ts';
import { Field } from '../../../components/Field.tsx';
import { MemberSelect } from '../../../components/MemberSelect.tsx';
import { SubmitButton } from '../../../components/SubmitButton.tsx';
import { CommandProgress } from '../../../components/CommandProgress.tsx';
import { useDraft } from '../../../components/useDraft.ts';
import { Loading } from '../../../components/Loading.tsx';
import { EmptyState } from '../../../components/EmptyState.tsx';
import { Link } from '../../../router/Link.tsx';
import { DocumentHashInput, type HashedDocument } from './DocumentHashInput.tsx';
import { TradeTerms, type TermsDraft } from './TradeTerms.tsx';
import { tradeFields } from './tradeBody.ts';
import { useActiveConsortia } from './useActiveConsortia.ts';

/** The core enterprise issues a payable to a supplier of its consortium: the claim is minted at once. */
export function IssuePayableForm() {
  const { t } = useI18n();
  const errorText = useErrorText();
  const { me } = useSession();
  const consortia = useActiveConsortia()?.filter((c) => c.core?.address === me.member.address);
  const [draft, set, clear] = useDraft<TermsDraft & { consortiumId: string; supplierMemberId: string; document: HashedDocument | null }>('issue-payable', {
    consortiumId: '',
    supplierMemberId: '',
    invoiceNumber: '',
    amount: '',
    dueDate: isoDayFromToday(90),
    lateRate: '',
    maxHops: '',
    dayCount: 'ACT/360',
    document: null,
  });
  const [problems, setProblems] = useState<Record<string, string>>({});
  const command = useCommand<Accepted & { claimId: string }>();
  if (!consortia) return <Loading />;
  if (consortia.length === 0) return <EmptyState>{t('trades.noOwnConsortium')}</EmptyState>;
  const consortium = consortia.find((c) => c.id === draft.consortiumId) ?? consortia[0]!;
  const suppliers = consortium.members.filter((m) => m.state === 'member' && m.memberId && m.address !== me.member.address).map((m) => ({ id: m.memberId!, name: m.name ?? m.address }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const { fields, problems: p } = tradeFields(draft, t);
    if (!draft.supplierMemberId) p.supplierMemberId = t('form.required');
    setProblems({ ...p });
    if (!fields || p.supplierMemberId) return;
    const body = { supplierMemberId: draft.supplierMemberId, consortiumId: consortium.id, ...fields, ...(draft.document ? { documentsHash: draft.document.hash } : {}) };
    if ((await command.run('/v1/payables', body)).ok) clear();
  };
  const err = (f: string) => problems[f] ?? (command.error?.field === f ? errorText(command.error) : null);
  return (
    <form onSubmit={submit} className="form" noValidate>
      {consortia.length > 1 ? (
        <Field label={t('trades.consortium')}>
          <select value={consortium.id} onChange={(e) => set('consortiumId', e.target.value)}>
            {consortia.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </Field>
      ) : null}
      <MemberSelect label={t('trades.supplier')} members={suppliers} value={draft.supplierMemberId} onChange={(v) => set('supplierMemberId', v)} error={err('supplierMemberId')} />
      <TradeTerms draft={draft} set={(k, v) => set(k, v)} err={err} />
      <DocumentHashInput value={draft.document} onChange={(d) => set('document', d)} error={err('documentsHash')} />
      <SubmitButton busy={command.busy}>{t('trades.issueButton')}</SubmitButton>
      <CommandProgress state={command} successText={t('trades.issued')} />
      {command.phase === 'confirmed' && command.response ? (
        <p>
          <Link to={`/claims/${command.response.claimId}`}>{t('trades.openClaim')}</Link>
        </p>
      ) : null}
    </form>
  );
}
