import type { Claim } from '../../../api/types.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { StatusBadge } from '../../../components/StatusBadge.tsx';
import { MaturityText } from '../Claims/MaturityText.tsx';

/** The figures people look for first. */
export function ClaimStats({ claim }: { claim: Claim }) {
  const { t, amount, day } = useI18n();
  const s = claim.settlement;
  return (
    <div className="stats" data-testid="claim-stats">
      <div className="stat">
        <span className="stat-label">{t('claim.totalSupply')}</span>
        <span className="stat-value">{amount(claim.totalSupply)}</span>
      </div>
      <div className="stat">
        <span className="stat-label">{t('claim.yourHolding')}</span>
        <span className="stat-value" data-testid="your-holding">{claim.yourHolding ? amount(claim.yourHolding.balance) : '—'}</span>
      </div>
      <div className="stat">
        <span className="stat-label">{t('claim.dueDate')}</span>
        <span className="stat-value">{day(claim.dueDate)}</span>
        <span className="stat-note">{claim.maturity ? <MaturityText maturity={claim.maturity} /> : null}</span>
      </div>
      {s ? (
        <div className="stat">
          <span className="stat-label">{t('claim.settlement')}</span>
          <span className="stat-value">
            <StatusBadge status={s.status} />
          </span>
          <span className="stat-note">{t('tree.paidOf', { paid: amount(s.paid, { currency: false }), face: amount(s.face) })}</span>
        </div>
      ) : null}
    </div>
  );
}
