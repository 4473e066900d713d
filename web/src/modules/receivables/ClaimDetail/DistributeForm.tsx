import type { Accepted, Claim } from '../../../api/types.ts';
import { useCommand } from '../../../api/useCommand.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { CommandProgress } from '../../../components/CommandProgress.tsx';

/** The operator pushes every holder's share of a paid settlement (in bounded batches). */
export function DistributeForm({ claim }: { claim: Claim }) {
  const { t, amount } = useI18n();
  const command = useCommand<Accepted & { holdings: number; total: string; notYetDue: unknown[] }>();
  const r = command.response;
  return (
    <div className="form">
      <p className="hint">{t('distribute.intro', { amount: amount(claim.settlement ? BigInt(claim.settlement.paid) - BigInt(claim.settlement.distributed) : 0n) })}</p>
      <button type="button" className="button primary" disabled={command.busy} onClick={() => void command.run(`/v1/settlements/${claim.rootId}/distribute`, {})}>
        {t('distribute.submit')}
      </button>
      <CommandProgress state={command} successText={r ? t('distribute.done', { n: r.holdings, amount: amount(r.total) }) : undefined} />
      {r && r.notYetDue.length ? <p className="hint">{t('distribute.notYetDue', { n: r.notYetDue.length })}</p> : null}
    </div>
  );
}
