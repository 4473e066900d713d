import type { PoolStatementView } from '../../../api/types.ts';
import { useApi } from '../../../api/useApi.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { Loading } from '../../../components/Loading.tsx';
import { LoadError } from '../../../components/LoadError.tsx';
import { EmptyState } from '../../../components/EmptyState.tsx';
import { DownloadButton } from '../../../components/DownloadButton.tsx';

/** What the signed-in investor's position earned in this pool, per epoch and to date, with its CSV. */
export function Statement({ poolId }: { poolId: string }) {
  const { t, amount } = useI18n();
  const s = useApi<PoolStatementView>(`/v1/pools/${poolId}/statement`);
  if (s.error) return <LoadError error={s.error} onRetry={s.reload} />;
  if (!s.data) return <Loading />;
  const d = s.data;
  return (
    <div data-testid="pool-statement">
      <h3>{t('investment.statement')}</h3>
      {d.lines.length === 0 ? (
        <EmptyState>{t('investment.noStatement')}</EmptyState>
      ) : (
        <>
          <p className="hint" data-testid="statement-to-date">
            {t('investment.toDate', { earned: amount(d.toDate.earned), deposited: amount(d.toDate.deposited), paid: amount(d.toDate.redemptionPaid), value: amount(d.toDate.value) })}
          </p>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('investment.epoch')}</th>
                  <th scope="col">{t('investment.tranche')}</th>
                  <th scope="col" className="num">{t('investment.sharesHeld')}</th>
                  <th scope="col" className="num">{t('investment.earned')}</th>
                  <th scope="col" className="num">{t('investment.deposited')}</th>
                  <th scope="col" className="num">{t('investment.returned')}</th>
                  <th scope="col" className="num">{t('investment.sharesRedeemed')}</th>
                  <th scope="col" className="num">{t('investment.redemptionPaid')}</th>
                  <th scope="col" className="num">{t('investment.sharesAfter')}</th>
                  <th scope="col" className="num">{t('investment.valueAfter')}</th>
                </tr>
              </thead>
              <tbody>
                {d.lines.map((l) => (
                  <tr key={`${l.epoch}-${l.tranche}`}>
                    <th scope="row">{l.epoch}</th>
                    <td>{l.tranche}</td>
                    <td className="num">{amount(l.sharesHeld)}</td>
                    <td className="num">{amount(l.earned)}</td>
                    <td className="num">{amount(l.deposited)}</td>
                    <td className="num">{amount(l.depositReturned)}</td>
                    <td className="num">{amount(l.sharesRedeemed)}</td>
                    <td className="num">{amount(l.redemptionPaid)}</td>
                    <td className="num">{amount(l.sharesAfter)}</td>
                    <td className="num">{amount(l.valueAfter)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <DownloadButton path={`/v1/exports/pool-statement.csv?poolId=${poolId}`} filename="pool-statement.csv" label={t('investment.statementCsv')} />
    </div>
  );
}
