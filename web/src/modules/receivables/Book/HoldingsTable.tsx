import type { PositionHolding } from '../../../api/types.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { PartyName } from '../../../components/PartyName.tsx';
import { IdText } from '../../../components/IdText.tsx';
import { EmptyState } from '../../../components/EmptyState.tsx';
import { Link } from '../../../router/Link.tsx';

export function HoldingsTable({ items }: { items: PositionHolding[] }) {
  const { t, amount, day } = useI18n();
  if (items.length === 0) return <EmptyState>{t('book.empty')}</EmptyState>;
  return (
    <div className="table-wrap">
      <table data-testid="holdings-table">
        <thead>
          <tr>
            <th scope="col">{t('claim.id')}</th>
            <th scope="col" className="hide-narrow">{t('claim.obligor')}</th>
            <th scope="col">{t('claim.dueDate')}</th>
            <th scope="col" className="num">{t('claim.balance')}</th>
            <th scope="col" className="num hide-narrow">{t('book.redeemedCol')}</th>
            <th scope="col" className="num hide-narrow">{t('book.redeemable')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((h) => (
            <tr key={h.claimId} className={h.overdueDays > 0 ? 'row-bad' : undefined}>
              <th scope="row">
                <Link to={`/claims/${h.claimId}`}>
                  <IdText value={h.claimId} />
                </Link>
              </th>
              <td className="hide-narrow">
                <PartyName party={h.obligor} />
              </td>
              <td>
                {day(h.dueDate)}
                {h.overdueDays > 0 ? <span className="overdue-text"> · {t('claim.overdue', { n: h.overdueDays })}</span> : null}
              </td>
              <td className="num">{amount(h.balance)}</td>
              <td className="num hide-narrow">{amount(h.redeemed)}</td>
              <td className="num hide-narrow">{amount(h.redeemable)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
