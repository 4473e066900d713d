import type { Offer } from '../../../api/types.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { PartyName } from '../../../components/PartyName.tsx';
import { StatusBadge } from '../../../components/StatusBadge.tsx';
import { EmptyState } from '../../../components/EmptyState.tsx';
import { CancelOfferButton } from './CancelOfferButton.tsx';
import { CreditBadge } from '../../credit/CreditBadge.tsx';

export function OfferTable({ offers, canCancel }: { offers: Offer[]; canCancel: boolean }) {
  const { t, amount, bps, instant } = useI18n();
  if (offers.length === 0) return <EmptyState>{t('market.noOffers')}</EmptyState>;
  return (
    <div className="table-wrap">
      <table data-testid="offer-table">
        <thead>
          <tr>
            <th scope="col">{t('market.funder')}</th>
            <th scope="col">{t('market.col.obligor')}</th>
            <th scope="col">{t('credit.score')}</th>
            <th scope="col" className="num">{t('market.col.rate')}</th>
            <th scope="col" className="num">{t('market.remaining')}</th>
            <th scope="col" className="hide-narrow">{t('market.expires')}</th>
            <th scope="col">{t('common.status')}</th>
            {canCancel ? <th scope="col"><span className="visually-hidden">{t('common.actions')}</span></th> : null}
          </tr>
        </thead>
        <tbody>
          {offers.map((o) => (
            <tr key={o.offerId}>
              <th scope="row">
                <PartyName party={o.funder} />
                {o.onlyHolder ? (
                  <span className="tag">
                    {t('market.onlyFor')} <PartyName party={o.onlyHolder} />
                  </span>
                ) : null}
              </th>
              <td>
                <PartyName party={o.obligor} />
              </td>
              <td>
                <CreditBadge credit={o.obligorCredit} />
              </td>
              <td className="num">{bps(o.rateBps)}</td>
              <td className="num">
                {amount(o.remaining)} <span className="hint">/ {amount(o.limit, { currency: false })}</span>
              </td>
              <td className="hide-narrow">{instant(o.expiresAt)}</td>
              <td>
                <StatusBadge status={o.status} />
              </td>
              {canCancel ? <td><CancelOfferButton offer={o} /></td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
