import type { Offer, QuoteRequest } from '../../../api/types.ts';
import { useApi } from '../../../api/useApi.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { useSession } from '../../../session/SessionContext.ts';
import { capabilitiesOf } from '../../../session/roles.ts';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { Card } from '../../../components/Card.tsx';
import { Loading } from '../../../components/Loading.tsx';
import { EmptyState } from '../../../components/EmptyState.tsx';
import { OfferForm } from './OfferForm.tsx';
import { OfferTable } from './OfferTable.tsx';
import { QuoteRequestCard } from './QuoteRequestCard.tsx';

/**
 * Funder: post standing offers, answer quote requests (each links to the claim and its provenance), cancel
 * offers. Holder: its quote requests and the offers open to it. Regulator and operator: everything, read-only.
 */
export function MarketPage() {
  const { t } = useI18n();
  const { me } = useSession();
  const caps = capabilitiesOf(me);
  const quotes = useApi<{ items: QuoteRequest[] }>('/v1/quotes');
  const offers = useApi<{ items: Offer[] }>(caps.funder && !caps.regulator ? `/v1/offers?funderMemberId=${me.member.id}&status=all` : '/v1/offers?status=all');
  const asFunder = caps.funder && !caps.readOnly;
  const open = quotes.data?.items.filter((q) => (asFunder ? q.status === 'open' && q.requester.memberId !== me.member.id : true)) ?? [];
  return (
    <>
      <PageHeader title={t('market.title')} description={asFunder ? t('market.descriptionFunder') : t('market.description')} />
      {asFunder ? (
        <Card title={t('market.postOffer')} description={t('market.postOfferHint')}>
          <OfferForm />
        </Card>
      ) : null}
      <Card title={asFunder ? t('market.requests') : t('market.quotes')} description={asFunder ? t('market.requestsHint') : undefined}>
        {!quotes.data ? (
          <Loading />
        ) : open.length === 0 ? (
          <EmptyState>{t('market.noRequests')}</EmptyState>
        ) : (
          <ul className="plain-list" data-testid="quote-requests">
            {open.map((q) => (
              <li key={q.quoteId}>
                <QuoteRequestCard quote={q} canAnswer={asFunder} />
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card title={asFunder ? t('market.myOffers') : t('market.offers')}>{offers.data ? <OfferTable offers={offers.data.items} canCancel={asFunder} /> : <Loading />}</Card>
    </>
  );
}
