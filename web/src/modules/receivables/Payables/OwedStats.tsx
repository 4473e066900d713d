import type { Position } from '../../../api/types.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';

export function OwedStats({ position }: { position: Position }) {
  const { t, amount } = useI18n();
  const line = position.creditLine;
  return (
    <div className="stats" data-testid="owed-stats">
      <div className="stat">
        <span className="stat-label">{t('payables.owed')}</span>
        <span className="stat-value">{amount(position.owes.total)}</span>
      </div>
      <div className={`stat ${BigInt(position.owes.overdue) > 0n ? 'stat-bad' : ''}`}>
        <span className="stat-label">{t('payables.overdue')}</span>
        <span className="stat-value">{amount(position.owes.overdue)}</span>
        {BigInt(position.owes.lateInterest) > 0n ? <span className="stat-note">{t('claim.lateInterest', { amount: amount(position.owes.lateInterest) })}</span> : null}
      </div>
      <div className="stat">
        <span className="stat-label">{t('payables.creditLine')}</span>
        <span className="stat-value">{line ? amount(line.available) : '—'}</span>
        {line ? <span className="stat-note">{t('payables.creditOf', { used: amount(line.used, { currency: false }), limit: amount(line.limit) })}</span> : null}
      </div>
    </div>
  );
}
