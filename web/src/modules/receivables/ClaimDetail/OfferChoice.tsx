import { useErrorText } from '../../../components/ErrorNotice.tsx';
import type { Accepted, Claim, Offer, OfferPrice } from '../../../api/types.ts';
import { useApi } from '../../../api/useApi.ts';
import { useCommand } from '../../../api/useCommand.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { PartyName } from '../../../components/PartyName.tsx';
import { CommandProgress } from '../../../components/CommandProgress.tsx';
import { StatusBadge } from '../../../components/StatusBadge.tsx';
import { ConfirmBox, useConfirmation } from '../../../components/Confirmation.tsx';

/** One funder's offer, priced on-chain for the amount; Accept sells at no less than that price. */
export function OfferChoice({ claim, offer, amount: minor }: { claim: Claim; offer: Offer; amount: string | null }) {
  const { t, amount, bps, instant } = useI18n();
  const errorText = useErrorText();
  const fits = minor !== null && BigInt(minor) <= BigInt(offer.remaining);
  const price = useApi<OfferPrice>(minor && fits ? `/v1/offers/${offer.offerId}/price?claimId=${claim.id}&amount=${minor}` : null);
  const command = useCommand<Accepted & { price: string; discount: string }>();
  const confirmation = useConfirmation();
  const p = price.data;
  const funder = offer.funder.name ?? t('party.hidden');
  return (
    <article className="offer" aria-label={t('finance.offerNamed', { funder, rate: bps(offer.rateBps) })}>
      <div className="offer-main">
        <p className="offer-title">
          <strong>
            <PartyName party={offer.funder} />
          </strong>{' '}
          · {t('finance.rate', { rate: bps(offer.rateBps) })} {offer.onlyHolder ? <span className="tag">{t('finance.forYou')}</span> : null} {offer.status !== 'open' ? <StatusBadge status={offer.status} /> : null}
        </p>
        <p className="hint">
          {t('finance.remaining', { amount: amount(offer.remaining) })} · {t('finance.expires', { at: instant(offer.expiresAt) })}
        </p>
        {!fits && minor && offer.status === 'open' ? <p className="hint">{t('finance.tooLarge')}</p> : null}
        {p ? (
          <p className="offer-price" data-testid="offer-price">
            {t('finance.youGet', { price: amount(p.price), discount: amount(p.discount), days: p.days })}
          </p>
        ) : price.error ? (
          <p className="error-detail">{errorText(price.error)}</p>
        ) : null}
      </div>
      <button
        type="button"
        className="button primary"
        disabled={!p || command.busy || p.expired || offer.status !== 'open' || command.phase === 'confirmed'}
        onClick={() =>
          confirmation.ask(
            t('finance.confirmTitle', { amount: amount(minor!), funder }),
            [t('finance.youGet', { price: amount(p!.price), discount: amount(p!.discount), days: p!.days }), t('finance.confirmFinal')],
            () => void command.run(`/v1/claims/${claim.id}/sales`, { offerId: offer.offerId, amount: minor, minPrice: p!.price }),
          )
        }
        hidden={!!confirmation.pending}
        aria-label={t('finance.acceptNamed', { funder })}
      >
        {t('finance.accept')}
      </button>
      <ConfirmBox confirmation={confirmation} />
      <CommandProgress state={command} successText={command.response ? t('finance.sold', { price: amount(command.response.price) }) : undefined} />
    </article>
  );
}
