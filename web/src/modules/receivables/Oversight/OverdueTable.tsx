import { useI18n } from '../../../i18n/I18nContext.ts';
import { PartyName } from '../../../components/PartyName.tsx';
import { IdText } from '../../../components/IdText.tsx';
import { Link } from '../../../router/Link.tsx';
import type { OverdueAlert } from './alerts.ts';

export function OverdueTable({ alerts }: { alerts: OverdueAlert[] }) {
  const { t, amount, day } = useI18n();
  return (
    <div className="table-wrap">
      <table data-testid="overdue-table">
        <thead>
          <tr>
            <th scope="col">{t('claim.id')}</th>
            <th scope="col">{t('claim.obligor')}</th>
            <th scope="col" className="hide-narrow">{t('claim.dueDate')}</th>
            <th scope="col">{t('payables.overdueDays')}</th>
            <th scope="col" className="num">{t('payables.unpaid')}</th>
            <th scope="col" className="num hide-narrow">{t('payables.lateInterest')}</th>
          </tr>
        </thead>
        <tbody>
          {alerts.map((a) => (
            <tr key={a.claimId} className="row-bad">
              <th scope="row">
                <Link to={`/claims/${a.claimId}`}>
                  <IdText value={a.claimId} />
                </Link>
              </th>
              <td>
                <PartyName party={a.obligor} />
              </td>
              <td className="hide-narrow">{day(a.dueDate)}</td>
              <td>{t('claim.overdue', { n: a.overdueDays })}</td>
              <td className="num">{amount(a.unpaid)}</td>
              <td className="num hide-narrow">{amount(a.lateInterest)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
