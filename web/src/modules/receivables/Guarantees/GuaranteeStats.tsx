import type { Position } from '../../../api/types.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';

/** What the guarantor stands behind now: unpaid principal of the claims it guarantees, overdue, late interest. */
export function GuaranteeStats({ position, activeLines }: { position: Position; activeLines: number | undefined }) {
  const { t, amount, number } = useI18n();
  const g = position.guarantees;
  const overdue = BigInt(g.overdue) > 0n;
  return (
    <div className="stats" data-testid="guarantee-stats">
      <div className="stat">
        <span className="stat-label">{t('guarantees.total')}</span>
        <span className="stat-value">{amount(g.total)}</span>
        <span className="stat-note">{t('guarantees.claimCount', { n: g.items.length })}</span>
      </div>
      <div className={`stat ${overdue ? 'stat-bad' : ''}`}>
        <span className="stat-label">{t('guarantees.overdue')}</span>
        <span className="stat-value">{amount(g.overdue)}</span>
        <span className="stat-note">{t('claim.lateInterest', { amount: amount(g.lateInterest) })}</span>
      </div>
      <div className="stat">
        <span className="stat-label">{t('guarantees.activeLines')}</span>
        <span className="stat-value">{activeLines === undefined ? '…' : number(activeLines)}</span>
      </div>
    </div>
  );
}
