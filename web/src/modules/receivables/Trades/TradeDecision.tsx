import { useState } from 'react';
import type { Accepted, Trade } from '../../../api/types.ts';
import { useCommand } from '../../../api/useCommand.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { Field } from '../../../components/Field.tsx';
import { CommandProgress } from '../../../components/CommandProgress.tsx';
import { IdText } from '../../../components/IdText.tsx';
import { PartyName } from '../../../components/PartyName.tsx';
import { Link } from '../../../router/Link.tsx';

/** One submitted trade: its terms and documents hash, and Confirm / Reject for its obligor. */
export function TradeDecision({ trade }: { trade: Trade }) {
  const { t, amount, day } = useI18n();
  const command = useCommand<Accepted & { claimId?: string }>();
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const label = trade.invoiceNumber ?? trade.tradeId;
  return (
    <article className="decision" aria-label={t('trades.tradeNamed', { invoice: label })}>
      <div className="decision-main">
        <p className="decision-title">
          <strong>{trade.invoiceNumber ?? <IdText value={trade.tradeId} />}</strong> · <PartyName party={trade.supplier} />
        </p>
        <p className="decision-figures">
          <span className="amount">{trade.amount ? amount(trade.amount) : '—'}</span> · {t('trades.due', { date: trade.dueDate ? day(trade.dueDate) : '—' })}
        </p>
        <p className="hint">
          {t('trades.documentsHash')} <IdText value={trade.documentsHash} head={10} tail={8} />
        </p>
      </div>
      <div className="button-row">
        <button type="button" className="button primary" disabled={command.busy} onClick={() => void command.run(`/v1/trades/${trade.tradeId}/confirm`)} aria-label={t('trades.confirmNamed', { invoice: label })}>
          {t('trades.confirm')}
        </button>
        <button type="button" className="button secondary" disabled={command.busy} onClick={() => setRejecting((r) => !r)} aria-expanded={rejecting}>
          {t('trades.reject')}
        </button>
      </div>
      {rejecting ? (
        <form
          className="form inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            void command.run(`/v1/trades/${trade.tradeId}/reject`, reason.trim() ? { reason: reason.trim() } : {});
          }}
        >
          <Field label={t('trades.rejectReason')}>
            <input value={reason} onChange={(e) => setReason(e.target.value)} />
          </Field>
          <button type="submit" className="button danger" disabled={command.busy}>
            {t('trades.rejectSubmit')}
          </button>
        </form>
      ) : null}
      <CommandProgress state={command} />
      {command.phase === 'confirmed' && command.response?.claimId ? <Link to={`/claims/${command.response.claimId}`}>{t('trades.openClaim')}</Link> : null}
    </article>
  );
}
