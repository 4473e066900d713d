import type { Financing } from '../../../api/types.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { PartyName } from '../../../components/PartyName.tsx';
import { IdText } from '../../../components/IdText.tsx';
import { EmptyState } from '../../../components/EmptyState.tsx';
import { Link } from '../../../router/Link.tsx';

export function PurchasesTable({ items }: { items: Financing[] }) {
  const { t, amount, instant } = useI18n();
  if (items.length === 0) return <EmptyState>{t('book.noPurchases')}</EmptyState>;
  return (
    <div className="table-wrap">
      <table data-testid="purchases-table">
        <thead>
          <tr>
            <th scope="col" className="hide-narrow">{t('book.when')}</th>
            <th scope="col">{t('book.seller')}</th>
            <th scope="col" className="num">{t('book.faceCol')}</th>
            <th scope="col" className="num">{t('book.priceCol')}</th>
            <th scope="col" className="num hide-narrow">{t('book.discountCol')}</th>
            <th scope="col" className="hide-narrow">{t('book.days')}</th>
            <th scope="col" className="hide-narrow">{t('claim.id')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((f) => (
            <tr key={`${f.txHash}-${f.claimId}`}>
              <td className="hide-narrow">{instant(f.at)}</td>
              <th scope="row">
                <PartyName party={f.counterparty} />
              </th>
              <td className="num">{amount(f.amount)}</td>
              <td className="num">{amount(f.price)}</td>
              <td className="num hide-narrow">{amount(f.discount)}</td>
              <td className="hide-narrow">{f.days}</td>
              <td className="hide-narrow">
                <Link to={`/claims/${f.claimId}`}>
                  <IdText value={f.claimId} />
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
