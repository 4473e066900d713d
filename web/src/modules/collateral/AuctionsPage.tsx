import { type FormEvent, useState } from 'react';
import type { CollateralAuction } from '../../../../src/modules/collateral/client.ts';
import { useApi } from '../../api/useApi.ts';
import { useCommand } from '../../api/useCommand.ts';
import { useI18n } from '../../i18n/I18nContext.ts';
import { useSession } from '../../session/SessionContext.ts';
import { capabilitiesOf } from '../../session/roles.ts';
import { parseMajor } from '../../format/money.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Card } from '../../components/Card.tsx';
import { Loading } from '../../components/Loading.tsx';
import { LoadError } from '../../components/LoadError.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { AmountField } from '../../components/AmountField.tsx';
import { SubmitButton } from '../../components/SubmitButton.tsx';
import { CommandProgress } from '../../components/CommandProgress.tsx';
import { PriceCurve } from './Charts.tsx';

/** Liquidation auctions: each round's descending price curve, and a bid at the current price. */
export function AuctionsPage() {
  const { t } = useI18n();
  const auctions = useApi<{ items: CollateralAuction[] }>('/v1/auctions');
  return (
    <>
      <PageHeader title={t('auctions.title')} description={t('auctions.description')} />
      {auctions.error ? <LoadError error={auctions.error} onRetry={auctions.reload} /> : !auctions.data ? <Loading /> : auctions.data.items.length === 0 ? <EmptyState>{t('auctions.none')}</EmptyState> : (
        auctions.data.items.map((a) => <AuctionCard key={`${a.positionId}-${a.round}`} auction={a} onDone={auctions.reload} />)
      )}
    </>
  );
}

function AuctionCard({ auction: a, onDone }: { auction: CollateralAuction; onDone: () => void }) {
  const { t, amount, instant } = useI18n();
  const { me } = useSession();
  const caps = capabilitiesOf(me);
  const [maxPrice, setMaxPrice] = useState('');
  const command = useCommand();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const v = parseMajor(maxPrice);
    if (v.ok && (await command.run(`/v1/auctions/${a.positionId}/bids`, { maxPrice: v.minor })).ok) onDone();
  };
  return (
    <Card title={`${t('auctions.round', { round: a.round })} · ${t(`auctions.status.${a.status}` as never)}`} description={`${t('auctions.from')} ${amount(a.startPrice)} ${t('auctions.to')} ${amount(a.floorPrice)} · ${instant(a.startedAt)} → ${instant(a.endsAt)} · ${a.curve}`}>
      <PriceCurve auction={a} />
      {a.winner ? <p>{t('auctions.won', { price: amount(a.price ?? '0') })}</p> : null}
      {a.status === 'live' && !caps.readOnly ? (
        <form onSubmit={submit} className="form form-grid" noValidate>
          <AmountField label={t('auctions.maxPrice')} value={maxPrice} onChange={setMaxPrice} hint={t('auctions.maxPriceHint')} />
          <SubmitButton busy={command.busy}>{t('auctions.bid')}</SubmitButton>
          <CommandProgress state={command} successText={t('auctions.bidDone')} />
        </form>
      ) : null}
      {a.status === 'ended' && (caps.funder || caps.operator) && !caps.readOnly ? (
        <button type="button" onClick={() => void command.run(`/v1/auctions/${a.positionId}/restart`).then((r) => r.ok && onDone())}>{t('auctions.restart')}</button>
      ) : null}
    </Card>
  );
}
