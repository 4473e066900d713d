import type { Position } from '../../../api/types.ts';
import { useApi } from '../../../api/useApi.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { useSession } from '../../../session/SessionContext.ts';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { Card } from '../../../components/Card.tsx';
import { Loading } from '../../../components/Loading.tsx';
import { LoadError } from '../../../components/LoadError.tsx';
import { EmptyState } from '../../../components/EmptyState.tsx';
import { MaturityLadder } from '../../../charts/MaturityLadder.tsx';
import { LadderTable } from './LadderTable.tsx';
import { OwedStats } from './OwedStats.tsx';
import { AdvancesCard } from './AdvancesCard.tsx';

/** The core enterprise's payables: what it owes by due date (the maturity ladder), and paying into settlement. */
export function PayablesPage() {
  const { t } = useI18n();
  const { me } = useSession();
  const position = useApi<Position>(`/v1/members/${me.member.id}/position`);
  const p = position.data;
  return (
    <>
      <PageHeader title={t('payables.title')} description={t('payables.description')} />
      {position.error ? (
        <LoadError error={position.error} onRetry={position.reload} />
      ) : !p ? (
        <Loading />
      ) : (
        <>
          <OwedStats position={p} />
          <Card title={t('ladder.title')} description={t('ladder.description')}>
            {p.owes.ladder.length === 0 ? <EmptyState>{t('payables.none')}</EmptyState> : <MaturityLadder ladder={p.owes.ladder} asOf={p.asOf} />}
          </Card>
          {p.owes.ladder.length ? (
            <Card title={t('payables.byDate')}>
              <LadderTable ladder={p.owes.ladder} />
            </Card>
          ) : null}
          <AdvancesCard canClose />
        </>
      )}
    </>
  );
}
