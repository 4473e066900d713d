import type { XtBalance, XtBalances } from '../../../api/types.ts';
import { useApi } from '../../../api/useApi.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { useSession } from '../../../session/SessionContext.ts';
import { capabilitiesOf } from '../../../session/roles.ts';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { Card } from '../../../components/Card.tsx';
import { Loading } from '../../../components/Loading.tsx';
import { LoadError } from '../../../components/LoadError.tsx';
import { EmptyState } from '../../../components/EmptyState.tsx';
import { DepositForm } from './DepositForm.tsx';
import { TransferForm } from './TransferForm.tsx';
import { WithdrawForm } from './WithdrawForm.tsx';
import { MovementTable, type XtMovement } from './MovementTable.tsx';

/**
 * XT, the settlement currency: balances, movements; for a bank gateway, deposits against fiat; for a member, transfers
 * to another member and withdrawals to fiat (each confirmed with its amount first).
 */
export function XtPage() {
  const { t, amount } = useI18n();
  const { me } = useSession();
  const caps = capabilitiesOf(me);
  const balances = useApi<XtBalances>('/v1/xt/balances');
  const movements = useApi<{ items: XtMovement[] }>('/v1/xt/movements?limit=50');
  // Members move their own XT; the operator and the regulator only watch.
  const movesOwn = !caps.readOnly && !caps.operator && !caps.regulator;
  const own = useApi<XtBalance>(movesOwn ? `/v1/xt/balances/${me.member.id}` : null);
  const ownBalance = own.data ? BigInt(own.data.balance) : null;
  return (
    <>
      <PageHeader title={t('xt.title')} description={t('xt.description')} />
      {caps.bank && !caps.readOnly ? (
        <Card title={t('xt.deposit')} description={t('xt.depositHint')}>
          <DepositForm />
        </Card>
      ) : null}
      {movesOwn ? (
        <div className="grid-2">
          <Card title={t('xt.transfer')} description={ownBalance !== null ? t('xt.yourBalance', { amount: amount(ownBalance) }) : undefined}>
            <TransferForm balance={ownBalance} />
          </Card>
          <Card title={t('xt.withdraw')} description={t('xt.withdrawHint')}>
            <WithdrawForm balance={ownBalance} />
          </Card>
        </div>
      ) : null}
      <Card title={t('xt.balances')} actions={balances.data ? <span className="hint">{t('xt.supply', { amount: amount(balances.data.totalSupply) })}</span> : null}>
        {balances.error ? (
          <LoadError error={balances.error} onRetry={balances.reload} />
        ) : !balances.data ? (
          <Loading />
        ) : balances.data.items.length === 0 ? (
          <EmptyState>{t('xt.none')}</EmptyState>
        ) : (
          <div className="table-wrap">
            <table data-testid="xt-balances">
              <thead>
                <tr>
                  <th scope="col">{t('xt.holder')}</th>
                  <th scope="col" className="num">{t('xt.balance')}</th>
                </tr>
              </thead>
              <tbody>
                {balances.data.items.map((b) => (
                  <tr key={b.address}>
                    <th scope="row">{b.name ?? b.address}</th>
                    <td className="num">{amount(b.balance)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
      <Card title={t('xt.movements')}>{movements.data ? <MovementTable items={movements.data.items} /> : <Loading />}</Card>
    </>
  );
}
