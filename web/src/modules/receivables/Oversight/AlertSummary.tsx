import { useI18n } from '../../../i18n/I18nContext.ts';
import type { OverdueAlert, Share } from './alerts.ts';

/** The alerts in one line each, announced when they change. */
export function AlertSummary({ overdue, concentrated }: { overdue: OverdueAlert[]; concentrated: Share[] }) {
  const { t, amount } = useI18n();
  const total = overdue.reduce((s, a) => s + a.unpaid, 0n);
  const none = overdue.length === 0 && concentrated.length === 0;
  return (
    <div className="alerts" role="status" aria-live="polite" data-testid="alerts">
      {none ? <p className="notice notice-good">{t('oversight.allClear')}</p> : null}
      {overdue.length ? (
        <p className="notice notice-error" data-testid="alert-overdue">
          <strong>{t('oversight.alertOverdue', { n: overdue.length })}</strong> {t('oversight.alertOverdueAmount', { amount: amount(total) })}
        </p>
      ) : null}
      {concentrated.map((s) => (
        <p key={s.key} className="notice notice-warn" data-testid="alert-concentration">
          <strong>{t('oversight.alertConcentration', { name: s.party.name ?? t('party.hidden'), n: s.percent })}</strong> {amount(s.amount)}
        </p>
      ))}
    </div>
  );
}
