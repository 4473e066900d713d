import { useEffect } from 'react';
import type { DeviceMonitor, TelemetryAnchorDetail, TelemetryAnchors, TelemetryIngestStats } from '../../../../src/modules/devices/client.ts';
import { useApi } from '../../api/useApi.ts';
import { useI18n } from '../../i18n/I18nContext.ts';
import { Link } from '../../router/Link.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Card } from '../../components/Card.tsx';
import { Loading } from '../../components/Loading.tsx';
import { LoadError } from '../../components/LoadError.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { KeyValues } from '../../components/KeyValues.tsx';
import { IdText } from '../../components/IdText.tsx';
import { statusKey } from './DevicesPage.tsx';

/** Reloads `reload` every `ms` while the page is shown: the lists below are live. */
function useEvery(ms: number, reload: () => void) {
  useEffect(() => {
    const timer = setInterval(reload, ms);
    return () => clearInterval(timer);
  }, [ms, reload]);
}

/** The anchored telemetry batches, newest first, what waits to be anchored, and the ingestion counters. */
export function AnchorsPage() {
  const { t } = useI18n();
  const anchors = useApi<TelemetryAnchors>('/v1/telemetry/anchors');
  const stats = useApi<TelemetryIngestStats>('/v1/telemetry/stats');
  useEvery(5000, anchors.reload);
  useEvery(5000, stats.reload);
  return (
    <>
      <PageHeader title={t('telemetry.title')} description={t('telemetry.description')} />
      {stats.data ? (
        <Card title={t('telemetry.ingestion')}>
          <KeyValues
            items={[
              [t('telemetry.accepted'), String(stats.data.accepted)],
              ...Object.entries(stats.data.rejected).map(([reason, n]): [string, string] => [t('telemetry.refused', { reason: t(`telemetry.reason.${reason}` as 'telemetry.reason.malformed') }), String(n)]),
              [t('telemetry.broker'), stats.data.mqtt ? `${stats.data.mqtt.url} (${stats.data.mqtt.embedded ? t('telemetry.embedded') : t('telemetry.external')})` : '—'],
              anchors.data ? [t('telemetry.pending'), t('telemetry.pendingDetail', { unbatched: anchors.data.pending.unbatched, batches: anchors.data.pending.batches, readings: anchors.data.pending.readings })] : null,
            ]}
          />
        </Card>
      ) : null}
      <Card title={t('telemetry.anchors')}>
        {anchors.error ? <LoadError error={anchors.error} onRetry={anchors.reload} /> : !anchors.data ? <Loading /> : anchors.data.items.length === 0 ? <EmptyState>{t('telemetry.noAnchors')}</EmptyState> : (
          <div className="table-wrap">
            <table data-testid="anchors">
              <thead>
                <tr>
                  <th scope="col" className="num">{t('telemetry.batch')}</th>
                  <th scope="col">{t('telemetry.root')}</th>
                  <th scope="col" className="num">{t('telemetry.count')}</th>
                  <th scope="col" className="num">{t('telemetry.devices')}</th>
                  <th scope="col">{t('telemetry.anchoredAt')}</th>
                  <th scope="col">{t('telemetry.block')}</th>
                </tr>
              </thead>
              <tbody>
                {anchors.data.items.map((a) => (
                  <tr key={a.batchNumber}>
                    <td className="num"><Link to={`/telemetry/anchors/${a.batchNumber}`}>#{a.batchNumber}</Link></td>
                    <td><IdText value={a.root} /></td>
                    <td className="num">{a.count}</td>
                    <td className="num">{a.devices}</td>
                    <td>{new Date(a.anchoredAt).toLocaleString()}</td>
                    <td>{a.blockNumber}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </>
  );
}

/** One anchored batch and its readings, in tree order. */
export function AnchorPage({ batchNumber }: { batchNumber: string }) {
  const { t } = useI18n();
  const detail = useApi<TelemetryAnchorDetail>(`/v1/telemetry/anchors/${batchNumber}`);
  if (detail.error) return <LoadError error={detail.error} onRetry={detail.reload} />;
  if (!detail.data) return <Loading />;
  const a = detail.data.anchor;
  return (
    <>
      <PageHeader title={t('telemetry.batchTitle', { n: a.batchNumber })} description={t('telemetry.batchDescription')} />
      <Card title={t('telemetry.anchor')}>
        <KeyValues items={[[t('telemetry.root'), <IdText value={a.root} />], [t('telemetry.count'), String(a.count)], [t('telemetry.tx'), <IdText value={a.txHash} />], [t('telemetry.block'), a.blockNumber], [t('telemetry.anchoredAt'), new Date(a.anchoredAt).toLocaleString()]]} />
      </Card>
      <Card title={t('telemetry.readings')}>
        <div className="table-wrap">
          <table data-testid="anchor-readings">
            <thead>
              <tr>
                <th scope="col">{t('devices.id')}</th>
                <th scope="col" className="num">#</th>
                <th scope="col" className="num">{t('devices.usageHours')}</th>
                <th scope="col">{t('devices.status')}</th>
                <th scope="col">{t('telemetry.leaf')}</th>
              </tr>
            </thead>
            <tbody>
              {detail.data.readings.map((r) => (
                <tr key={`${r.deviceId}-${r.seq}`}>
                  <td><Link to={`/devices/${r.deviceId}`}><IdText value={r.deviceId} /></Link></td>
                  <td className="num">{r.seq}</td>
                  <td className="num">{(Number(r.usageMilliHours) / 1000).toFixed(3)}</td>
                  <td>{t(statusKey(r.status))}</td>
                  <td><IdText value={r.leaf} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>
    </>
  );
}

/** The regulator's monitor: devices offline, in fault, or outside the area their lease permits, refreshed live. */
export function MonitorPage() {
  const { t } = useI18n();
  const monitor = useApi<DeviceMonitor>('/v1/telemetry/monitor?offlineAfterSeconds=900');
  useEvery(5000, monitor.reload);
  return (
    <>
      <PageHeader title={t('telemetry.monitorTitle')} description={t('telemetry.monitorDescription')} />
      <Card title={monitor.data ? t('telemetry.monitorAt', { at: new Date(monitor.data.at).toLocaleTimeString() }) : t('telemetry.monitorTitle')}>
        {monitor.error ? <LoadError error={monitor.error} onRetry={monitor.reload} /> : !monitor.data ? <Loading /> : monitor.data.items.length === 0 ? <EmptyState>{t('telemetry.allWell')}</EmptyState> : (
          <div className="table-wrap">
            <table data-testid="device-alerts">
              <thead>
                <tr>
                  <th scope="col">{t('telemetry.alert')}</th>
                  <th scope="col">{t('devices.serial')}</th>
                  <th scope="col">{t('devices.model')}</th>
                  <th scope="col">{t('telemetry.since')}</th>
                  <th scope="col">{t('telemetry.detail')}</th>
                </tr>
              </thead>
              <tbody>
                {monitor.data.items.map((a) => (
                  <tr key={`${a.deviceId}-${a.kind}`}>
                    <td>{t(`telemetry.kind.${a.kind}` as 'telemetry.kind.offline')}</td>
                    <td><Link to={`/devices/${a.deviceId}`}>{a.serial}</Link></td>
                    <td>{a.model}</td>
                    <td>{a.since ? new Date(a.since).toLocaleString() : '—'}</td>
                    <td>{a.detail}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </>
  );
}
