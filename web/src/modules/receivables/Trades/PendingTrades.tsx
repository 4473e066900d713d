import type { Trade } from '../../../api/types.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { EmptyState } from '../../../components/EmptyState.tsx';
import { TradeDecision } from './TradeDecision.tsx';

/** Trades the core enterprise is asked to confirm. */
export function PendingTrades({ trades }: { trades: Trade[] }) {
  const { t } = useI18n();
  if (trades.length === 0) return <EmptyState>{t('trades.nonePending')}</EmptyState>;
  return (
    <ul className="plain-list">
      {trades.map((trade) => (
        <li key={trade.tradeId}>
          <TradeDecision trade={trade} />
        </li>
      ))}
    </ul>
  );
}
