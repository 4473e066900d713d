import type { ReactElement } from 'react';
import type { Command, Member, Page, Ready, XtBalances } from '../../api/types.ts';
import { useApi } from '../../api/useApi.ts';
import { useI18n } from '../../i18n/I18nContext.ts';
import { useSession } from '../../session/SessionContext.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Card } from '../../components/Card.tsx';
import { KeyValues } from '../../components/KeyValues.tsx';
import { Loading } from '../../components/Loading.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { CommandTable } from './CommandTable.tsx';
import type { MessageKey } from '../../i18n/en.ts';
import { readinessRow } from './readiness.ts';

/** Platform status: readiness of database, chain and indexer; XT supply; members; the latest commands. */
export function StatusPage() {
  const i18n = useI18n();
  const { t, amount, number } = i18n;
  const { members } = useSession();
  const ready = useApi<Ready>('/ready');
  const xt = useApi<XtBalances>('/v1/xt/balances');
  const recent = useApi<Page<Command>>('/v1/commands?limit=15');
  const failed = useApi<Page<Command>>('/v1/commands?status=failed&limit=10');
  const byStatus = members.reduce<Record<string, number>>((acc, m: Member) => ({ ...acc, [m.status]: (acc[m.status] ?? 0) + 1 }), {});
  return (
    <>
      <PageHeader title={t('status.title')} description={t('status.description')} />
      <div className="grid-3">
        <Card title={t('status.readiness')}>
          {ready.data ? (
            <>
              <p className={`big-status ${ready.data.ready ? 'ok' : 'bad'}`} role="status">
                {ready.data.ready ? t('status.ready') : t('status.notReady')}
              </p>
              <KeyValues items={Object.entries(ready.data.checks).map(([k, v]) => readinessRow(i18n, k, v))} />
            </>
          ) : ready.error ? (
            <p className="big-status bad">{t('status.notReady')}</p>
          ) : (
            <Loading />
          )}
        </Card>
        <Card title={t('status.xt')}>
          {xt.data ? (
            <KeyValues
              items={[
                [t('status.totalSupply'), amount(xt.data.totalSupply)],
                [t('status.paused'), xt.data.paused ? t('common.yes') : t('common.no')],
                [t('status.accounts'), number(xt.data.items.length)],
              ]}
            />
          ) : (
            <Loading />
          )}
        </Card>
        <Card title={t('status.members')}>
          <KeyValues items={[[t('status.total'), number(members.length)], ...Object.entries(byStatus).map(([s, n]) => [t(`status.${s}` as MessageKey), <span key={s}><StatusBadge status={s} /> {number(n)}</span>] as [string, ReactElement])]} />
        </Card>
      </div>
      <Card title={t('status.failedCommands')}>{failed.data ? <CommandTable commands={failed.data.items} empty={t('status.noFailed')} /> : <Loading />}</Card>
      <Card title={t('status.recentCommands')}>{recent.data ? <CommandTable commands={recent.data.items} empty={t('status.noCommands')} /> : <Loading />}</Card>
    </>
  );
}
