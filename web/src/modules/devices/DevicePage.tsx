import { useState } from 'react';
import type { DeviceView, ReadingProofView, TelemetryReadings } from '../../../../src/modules/devices/client.ts';
import { useApi } from '../../api/useApi.ts';
import { useI18n } from '../../i18n/I18nContext.ts';
import { useSession } from '../../session/SessionContext.ts';
import { Link } from '../../router/Link.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Card } from '../../components/Card.tsx';
import { Loading } from '../../components/Loading.tsx';
import { LoadError } from '../../components/LoadError.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { KeyValues } from '../../components/KeyValues.tsx';
import { IdText } from '../../components/IdText.tsx';
import { TelemetryChart } from './TelemetryChart.tsx';
import { statusKey } from './DevicesPage.tsx';

/** One device: its token, its telemetry over time with its anchors, and each reading's proof. */
export function DevicePage({ deviceId }: { deviceId: string }) {
  const { t, amount } = useI18n();
  const device = useApi<DeviceView>(`/v1/devices/${deviceId}`);
  const readings = useApi<TelemetryReadings>(`/v1/devices/${deviceId}/readings`);
  if (device.error) return <LoadError error={device.error} onRetry={device.reload} />;
  if (!device.data) return <Loading />;
  const d = device.data;
  return (
    <>
      <PageHeader title={`${d.model} · ${d.serial}`} description={t('devices.pageDescription')} />
      <Card title={t('devices.token')}>
        <KeyValues
          items={[
            [t('devices.id'), <IdText value={d.deviceId} />],
            [t('devices.type'), d.equipmentType],
            [t('devices.manufacturer'), d.manufacturerName ?? d.manufacturer],
            [t('devices.owner'), <IdText value={d.owner} />],
            [t('devices.key'), <IdText value={d.deviceKey} />],
            [t('devices.salvage'), amount(d.salvageValue)],
            [t('devices.readings'), `${d.readings} (${t('devices.anchoredN', { n: d.anchoredReadings })})`],
          ]}
        />
      </Card>
      <Card title={t('devices.telemetry')}>
        {readings.error ? <LoadError error={readings.error} onRetry={readings.reload} /> : !readings.data ? <Loading /> : readings.data.items.length === 0 ? <EmptyState>{t('devices.noReadings')}</EmptyState> : (
          <>
            <TelemetryChart data={readings.data} />
            <ReadingsTable deviceId={deviceId} data={readings.data} />
          </>
        )}
      </Card>
    </>
  );
}

function ReadingsTable({ deviceId, data }: { deviceId: string; data: TelemetryReadings }) {
  const { t } = useI18n();
  const { client } = useSession();
  const [proofs, setProofs] = useState<Record<string, ReadingProofView | 'checking'>>({});
  const check = async (seq: string) => {
    setProofs((p) => ({ ...p, [seq]: 'checking' }));
    const proof = await client.get<ReadingProofView>(`/v1/devices/${deviceId}/readings/${seq}/proof`);
    setProofs((p) => ({ ...p, [seq]: proof }));
  };
  const latest = [...data.items].reverse().slice(0, 50);
  return (
    <div className="table-wrap">
      <table data-testid="readings">
        <thead>
          <tr>
            <th scope="col" className="num">#</th>
            <th scope="col">{t('devices.time')}</th>
            <th scope="col" className="num">{t('devices.usageHours')}</th>
            <th scope="col">{t('devices.position')}</th>
            <th scope="col">{t('devices.status')}</th>
            <th scope="col">{t('devices.anchor')}</th>
            <th scope="col">{t('devices.proof')}</th>
          </tr>
        </thead>
        <tbody>
          {latest.map((r) => {
            const proof = proofs[r.seq];
            return (
              <tr key={r.seq}>
                <td className="num">{r.seq}</td>
                <td>{new Date(r.time * 1000).toLocaleString()}</td>
                <td className="num">{(Number(r.usageMilliHours) / 1000).toFixed(3)}</td>
                <td>{(r.latE6 / 1e6).toFixed(5)}, {(r.lonE6 / 1e6).toFixed(5)}</td>
                <td>{t(statusKey(r.status))}</td>
                <td>{r.batchNumber ? <Link to={`/telemetry/anchors/${r.batchNumber}`}>#{r.batchNumber}</Link> : t('devices.pending')}</td>
                <td>
                  {proof === undefined ? (
                    <button type="button" className="link" onClick={() => void check(r.seq)} disabled={!r.batchNumber}>{t('devices.verify')}</button>
                  ) : proof === 'checking' ? t('devices.checking') : proof.verifiedOnChain ? `✓ ${t('devices.verifiedOnChain')}` : `✗ ${t('devices.notVerified')}`}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
