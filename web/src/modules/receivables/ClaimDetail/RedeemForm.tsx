import type { Accepted, Claim } from '../../../api/types.ts';
import { useCommand } from '../../../api/useCommand.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { CommandProgress } from '../../../components/CommandProgress.tsx';

/** A holder of a matured claim pulls its share of what the obligor paid. */
export function RedeemForm({ claim }: { claim: Claim }) {
  const { t, amount } = useI18n();
  const command = useCommand<Accepted & { payout: string }>();
  return (
    <div className="form">
      <p className="hint">{t('redeem.intro', { paid: amount(claim.settlement?.paid ?? '0'), face: amount(claim.settlement?.face ?? '0') })}</p>
      <button type="button" className="button primary" disabled={command.busy} onClick={() => void command.run(`/v1/claims/${claim.id}/redemptions`, {})}>
        {t('redeem.submit')}
      </button>
      <CommandProgress state={command} successText={command.response ? t('redeem.done', { amount: amount(command.response.payout) }) : undefined} />
    </div>
  );
}
