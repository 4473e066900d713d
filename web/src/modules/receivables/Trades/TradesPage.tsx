import type { Page, Trade } from '../../../api/types.ts';
import { useApi } from '../../../api/useApi.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { useSession } from '../../../session/SessionContext.ts';
import { capabilitiesOf } from '../../../session/roles.ts';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { Card } from '../../../components/Card.tsx';
import { Loading } from '../../../components/Loading.tsx';
import { LoadError } from '../../../components/LoadError.tsx';
import { SubmitTradeForm } from './SubmitTradeForm.tsx';
import { IssuePayableForm } from './IssuePayableForm.tsx';
import { PendingTrades } from './PendingTrades.tsx';
import { TradeTable } from './TradeTable.tsx';
import { useSticky } from '../../../components/useSticky.ts';

/**
 * Supplier: submit the trade behind a receivable (with its documents hashed). Core enterprise: confirm or reject
 * its suppliers' trades, or issue payables directly. Operator and regulator: every trade.
 */
export function TradesPage() {
  const { t } = useI18n();
  const { me } = useSession();
  const caps = capabilitiesOf(me);
  const trades = useApi<Page<Trade>>('/v1/trades?limit=200');
  // Trades waiting for this core; one just decided stays listed (with its outcome) until the page is left.
  const waiting = useSticky(trades.data?.items.filter((tr) => tr.status === 'submitted' && tr.obligor?.memberId === me.member.id), (tr) => tr.tradeId);
  const pendingForMe = waiting.map((tr) => trades.data?.items.find((x) => x.tradeId === tr.tradeId) ?? tr);
  return (
    <>
      <PageHeader title={t('trades.title')} description={caps.core ? t('trades.descriptionCore') : caps.supplier ? t('trades.descriptionSupplier') : t('trades.description')} />
      {caps.core && !caps.readOnly ? (
        <Card title={t('trades.pending')} description={t('trades.pendingHint')}>
          {trades.data ? <PendingTrades trades={pendingForMe} /> : <Loading />}
        </Card>
      ) : null}
      <div className="grid-2">
        {caps.supplier && !caps.readOnly ? (
          <Card title={t('trades.submit')} description={t('trades.submitHint')}>
            <SubmitTradeForm />
          </Card>
        ) : null}
        {caps.core && !caps.readOnly ? (
          <Card title={t('trades.issuePayable')} description={t('trades.issuePayableHint')}>
            <IssuePayableForm />
          </Card>
        ) : null}
      </div>
      <Card title={t('trades.all')}>{trades.error ? <LoadError error={trades.error} onRetry={trades.reload} /> : trades.data ? <TradeTable trades={trades.data.items} /> : <Loading />}</Card>
    </>
  );
}
