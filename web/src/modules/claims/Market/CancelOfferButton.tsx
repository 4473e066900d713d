import type { Offer } from '../../../api/types.ts';
import { useCommand } from '../../../api/useCommand.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { CommandProgress } from '../../../components/CommandProgress.tsx';

export function CancelOfferButton({ offer }: { offer: Offer }) {
  const { t } = useI18n();
  const command = useCommand();
  // Once cancelled the row stays, with the outcome of the cancellation.
  if (offer.status !== 'open' && command.phase === 'idle') return null;
  return (
    <>
      <button type="button" className="button secondary small" disabled={command.busy || offer.status !== 'open'} onClick={() => void command.run(`/v1/offers/${offer.offerId}/cancel`, {})}>
        {t('market.cancel')}
      </button>
      {command.phase !== 'idle' ? <CommandProgress state={command} /> : null}
    </>
  );
}
