import { useErrorText } from '../../../components/ErrorNotice.tsx';
import { type FormEvent, useState } from 'react';
import type { CreditLine, Member } from '../../../api/types.ts';
import { useApi } from '../../../api/useApi.ts';
import { useCommand } from '../../../api/useCommand.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { useSession } from '../../../session/SessionContext.ts';
import { MemberSelect } from '../../../components/MemberSelect.tsx';
import { SubmitButton } from '../../../components/SubmitButton.tsx';
import { CommandProgress } from '../../../components/CommandProgress.tsx';
import { KeyValues } from '../../../components/KeyValues.tsx';
import { PartyName } from '../../../components/PartyName.tsx';
import { LoadError } from '../../../components/LoadError.tsx';
import { useDraft } from '../../../components/useDraft.ts';
import { GuaranteeStatus } from './GuaranteeStatus.tsx';

type GuaranteeAnswer = { obligorMemberId: string; guarantorMemberId: string | null; status: 'proposed' | 'active' | 'withdrawn'; wasActive?: boolean; commands: [] };

/**
 * The manager of a core enterprise's credit line (the operator, or the funder that granted it) names a certified
 * guarantor, sees where the guarantee stands (none / proposed / active) and withdraws it. A proposal takes effect
 * only when the guarantor accepts it; an active guarantee must be withdrawn before another guarantor is named.
 */
export function GuaranteeForm({ cores }: { cores: Member[] }) {
  const { t, instant } = useI18n();
  const errorText = useErrorText();
  const { members } = useSession();
  const [draft, set] = useDraft('guarantee', { obligorMemberId: '', guarantorMemberId: '' });
  const [problems, setProblems] = useState<Record<string, string>>({});
  const propose = useCommand<GuaranteeAnswer>();
  const withdraw = useCommand<GuaranteeAnswer>();
  const line = useApi<CreditLine>(draft.obligorMemberId ? `/v1/credit-lines/${draft.obligorMemberId}` : null);
  const g = line.data?.obligor.memberId === draft.obligorMemberId ? line.data.guarantee : undefined;
  const guarantors = members.filter((m) => m.roles.includes('guarantor') && m.status === 'certified' && m.id !== draft.obligorMemberId);
  const nameOf = (id: string | null | undefined) => members.find((m) => m.id === id)?.name ?? '—';
  const active = g?.status === 'active';

  const chooseObligor = (id: string) => {
    set('obligorMemberId', id);
    setProblems({});
    propose.reset();
    withdraw.reset();
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const p: Record<string, string> = {};
    if (!draft.obligorMemberId) p.obligorMemberId = t('form.required');
    if (!draft.guarantorMemberId) p.guarantorMemberId = t('form.required');
    setProblems(p);
    if (Object.keys(p).length) return;
    withdraw.reset();
    if ((await propose.run(`/v1/credit-lines/${draft.obligorMemberId}/guarantee`, { guarantorMemberId: draft.guarantorMemberId })).ok) set('guarantorMemberId', '');
  };
  const err = (f: string) => problems[f] ?? (propose.error?.field === f ? errorText(propose.error) : null);
  const obligorName = nameOf(draft.obligorMemberId);

  return (
    <div className="guarantee-manager">
      <form onSubmit={submit} className="form" noValidate aria-label={t('guarantee.formLabel')}>
        <MemberSelect label={t('creditLines.obligor')} members={cores} value={draft.obligorMemberId} onChange={chooseObligor} error={err('obligorMemberId')} />
        {draft.obligorMemberId ? (
          line.error ? (
            <LoadError error={line.error} onRetry={line.reload} />
          ) : (
            <div data-testid="guarantee-now">
              <KeyValues
                items={[
                  [t('guarantee.now'), g === undefined ? '…' : <GuaranteeStatus guarantee={g} />],
                  g ? [t('guarantee.proposedBy'), <span><PartyName party={g.proposedBy} />, {instant(g.proposedAt)}</span>] : null,
                  g?.acceptedAt ? [t('guarantee.acceptedAt'), instant(g.acceptedAt)] : null,
                ]}
              />
            </div>
          )
        ) : null}
        <MemberSelect
          label={t('guarantee.guarantor')}
          members={guarantors}
          value={draft.guarantorMemberId}
          onChange={(v) => set('guarantorMemberId', v)}
          error={err('guarantorMemberId')}
          hint={guarantors.length === 0 ? t('guarantee.noGuarantors') : active ? t('guarantee.hintActive') : g?.status === 'proposed' ? t('guarantee.hintProposed') : t('guarantee.hint')}
        />
        <SubmitButton busy={propose.busy} disabled={active || withdraw.busy}>
          {t('guarantee.propose')}
        </SubmitButton>
        <CommandProgress
          state={propose}
          successText={propose.response ? t('guarantee.proposedDone', { guarantor: nameOf(propose.response.guarantorMemberId), obligor: nameOf(propose.response.obligorMemberId) }) : undefined}
        />
      </form>
      {g || withdraw.phase !== 'idle' ? (
        <div className="guarantee-withdraw">
          <div className="button-row">
            <button
              type="button"
              className="button secondary"
              disabled={!g || withdraw.busy || propose.busy}
              aria-label={t('guarantee.withdrawNamed', { obligor: obligorName })}
              onClick={() => {
                propose.reset();
                void withdraw.run(`/v1/credit-lines/${draft.obligorMemberId}/guarantee/withdraw`, {});
              }}
            >
              {t('guarantee.withdraw')}
            </button>
          </div>
          <CommandProgress state={withdraw} successText={withdraw.response?.wasActive ? t('guarantee.withdrawnActive') : t('guarantee.withdrawnProposal')} />
        </div>
      ) : null}
    </div>
  );
}
