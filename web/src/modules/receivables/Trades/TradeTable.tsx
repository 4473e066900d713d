import type { Trade } from '../../../api/types.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { StatusBadge } from '../../../components/StatusBadge.tsx';
import { PartyName } from '../../../components/PartyName.tsx';
import { IdText } from '../../../components/IdText.tsx';
import { EmptyState } from '../../../components/EmptyState.tsx';
import { Link } from '../../../router/Link.tsx';

export function TradeTable({ trades }: { trades: Trade[] }) {
  const { t, amount, day } = useI18n();
  if (trades.length === 0) return <EmptyState>{t('trades.none')}</EmptyState>;
  return (
    <div className="table-wrap">
      <table data-testid="trade-table">
        <thead>
          <tr>
            <th scope="col">{t('trades.invoiceNumber')}</th>
            <th scope="col">{t('trades.supplier')}</th>
            <th scope="col" className="hide-narrow">{t('trades.obligor')}</th>
            <th scope="col" className="num">{t('trades.amount')}</th>
            <th scope="col">{t('trades.dueDate')}</th>
            <th scope="col">{t('common.status')}</th>
            <th scope="col" className="hide-narrow">{t('trades.claim')}</th>
          </tr>
        </thead>
        <tbody>
          {trades.map((tr) => (
            <tr key={tr.tradeId}>
              <th scope="row">{tr.invoiceNumber ?? <IdText value={tr.tradeId} />}</th>
              <td>
                <PartyName party={tr.supplier} />
              </td>
              <td className="hide-narrow">
                <PartyName party={tr.obligor} />
              </td>
              <td className="num">{tr.amount ? amount(tr.amount) : '—'}</td>
              <td>{tr.dueDate ? day(tr.dueDate) : '—'}</td>
              <td>
                <StatusBadge status={tr.status} />
              </td>
              <td className="hide-narrow">{tr.claimId && tr.status === 'confirmed' ? <Link to={`/claims/${tr.claimId}`}>{t('trades.openClaim')}</Link> : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
