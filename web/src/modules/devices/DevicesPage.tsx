import { type FormEvent, useState } from 'react';
import type { DeviceView } from '../../../../src/modules/devices/client.ts';
import { useApi } from '../../api/useApi.ts';
import { useCommand } from '../../api/useCommand.ts';
import { useI18n } from '../../i18n/I18nContext.ts';
import { useSession } from '../../session/SessionContext.ts';
import { capabilitiesOf } from '../../session/roles.ts';
import { parseMajor } from '../../format/money.ts';
import { Link } from '../../router/Link.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Card } from '../../components/Card.tsx';
import { Loading } from '../../components/Loading.tsx';
import { LoadError } from '../../components/LoadError.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { Field } from '../../components/Field.tsx';
import { AmountField } from '../../components/AmountField.tsx';
import { SubmitButton } from '../../components/SubmitButton.tsx';
import { CommandProgress } from '../../components/CommandProgress.tsx';

export const statusKey = (s: number) => (s === 0 ? 'devices.status.ok' : s === 1 ? 'devices.status.warning' : 'devices.status.fault') as 'devices.status.ok';

/** The devices browser: every device token, searchable; a manufacturer registers its devices here. */
export function DevicesPage() {
  const { t } = useI18n();
  const { me } = useSession();
  const caps = capabilitiesOf(me);
  const [q, setQ] = useState('');
  const [search, setSearch] = useState('');
  const devices = useApi<{ items: DeviceView[] }>(`/v1/devices${search ? `?q=${encodeURIComponent(search)}` : ''}`);
  const manufacturer = me.member.roles.includes('manufacturer');
  return (
    <>
      <PageHeader title={t('devices.title')} description={t('devices.description')} />
      {manufacturer && !caps.readOnly ? (
        <Card title={t('devices.register')} description={t('devices.registerHint')}>
          <RegisterDeviceForm onDone={devices.reload} />
        </Card>
      ) : null}
      <Card title={t('devices.list')}>
        <form className="form inline" role="search" onSubmit={(e) => { e.preventDefault(); setSearch(q.trim()); }}>
          <input aria-label={t('devices.search')} placeholder={t('devices.search')} value={q} onChange={(e) => setQ(e.target.value)} data-testid="device-search" />
          <SubmitButton busy={devices.loading}>{t('devices.searchSubmit')}</SubmitButton>
        </form>
        {devices.error ? <LoadError error={devices.error} onRetry={devices.reload} /> : !devices.data ? <Loading /> : devices.data.items.length === 0 ? <EmptyState>{t('devices.none')}</EmptyState> : (
          <div className="table-wrap">
            <table data-testid="devices">
              <thead>
                <tr>
                  <th scope="col">{t('devices.serial')}</th>
                  <th scope="col">{t('devices.type')}</th>
                  <th scope="col">{t('devices.model')}</th>
                  <th scope="col">{t('devices.manufacturer')}</th>
                  <th scope="col" className="num">{t('devices.readings')}</th>
                  <th scope="col" className="num">{t('devices.anchored')}</th>
                  <th scope="col">{t('devices.lastReading')}</th>
                </tr>
              </thead>
              <tbody>
                {devices.data.items.map((d) => (
                  <tr key={d.deviceId}>
                    <th scope="row"><Link to={`/devices/${d.deviceId}`}>{d.serial}</Link></th>
                    <td>{d.equipmentType}</td>
                    <td>{d.model}</td>
                    <td>{d.manufacturerName ?? d.manufacturer}</td>
                    <td className="num">{d.readings}</td>
                    <td className="num">{d.anchoredReadings}</td>
                    <td>{d.lastReading ? `${new Date(d.lastReading.receivedAt).toLocaleString()} · ${t(statusKey(d.lastReading.status))}` : '—'}</td>
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

function RegisterDeviceForm({ onDone }: { onDone: () => void }) {
  const { t } = useI18n();
  const [f, setF] = useState({ equipmentType: '', model: '', serial: '', deviceKey: '', salvageValue: '' });
  const set = (k: keyof typeof f) => (v: string) => setF({ ...f, [k]: v });
  const command = useCommand();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const salvage = parseMajor(f.salvageValue || '0');
    if (!salvage.ok) return;
    if ((await command.run('/v1/devices', { equipmentType: f.equipmentType, model: f.model, serial: f.serial, deviceKey: f.deviceKey, salvageValue: salvage.minor })).ok) onDone();
  };
  const text = (k: keyof typeof f, label: string) => (
    <Field label={label} error={command.error?.field === `body.${k}` || command.error?.field === k ? command.error.message : null}>
      <input value={f[k]} onChange={(e) => set(k)(e.target.value)} autoComplete="off" />
    </Field>
  );
  return (
    <form onSubmit={submit} className="form form-grid" noValidate>
      {text('equipmentType', t('devices.type'))}
      {text('model', t('devices.model'))}
      {text('serial', t('devices.serial'))}
      {text('deviceKey', t('devices.key'))}
      <AmountField label={t('devices.salvage')} value={f.salvageValue} onChange={set('salvageValue')} />
      <SubmitButton busy={command.busy}>{t('devices.registerSubmit')}</SubmitButton>
      <CommandProgress state={command} successText={t('devices.registered')} />
    </form>
  );
}
