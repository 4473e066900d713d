import type { Maturity } from '../../../api/types.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';

export function MaturityText({ maturity }: { maturity: Maturity }) {
  const { t, amount } = useI18n();
  if (maturity.overdueDays > 0) {
    return (
      <span className="overdue-text">
        {t('claim.overdue', { n: maturity.overdueDays })}
        {BigInt(maturity.lateInterest) > 0n ? ` · ${t('claim.lateInterest', { amount: amount(maturity.lateInterest) })}` : ''}
      </span>
    );
  }
  if (BigInt(maturity.unpaid) === 0n) return <span>{t('claim.settled')}</span>;
  return <span>{maturity.daysToMaturity > 0 ? t('claim.daysLeft', { n: maturity.daysToMaturity }) : t('claim.dueToday')}</span>;
}
