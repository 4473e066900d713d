import { useState } from 'react';
import type { LeaseView, ProviderView, RentPaymentView } from '../../api/types.ts';
import { useApi } from '../../api/useApi.ts';
import { useI18n } from '../../i18n/I18nContext.ts';
import { useSession } from '../../session/SessionContext.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Card } from '../../components/Card.tsx';
import { Loading } from '../../components/Loading.tsx';
import { LoadError } from '../../components/LoadError.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { RentSplitBar } from './RentSplitBar.tsx';
import { LeaseActions } from './LeaseActions.tsx';

const STATUSES = ['', 'proposed', 'accepted', 'active', 'purchased', 'returned', 'cancelled', 'defaulted'] as const;

/**
 * The Lease Chain's browser: the signed-in enterprise's own leases; leases searchable by status, party and device; the
 * regulator's view of overdue rent; a lease with what is due, what its parties may do (LeaseActions) and its rent
 * payments with each payment's split; the certified providers with their ratings and credit.
 */
export function LeasingPage() {
  const { t } = useI18n();
  const { me } = useSession();
  const [status, setStatus] = useState('');
  const [party, setParty] = useState('');
  const [device, setDevice] = useState('');
  const [selected, setSelected] = useState<string | null>(null);
  const query = new URLSearchParams({ limit: '100' });
  if (status) query.set('status', status);
  if (/^0x[0-9a-fA-F]{40}$/.test(party)) query.set('party', party);
  if (/^0x[0-9a-fA-F]{64}$/.test(device)) query.set('deviceId', device);
  const leases = useApi<{ items: LeaseView[] }>(`/v1/leases?${query}`);
  const overdue = useApi<{ items: LeaseView[] }>('/v1/leases?overdue=true&limit=100');
  const providers = useApi<{ items: ProviderView[] }>('/v1/leasing/providers?limit=100');
  const mine = useApi<{ items: LeaseView[] }>(`/v1/leases?party=${me.member.address}&limit=100`);
  return (
    <>
      <PageHeader title={t('leasing.title')} description={t('leasing.description')} />
      {mine.data && mine.data.items.length > 0 ? (
        <Card title={t('leasing.yourLeases')} description={t('leasing.yourLeasesHint')}>
          <LeaseTable items={mine.data.items} onSelect={setSelected} testId="your-leases" />
        </Card>
      ) : null}
      <Card title={t('leasing.overdue')} description={t('leasing.overdueHint')}>
        {overdue.error ? <LoadError error={overdue.error} onRetry={overdue.reload} /> : !overdue.data ? <Loading /> : overdue.data.items.length === 0 ? <EmptyState>{t('leasing.noOverdue')}</EmptyState> : <LeaseTable items={overdue.data.items} onSelect={setSelected} testId="overdue-leases" />}
      </Card>
      <Card title={t('leasing.leases')}>
        <div className="filters">
          <label>
            {t('leasing.status')}{' '}
            <select value={status} onChange={(e) => setStatus(e.target.value)}>
              {STATUSES.map((s) => <option key={s} value={s}>{s ? t(`leasing.status.${s}`) : t('leasing.any')}</option>)}
            </select>
          </label>{' '}
          <label>
            {t('leasing.party')} <input value={party} onChange={(e) => setParty(e.target.value.trim())} placeholder="0x…" size={44} />
          </label>{' '}
          <label>
            {t('leasing.device')} <input value={device} onChange={(e) => setDevice(e.target.value.trim())} placeholder="0x…" size={44} />
          </label>
        </div>
        {leases.error ? <LoadError error={leases.error} onRetry={leases.reload} /> : !leases.data ? <Loading /> : leases.data.items.length === 0 ? <EmptyState>{t('leasing.noLeases')}</EmptyState> : <LeaseTable items={leases.data.items} onSelect={setSelected} testId="leases" />}
      </Card>
      {selected ? <SelectedLease leaseId={selected} /> : null}
      {selected ? <Payments leaseId={selected} /> : null}
      <Card title={t('leasing.providers')}>
        {providers.error ? <LoadError error={providers.error} onRetry={providers.reload} /> : !providers.data ? <Loading /> : providers.data.items.length === 0 ? <EmptyState>{t('leasing.noProviders')}</EmptyState> : <ProviderTable items={providers.data.items} />}
      </Card>
    </>
  );
}

