import type { CreditSummary } from '../../../../src/sdk/index.ts';
import { useI18n } from '../../i18n/I18nContext.ts';

/**
 * An obligor's credit score as shown beside offers and quotes: the score and band, and in its title the facts behind it
 * (on time, days overdue, defaults, liquidations), so a funder sees why.
 */
export function CreditBadge({ credit }: { credit: CreditSummary | null | undefined }) {
  const { t } = useI18n();
  if (!credit) return <span className="muted">—</span>;
  const f = credit.facts;
  const title = t('credit.badge.title', {
    onTime: f.paidOnTime,
    obligations: f.obligations,
    days: f.daysOverdue,
    defaults: f.defaults,
    liquidations: f.liquidations,
  });
  return (
    <span className={`credit-badge credit-band-${credit.band}`} title={title} aria-label={`${t('credit.score')}: ${credit.score ?? t('credit.none')} ${title}`} data-testid="credit-badge">
      {credit.score === null ? t('credit.none') : `${credit.score} · ${credit.band}`}
    </span>
  );
}
