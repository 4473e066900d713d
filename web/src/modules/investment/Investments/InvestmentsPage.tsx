import { useState } from 'react';
import type { ListingView, PoolEpochsView } from '../../../api/types.ts';
import { useApi } from '../../../api/useApi.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { Card } from '../../../components/Card.tsx';
import { Loading } from '../../../components/Loading.tsx';
import { LoadError } from '../../../components/LoadError.tsx';
import { EmptyState } from '../../../components/EmptyState.tsx';

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
        {/^0x[0-9a-fA-F]{64}$/.test(poolId) ? <PoolEpochs poolId={poolId} /> : null}
      </Card>
    </>
  );
}

const BAR = { A: '#2f6fdf', B: '#e39b2d', C: '#3aa57a' } as const;

/** The waterfall of each close (value against target per tranche, as bars) and NAV per tranche over epochs. */
function PoolEpochs({ poolId }: { poolId: string }) {
  const { t, amount, instant } = useI18n();
  const epochs = useApi<PoolEpochsView>(`/v1/pools/${poolId}/epochs`);
  if (epochs.error) return <LoadError error={epochs.error} onRetry={epochs.reload} />;
  if (!epochs.data) return <Loading />;
  if (epochs.data.items.length === 0) return <EmptyState>{t('investment.noEpochs')}</EmptyState>;
  const max = epochs.data.items.reduce((m, e) => (BigInt(e.target) > m ? BigInt(e.target) : BigInt(e.value) > m ? BigInt(e.value) : m), 1n);
  const width = (v: string) => `${Number((BigInt(v) * 1000n) / max) / 10}%`;
  return (
    <div className="table-wrap">
      <table data-testid="pool-epochs">
        <thead>
          <tr>
            <th scope="col">{t('investment.epoch')}</th>
            <th scope="col">{t('investment.tranche')}</th>
            <th scope="col" className="num">{t('investment.previous')}</th>
            <th scope="col" className="num">{t('investment.target')}</th>
            <th scope="col" className="num">{t('investment.value')}</th>
            <th scope="col">{t('investment.waterfall')}</th>
            <th scope="col" className="num">{t('investment.nav')}</th>
            <th scope="col">{t('investment.closedAt')}</th>
          </tr>
        </thead>
        <tbody>
          {epochs.data.items.map((e) => (
            <tr key={`${e.epoch}-${e.tranche}`}>
              <th scope="row">{e.epoch}</th>
              <td>{e.tranche}</td>
              <td className="num">{amount(e.previous)}</td>
              <td className="num">{amount(e.target)}</td>
              <td className="num">{amount(e.value)}</td>
              <td style={{ minWidth: 160 }}>
                <svg width="100%" height="14" role="img" aria-label={t('investment.waterfallBar', { value: amount(e.value), target: amount(e.target) })}>
                  <rect x="0" y="2" width={width(e.target)} height="10" fill="none" stroke="#999" />
                  <rect x="0" y="2" width={width(e.value)} height="10" fill={BAR[e.tranche]} />
                </svg>
              </td>
              <td className="num">{amount(e.valueAfter)}</td>
              <td>{instant(e.closedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
