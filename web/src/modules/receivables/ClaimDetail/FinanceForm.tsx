import type { Claim, Offer, QuoteRequest } from '../../../api/types.ts';
import { useApi } from '../../../api/useApi.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { minorToInput, parseMajor } from '../../../format/money.ts';
import { AmountField } from '../../../components/AmountField.tsx';
import { Loading } from '../../../components/Loading.tsx';
import { EmptyState } from '../../../components/EmptyState.tsx';
import { useDraft } from '../../../components/useDraft.ts';
import { OfferChoice } from './OfferChoice.tsx';
import { QuoteRequestForm } from './QuoteRequestForm.tsx';
import { QuoteStatus } from './QuoteStatus.tsx';
import { useSticky } from '../../../components/useSticky.ts';

/**
 * Finance part of the holding: the offers funders made on this obligor (standing offers, and answers to this
 * holder's quote requests), each priced for the amount on-chain; accepting one sells atomically (claim for XT).
 * Or ask funders for a quote.
 */
export function FinanceForm({ claim, held }: { claim: Claim; held: bigint }) {
  const { t, amount } = useI18n();
  const [draft, set] = useDraft(`finance-${claim.id}`, { amount: minorToInput(held) });
  const offers = useApi<{ items: Offer[] }>(claim.obligor.memberId ? `/v1/offers?obligorMemberId=${claim.obligor.memberId}` : null);
  const quotes = useApi<{ items: QuoteRequest[] }>('/v1/quotes');
  // Open offers; one used up by a sale here stays listed with the sale's outcome.
  const shown = useSticky(offers.data?.items.filter((o) => o.status === 'open'), (o) => o.offerId).map((o) => offers.data?.items.find((x) => x.offerId === o.offerId) ?? o);
  const parsed = parseMajor(draft.amount);
  const tooMuch = parsed.ok && BigInt(parsed.minor) > held;
  const sellable = parsed.ok && !tooMuch ? parsed.minor : null;
  const mine = quotes.data?.items.filter((q) => q.claimId === claim.id) ?? [];
  return (
    <div className="finance">
      <div className="form">
        <p className="hint">{t('finance.intro', { amount: amount(held) })}</p>
        <AmountField label={t('finance.amount')} value={draft.amount} onChange={(v) => set('amount', v)} error={tooMuch ? t('form.moreThanHeld', { amount: amount(held) }) : null} />
      </div>
      <h3>{t('finance.offers')}</h3>
      {!offers.data ? (
        <Loading />
      ) : shown.length === 0 ? (
        <EmptyState>{t('finance.noOffers')}</EmptyState>
      ) : (
        <ul className="plain-list offers" data-testid="offer-choices">
          {shown.map((o) => (
            <li key={o.offerId}>
              <OfferChoice claim={claim} offer={o} amount={sellable} />
            </li>
          ))}
        </ul>
      )}
      <h3>{t('finance.askQuote')}</h3>
      <QuoteRequestForm claim={claim} amount={sellable} />
      {mine.length ? <QuoteStatus quotes={mine} /> : null}
    </div>
  );
}
