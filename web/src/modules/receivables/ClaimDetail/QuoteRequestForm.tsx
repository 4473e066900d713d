import type { Claim, QuoteRequest } from '../../../api/types.ts';
import { useCommand } from '../../../api/useCommand.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { CommandProgress } from '../../../components/CommandProgress.tsx';

/** Ask every funder for a price on the amount; answers arrive as offers only this holder may take. */
export function QuoteRequestForm({ claim, amount: minor }: { claim: Claim; amount: string | null }) {
  const { t, amount } = useI18n();
  const command = useCommand<QuoteRequest & { commands: [] }>();
  return (
    <div className="quote-request">
      <p className="hint">{t('finance.quoteHint')}</p>
      <button type="button" className="button secondary" disabled={!minor || command.busy} onClick={() => void command.run('/v1/quotes', { claimId: claim.id, amount: minor })}>
        {minor ? t('finance.askFor', { amount: amount(minor) }) : t('finance.askQuote')}
      </button>
      <CommandProgress state={command} successText={t('finance.asked')} />
    </div>
  );
}
