import { type FormEvent, useState } from 'react';
import { useCommand } from '../../../api/useCommand.ts';
import { parseMajor } from '../../../format/money.ts';
import { Field } from '../../../components/Field.tsx';
import { AmountField } from '../../../components/AmountField.tsx';
import { SubmitButton } from '../../../components/SubmitButton.tsx';
import { CommandProgress } from '../../../components/CommandProgress.tsx';
import type { ListingView, PoolSummaryView } from '../../../api/types.ts';
import { useSession } from '../../../session/SessionContext.ts';
import { capabilitiesOf } from '../../../session/roles.ts';
import { CreatePoolForm } from './CreatePoolForm.tsx';
import { useApi } from '../../../api/useApi.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { Card } from '../../../components/Card.tsx';
import { Loading } from '../../../components/Loading.tsx';
import { LoadError } from '../../../components/LoadError.tsx';
import { EmptyState } from '../../../components/EmptyState.tsx';
import { PoolPanel } from './PoolPanel.tsx';

/** Investors, sponsors and the regulator: P2P listings with their terms and funding, and a pool's epochs tranche by tranche. */
export function InvestmentsPage() {
  const { t, amount, bps, instant } = useI18n();
  const { me } = useSession();
  const caps = capabilitiesOf(me);
  const listings = useApi<{ items: ListingView[] }>('/v1/listings?limit=100');
  const pools = useApi<{ items: PoolSummaryView[] }>('/v1/pools?limit=100');
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
        {caps.funder && !caps.readOnly && listings.data?.items.some((l) => l.status === 'open') ? (
          <FundListing listings={listings.data.items.filter((l) => l.status === 'open')} onDone={listings.reload} />
        ) : null}
      </Card>
      {caps.funder && !caps.readOnly ? (
        <Card title={t('investment.newPool')} description={t('investment.newPoolHint')}>
          <CreatePoolForm
            onDone={(id) => {
              pools.reload();
              setPoolId(id);
            }}
          />
        </Card>
      ) : null}
      <Card title={t('investment.pools')}>
        {pools.error ? (
          <LoadError error={pools.error} onRetry={pools.reload} />
        ) : !pools.data ? (
          <Loading />
        ) : pools.data.items.length === 0 ? (
          <EmptyState>{t('investment.noPools')}</EmptyState>
        ) : (
          <div className="table-wrap">
            <table data-testid="pools">
              <thead>
                <tr>
                  <th scope="col">{t('investment.poolId')}</th>
                  <th scope="col" className="num">{t('investment.targetYield')}</th>
                  <th scope="col" className="num">{t('investment.epochs')}</th>
                  <th scope="col" className="num">{t('investment.cover')}</th>
                  <th scope="col">{t('investment.maturity')}</th>
                  <th scope="col"><span className="visually-hidden">{t('investment.open')}</span></th>
                </tr>
              </thead>
              <tbody>
                {pools.data.items.map((p) => (
                  <tr key={p.poolId} aria-current={p.poolId === poolId ? 'true' : undefined}>
                    <th scope="row" title={p.poolId}>{p.poolId.slice(0, 10)}…</th>
                    <td className="num">{p.targetYieldBps.map((y) => bps(y)).join(' / ')}</td>
                    <td className="num">{p.epochs}</td>
                    <td className="num">{amount(p.cover)}</td>
                    <td>{instant(p.maturity)}</td>
                    <td>
                      <button type="button" className="button secondary small" onClick={() => setPoolId(p.poolId)}>{t('investment.open')}</button>
                    </td>
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
        {/^0x[0-9a-fA-F]{64}$/.test(poolId) ? <PoolPanel poolId={poolId} /> : null}
      </Card>
    </>
  );
}


/** A certified investor funds part of an open listing (investment claims minted to it, 1 per XT). */
function FundListing({ listings, onDone }: { listings: ListingView[]; onDone: () => void }) {
  const { t, amount } = useI18n();
  const [listingId, setListingId] = useState(listings[0]!.listingId);
  const [value, setValue] = useState('');
  const command = useCommand();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const v = parseMajor(value);
    if (v.ok && (await command.run(`/v1/listings/${listingId}/fund`, { amount: v.minor })).ok) {
      setValue('');
      onDone();
    }
  };
  const error = command.error && (command.error.field === 'amount' || command.error.field === 'body.amount') ? command.error.message : null;
  return (
    <form onSubmit={submit} className="form form-inline" noValidate data-testid="fund-listing">
      <Field label={t('investment.listing')}>
        <select value={listingId} onChange={(e) => setListingId(e.target.value)}>
          {listings.map((l) => (
            <option key={l.listingId} value={l.listingId}>
              {t('investment.listingOption', { id: `${l.listingId.slice(0, 10)}…`, remaining: amount((BigInt(l.price) - BigInt(l.raised)).toString()) })}
            </option>
          ))}
        </select>
      </Field>
      <AmountField label={t('investment.fundAmount')} value={value} onChange={setValue} error={error} />
      <SubmitButton busy={command.busy}>{t('investment.fund')}</SubmitButton>
      <CommandProgress state={command} successText={t('investment.funded')} />
    </form>
  );
}
