import { useState } from 'react';
import type { CreditLine } from '../../../api/types.ts';
import { useCommand } from '../../../api/useCommand.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { StatusBadge } from '../../../components/StatusBadge.tsx';
import { PartyName } from '../../../components/PartyName.tsx';
import { CommandProgress } from '../../../components/CommandProgress.tsx';

type GuaranteeAnswer = { obligorMemberId: string; guarantorMemberId: string | null; status: 'proposed' | 'active' | 'withdrawn'; wasActive?: boolean; commands: [] };

/**
 * One credit line whose guarantee is proposed to (or held by) the signed-in guarantor: who asks, the line's
 * figures, and Accept / Decline for a proposal, Withdraw for an active guarantee. The row stays after the
 * guarantee ends, with the outcome of what was done.
 */
export function GuaranteeLineRow({ line, meId, readOnly = false }: { line: CreditLine; meId: string; readOnly?: boolean }) {
  const { t, amount, instant } = useI18n();
  const command = useCommand<GuaranteeAnswer>();
  const [action, setAction] = useState<'accept' | 'withdraw' | null>(null);
  const g = line.guarantee && line.guarantee.guarantor.memberId === meId ? line.guarantee : null;
  const obligor = line.obligor.name ?? '—';
  const base = `/v1/credit-lines/${line.obligor.memberId}/guarantee`;
  const run = (a: 'accept' | 'withdraw') => {
    setAction(a);
    void command.run(`${base}/${a}`, {});
  };
  const success =
    action === 'accept' ? t('guarantees.acceptedDone', { obligor }) : command.response?.wasActive ? t('guarantees.withdrawnDone', { obligor }) : t('guarantees.declinedDone', { obligor });
  return (
    <article className="decision guarantee-line" aria-label={t('guarantees.lineNamed', { obligor })} data-status={g?.status ?? 'ended'}>
      <div className="decision-main">
        <p className="decision-title">
          <strong>
            <PartyName party={line.obligor} />
          </strong>{' '}
          {g ? <StatusBadge status={g.status} /> : null}
        </p>
        <p>
          {!g
            ? t('guarantees.ended', { obligor })
            : g.status === 'proposed'
              ? t('guarantees.proposedText', { by: g.proposedBy.name ?? '—', date: instant(g.proposedAt) })
              : t('guarantees.activeText', { date: instant(g.acceptedAt ?? g.proposedAt) })}
        </p>
        <p className="decision-figures hint">{t('guarantees.lineFigures', { limit: amount(line.limit), used: amount(line.used) })}</p>
      </div>
      {g && !readOnly ? (
        <div className="button-row">
          {g.status === 'proposed' ? (
            <>
              <button type="button" className="button primary" disabled={command.busy} onClick={() => run('accept')} aria-label={t('guarantees.acceptNamed', { obligor })}>
                {t('guarantees.accept')}
              </button>
              <button type="button" className="button secondary" disabled={command.busy} onClick={() => run('withdraw')} aria-label={t('guarantees.declineNamed', { obligor })}>
                {t('guarantees.decline')}
              </button>
            </>
          ) : (
            <button type="button" className="button secondary" disabled={command.busy} onClick={() => run('withdraw')} aria-label={t('guarantees.withdrawNamed', { obligor })}>
              {t('guarantees.withdraw')}
            </button>
          )}
        </div>
      ) : null}
      <CommandProgress state={command} successText={success} />
    </article>
  );
}
