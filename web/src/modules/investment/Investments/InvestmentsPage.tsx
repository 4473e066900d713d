import { useState } from 'react';
import type { ListingView } from '../../../api/types.ts';
import { useApi } from '../../../api/useApi.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { Card } from '../../../components/Card.tsx';
import { Loading } from '../../../components/Loading.tsx';
import { LoadError } from '../../../components/LoadError.tsx';
import { EmptyState } from '../../../components/EmptyState.tsx';
import { PoolPanel } from './PoolPanel.tsx';

/** Investors, sponsors and the regulator: P2P listings with their terms and funding, and a pool's epochs tranche by tranche. */
export function InvestmentsPage() {
  const { t, amount, bps, instant } = useI18n();
  const listings = useApi<{ items: ListingView[] }>('/v1/listings?limit=100');
  const [poolId, setPoolId] = useState('');
  return (
    <>
      <PageHeader title={t('investment.title')} description={t('investment.description')} />
      <Card title={t('investment.listings')}>
        {listings.error ? (
          <LoadError error={listings.error} onRetry={listings.reload} />
        ) : !listings.data ? (
          <Loading />
        ) : listings.data.items.length === 0 ? (
          <EmptyState>{t('investment.noListings')}</EmptyState>
        ) : (
          <div className="table-wrap">
            <table data-testid="listings">
              <thead>
                <tr>
                  <th scope="col">{t('investment.listing')}</th>
                  <th scope="col">{t('investment.status')}</th>
                  <th scope="col" className="num">{t('investment.face')}</th>
                  <th scope="col" className="num">{t('investment.price')}</th>
                  <th scope="col" className="num">{t('investment.raised')}</th>
                  <th scope="col" className="num">{t('investment.targetYield')}</th>
                  <th scope="col" className="num">{t('investment.collected')}</th>
                  <th scope="col">{t('investment.deadline')}</th>
                </tr>
              </thead>
              <tbody>
                {listings.data.items.map((l) => (
                  <tr key={l.listingId}>
                    <th scope="row" title={l.listingId}>{l.listingId.slice(0, 10)}…</th>
                    <td>{t(`investment.status.${l.status}`)}</td>
                    <td className="num">{amount(l.units)}</td>
                    <td className="num">{amount(l.price)}</td>
                    <td className="num">{amount(l.raised)}</td>
                    <td className="num">{bps(l.targetYieldBps)}</td>
                    <td className="num">{amount(l.collected)}</td>
                    <td>{instant(l.deadline)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
      <Card title={t('investment.pool')} description={t('investment.poolHint')}>
        <label>
          {t('investment.poolId')}{' '}
          <input value={poolId} onChange={(e) => setPoolId(e.target.value.trim())} placeholder="0x…" size={68} />
        </label>
        {/^0x[0-9a-fA-F]{64}$/.test(poolId) ? <PoolPanel poolId={poolId} /> : null}
      </Card>
    </>
  );
}

