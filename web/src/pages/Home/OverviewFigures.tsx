import type { Overview } from '../../api/types.ts';
import { useApi } from '../../api/useApi.ts';
import { useI18n } from '../../i18n/I18nContext.ts';
import { sharePercent } from '../../format/money.ts';
import { Card } from '../../components/Card.tsx';
import { Loading } from '../../components/Loading.tsx';
import { LoadError } from '../../components/LoadError.tsx';
import { PartyName } from '../../components/PartyName.tsx';
import { Link } from '../../router/Link.tsx';

/**
 * The operator's and the regulator's home: the platform in figures (GET /v1/overview) — outstanding, overdue,
 * financed volume and average discount; outstanding by obligor and by tier.
 */
export function OverviewFigures() {
  const { t, amount, bps, number } = useI18n();
  const o = useApi<Overview>('/v1/overview');
  if (o.error) return <LoadError error={o.error} onRetry={o.reload} />;
  if (!o.data) return <Loading />;
  const d = o.data;
  const total = BigInt(d.outstanding.total);
  return (
    <>
      <div className="stats" data-testid="overview-stats">
        <Link to="/claims" className="stat stat-link">
          <span className="stat-label">{t('overview.outstanding')}</span>
          <span className="stat-value">{amount(d.outstanding.total)}</span>
          <span className="stat-note">{t('overview.claims', { n: number(d.outstanding.claims) })}</span>
        </Link>
        <Link to="/oversight" className="stat stat-link">
          <span className="stat-label">{t('overview.overdue')}</span>
          <span className={`stat-value ${BigInt(d.overdue.total) > 0n ? 'overdue-text' : ''}`}>{amount(d.overdue.total)}</span>
          <span className="stat-note">{t('overview.claims', { n: number(d.overdue.claims) })}</span>
        </Link>
        <div className="stat">
          <span className="stat-label">{t('overview.financed')}</span>
          <span className="stat-value">{amount(d.financed.volume)}</span>
          <span className="stat-note">{t('overview.sales', { n: number(d.financed.sales), price: amount(d.financed.price) })}</span>
        </div>
        <div className="stat">
          <span className="stat-label">{t('overview.averageDiscount')}</span>
          <span className="stat-value">{d.financed.averageDiscountBps === null ? '—' : bps(d.financed.averageDiscountBps)}</span>
          <span className="stat-note">
            {t('overview.discountTotal', { amount: amount(d.financed.discount) })}
            {d.financed.averageDays !== null ? ` · ${t('overview.averageDays', { n: d.financed.averageDays })}` : ''}
          </span>
        </div>
      </div>
      <div className="grid-2">
        <Card title={t('overview.byObligor')}>
          {d.outstanding.byObligor.length === 0 ? (
            <p className="hint">{t('overview.none')}</p>
          ) : (
            <div className="table-wrap">
              <table data-testid="overview-obligors">
                <thead>
                  <tr>
                    <th scope="col">{t('overview.obligor')}</th>
                    <th scope="col" className="num">{t('overview.outstanding')}</th>
                    <th scope="col" className="num">{t('overview.share')}</th>
                    <th scope="col" className="num hide-narrow">{t('overview.issued')}</th>
                    <th scope="col" className="num hide-narrow">{t('overview.openClaims')}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.outstanding.byObligor.map((r) => (
                    <tr key={r.obligor.address ?? r.obligor.pseudonym}>
                      <th scope="row">
                        <PartyName party={r.obligor} />
                      </th>
                      <td className="num">{amount(r.outstanding)}</td>
                      <td className="num">{total > 0n ? `${sharePercent(BigInt(r.outstanding), total)}%` : '—'}</td>
                      <td className="num hide-narrow">{amount(r.issued)}</td>
                      <td className="num hide-narrow">{number(r.openClaims)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Card>
        <Card title={t('overview.byTier')} description={t('overview.byTierHint')}>
          {d.outstanding.byTier.length === 0 ? (
            <p className="hint">{t('overview.none')}</p>
          ) : (
            <div className="table-wrap">
              <table data-testid="overview-tiers">
                <thead>
                  <tr>
                    <th scope="col">{t('overview.tier')}</th>
                    <th scope="col" className="num">{t('overview.units')}</th>
                    <th scope="col" className="num">{t('overview.holdings')}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.outstanding.byTier.map((r) => (
                    <tr key={r.tier}>
                      <th scope="row">{t('tree.tier', { n: r.tier })}</th>
                      <td className="num">{amount(r.units)}</td>
                      <td className="num">{number(r.holdings)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Card>
      </div>
    </>
  );
}