function LeaseTable({ items, onSelect, testId }: { items: LeaseView[]; onSelect: (id: string) => void; testId: string }) {
  const { t, amount, instant } = useI18n();
  return (
    <div className="table-wrap">
      <table data-testid={testId}>
        <thead>
          <tr>
            <th scope="col">{t('leasing.lease')}</th>
            <th scope="col">{t('leasing.status')}</th>
            <th scope="col">{t('leasing.device')}</th>
            <th scope="col">{t('leasing.lessee')}</th>
            <th scope="col" className="num">{t('leasing.price')}</th>
            <th scope="col" className="num">{t('leasing.rent')}</th>
            <th scope="col" className="num">{t('leasing.paid')}</th>
            <th scope="col">{t('leasing.nextDue')}</th>
            <th scope="col" className="num">{t('leasing.daysLate')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((l) => (
            <tr key={l.leaseId}>
              <th scope="row" title={l.leaseId}>
                <button type="button" className="link" onClick={() => onSelect(l.leaseId)}>{l.leaseId.slice(0, 10)}…</button>
              </th>
              <td>{t(`leasing.status.${l.status}`)}</td>
              <td title={l.deviceId}>{l.deviceId.slice(0, 10)}…</td>
              <td title={l.lessee}>{l.lessee.slice(0, 10)}…</td>
              <td className="num">{amount(l.price)}</td>
              <td className="num">{amount(l.rentPerPeriod)}</td>
              <td className="num">{l.paidPeriods}/{l.periods}</td>
              <td>{l.nextDueDate ? instant(l.nextDueDate) : '—'}</td>
              <td className={`num ${l.overdueDays > 0 ? 'bad' : ''}`}>{l.overdueDays}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** One lease: its parties and terms, what is due now, and what the signed-in party may do with it. */
function SelectedLease({ leaseId }: { leaseId: string }) {
  const { t, amount, instant } = useI18n();
  const { members } = useSession();
  const lease = useApi<LeaseView>(`/v1/leases/${leaseId}`);
  const name = (address: string) => members.find((m) => m.address.toLowerCase() === address)?.name ?? address;
  const l = lease.data;
  return (
    <Card title={t('leasing.leaseN', { lease: `${leaseId.slice(0, 10)}…` })}>
      {lease.error ? <LoadError error={lease.error} onRetry={lease.reload} /> : !l ? <Loading /> : (
        <div data-testid="lease">
          <p>
            {t(`leasing.status.${l.status}`)} · {t('leasing.lessor')} <span title={l.lessor}>{name(l.lessor)}</span> · {t('leasing.lessee')} <span title={l.lessee}>{name(l.lessee)}</span>
          </p>
          <p className="hint">
            {t('leasing.terms', { rent: amount(l.rentPerPeriod), days: l.periodDays, paid: l.paidPeriods, periods: l.periods, deposit: amount(l.deposit) })}
            {BigInt(l.usageRatePerHour) > 0n ? ` ${t('leasing.usageTerms', { rate: amount(l.usageRatePerHour) })}` : ''}
          </p>
          {l.status === 'active' && l.due ? (
            <p data-testid="lease-due">
              {t('leasing.nextPayment', { period: l.due.period, date: instant(l.due.dueDate) })}{' '}
              {l.due.daysLate > 0 ? t('leasing.dueNow', { amount: amount(l.due.total), rent: amount(l.due.rent), interest: amount(l.due.lateInterest), days: l.due.daysLate }) : null}
              {BigInt(l.usageRatePerHour) > 0n ? ` ${t('leasing.dueNowUsage')}` : ''}
            </p>
          ) : null}
          <LeaseActions lease={l} />
        </div>
      )}
    </Card>
  );
}

function Payments({ leaseId }: { leaseId: string }) {
  const { t, amount, instant } = useI18n();
  const payments = useApi<{ items: RentPaymentView[] }>(`/v1/leases/${leaseId}/payments`);
  return (
    <Card title={t('leasing.payments', { lease: `${leaseId.slice(0, 10)}…` })} description={t('leasing.paymentsHint')}>
      {payments.error ? <LoadError error={payments.error} onRetry={payments.reload} /> : !payments.data ? <Loading /> : payments.data.items.length === 0 ? <EmptyState>{t('leasing.noPayments')}</EmptyState> : (
        <div className="table-wrap">
          <table data-testid="rent-payments">
            <thead>
              <tr>
                <th scope="col">{t('leasing.period')}</th>
                <th scope="col" className="num">{t('leasing.total')}</th>
                <th scope="col" className="num">{t('leasing.lateInterest')}</th>
                <th scope="col" className="num">{t('leasing.daysLate')}</th>
                <th scope="col">{t('leasing.paidAt')}</th>
                <th scope="col">{t('leasing.split')}</th>
              </tr>
            </thead>
            <tbody>
              {payments.data.items.map((p) => (
                <tr key={p.period}>
                  <th scope="row">{p.period === 0 ? t('leasing.salvage') : p.fromDeposit ? t('leasing.fromDeposit', { period: p.period }) : p.period}</th>
                  <td className="num">{amount(p.total)}</td>
                  <td className="num">{amount(p.lateInterest)}</td>
                  <td className="num">{p.daysLate}</td>
                  <td>{instant(p.paidAt)}</td>
                  <td><RentSplitBar payment={p} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}

function ProviderTable({ items }: { items: ProviderView[] }) {
  const { t } = useI18n();
  return (
    <div className="table-wrap">
      <table data-testid="providers">
        <thead>
          <tr>
            <th scope="col">{t('leasing.provider')}</th>
            <th scope="col">{t('leasing.kinds')}</th>
            <th scope="col" className="num">{t('leasing.services')}</th>
            <th scope="col" className="num">{t('leasing.ratings')}</th>
            <th scope="col" className="num">{t('leasing.averageRating')}</th>
            <th scope="col" className="num">{t('leasing.creditScore')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((p) => (
            <tr key={p.provider}>
              <th scope="row" title={p.provider}>{p.provider.slice(0, 12)}…</th>
              <td>{p.kinds.map((k) => t(`leasing.kind.${k}`)).join(', ')}</td>
              <td className="num">{p.credit.servicesCompleted}</td>
              <td className="num">{p.credit.ratings}</td>
              <td className="num">{p.credit.averageRating ?? '—'}</td>
              <td className="num">{p.credit.score}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
