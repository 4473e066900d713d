import type { ClaimSummary, Page } from '../../../api/types.ts';
import { useApi } from '../../../api/useApi.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { useSession } from '../../../session/SessionContext.ts';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { Card } from '../../../components/Card.tsx';
import { Loading } from '../../../components/Loading.tsx';
import { LoadError } from '../../../components/LoadError.tsx';
import { EmptyState } from '../../../components/EmptyState.tsx';
import { ShareBars } from '../../../charts/ShareBars.tsx';
import { CONCENTRATION_SHARE, obligorShares, overdueAlerts } from './alerts.ts';
import { OverdueTable } from './OverdueTable.tsx';
import { FunderExposure } from './FunderExposure.tsx';
import { AlertSummary } from './AlertSummary.tsx';

/** The regulator's view: overdue claims, concentration by obligor, funders' exposure; everything read-only. */
export function OversightPage() {
  const { t } = useI18n();
  const { members } = useSession();
  const claims = useApi<Page<ClaimSummary>>('/v1/claims?limit=500');
  const funders = members.filter((m) => m.roles.includes('funder'));
  if (claims.error) return <LoadError error={claims.error} onRetry={claims.reload} />;
  const items = claims.data?.items;
  const overdue = items ? overdueAlerts(items) : [];
  const concentration = items ? obligorShares(items) : null;
  const concentrated = concentration?.shares.filter((s) => s.percent >= CONCENTRATION_SHARE) ?? [];
  return (
    <>
      <PageHeader title={t('oversight.title')} description={t('oversight.description')} />
      {!items || !concentration ? (
        <Loading />
      ) : (
        <>
          <AlertSummary overdue={overdue} concentrated={concentrated} />
          <Card title={t('oversight.overdue')} description={t('oversight.overdueHint')}>
            {overdue.length === 0 ? <EmptyState>{t('oversight.noOverdue')}</EmptyState> : <OverdueTable alerts={overdue} />}
          </Card>
          <Card title={t('oversight.concentration')} description={t('oversight.concentrationHint', { n: CONCENTRATION_SHARE })}>
            {concentration.shares.length === 0 ? (
              <EmptyState>{t('oversight.nothingOutstanding')}</EmptyState>
            ) : (
              <ShareBars shares={concentration.shares} threshold={CONCENTRATION_SHARE} title={t('oversight.concentration')} />
            )}
          </Card>
          <Card title={t('oversight.exposure')}>
            {funders.length === 0 ? <EmptyState>{t('oversight.noFunders')}</EmptyState> : funders.map((f) => <FunderExposure key={f.id} funder={f} />)}
          </Card>
        </>
      )}
    </>
  );
}
