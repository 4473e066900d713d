import { type FormEvent, useState } from 'react';
import type { DeviceAreaView, DeviceView, ReadingProofView, TelemetryReadings } from '../../../../src/modules/devices/client.ts';
import { ApiError } from '../../api/client.ts';
import { capabilitiesOf } from '../../session/roles.ts';
import { Field } from '../../components/Field.tsx';
import { SubmitButton } from '../../components/SubmitButton.tsx';
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
  const { me } = useSession();
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
            [
              t('devices.area'),
              <span data-testid="permitted-area">
                {d.permittedArea
                  ? t('devices.areaValue', {
                      lat0: d.permittedArea.minLatE6 / 1e6, lat1: d.permittedArea.maxLatE6 / 1e6, lon0: d.permittedArea.minLonE6 / 1e6, lon1: d.permittedArea.maxLonE6 / 1e6,
                      reference: d.permittedArea.reference,
                    })
                  : t('devices.areaNone')}
              </span>,
            ],
          ]}
        />
      </Card>
      {mayKeepArea(me, d) ? (
        <Card title={t('devices.areaSet')} description={t('devices.areaHint')}>
          <PermittedAreaForm deviceId={d.deviceId} onDone={device.reload} />
        </Card>
      ) : null}
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

/** The operator, the device's manufacturer or its owner set where it may be (PUT /v1/devices/{id}/area). */
const mayKeepArea = (me: ReturnType<typeof useSession>['me'], d: DeviceView) => {
  const caps = capabilitiesOf(me);
  const mine = [d.manufacturer, d.owner].includes(me.member.address.toLowerCase());
  return !caps.readOnly && (caps.operator || mine);
};

/** "31.23" → 31,230,000 millionths of a degree, or null. */
const degrees = (v: string): number | null => (/^-?[0-9]{1,3}(\.[0-9]{1,6})?$/.test(v.trim()) ? Math.round(Number(v.trim()) * 1e6) : null);

function PermittedAreaForm({ deviceId, onDone }: { deviceId: string; onDone: () => void }) {
  const { t } = useI18n();
  const { client } = useSession();
  const [f, setF] = useState({ minLat: '', maxLat: '', minLon: '', maxLon: '', reference: '' });
  const [state, setState] = useState<{ busy: boolean; error: ApiError | null; invalid: string | null; saved: boolean }>({ busy: false, error: null, invalid: null, saved: false });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const values = { minLatE6: degrees(f.minLat), maxLatE6: degrees(f.maxLat), minLonE6: degrees(f.minLon), maxLonE6: degrees(f.maxLon) };
    const invalid = Object.entries(values).find(([, v]) => v === null)?.[0] ?? null;
    if (invalid) return setState({ busy: false, error: null, invalid, saved: false });
    setState({ busy: true, error: null, invalid: null, saved: false });
    try {
      await client.put<DeviceAreaView>(`/v1/devices/${deviceId}/area`, { ...values, ...(f.reference.trim() ? { reference: f.reference.trim() } : {}) });
      setState({ busy: false, error: null, invalid: null, saved: true });
      onDone();
    } catch (error) {
      setState({ busy: false, error: error instanceof ApiError ? error : new ApiError(0, 'network', String(error)), invalid: null, saved: false });
    }
  };
  const errorOf = (field: string) => (state.invalid === field ? t('devices.degreesInvalid') : state.error?.field === field ? state.error.message : null);
  const input = (k: keyof typeof f, field: string, label: string) => (
    <Field label={label} error={errorOf(field)}>
      <input value={f[k]} onChange={(e) => setF({ ...f, [k]: e.target.value })} inputMode={k === 'reference' ? 'text' : 'decimal'} autoComplete="off" />
    </Field>
  );
  return (
    <form onSubmit={submit} className="form form-grid" noValidate data-testid="area-form">
      {input('minLat', 'minLatE6', t('devices.minLat'))}
      {input('maxLat', 'maxLatE6', t('devices.maxLat'))}
      {input('minLon', 'minLonE6', t('devices.minLon'))}
      {input('maxLon', 'maxLonE6', t('devices.maxLon'))}
      {input('reference', 'reference', t('devices.areaReference'))}
      <SubmitButton busy={state.busy}>{t('devices.areaSubmit')}</SubmitButton>
      {state.saved ? <p role="status">{t('devices.areaSaved')}</p> : null}
      {state.error && !state.error.field ? <p role="alert" className="field-error">{state.error.message}</p> : null}
    </form>
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
