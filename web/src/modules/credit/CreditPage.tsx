import type { CreditScores } from '../../../../src/sdk/index.ts';
import { useApi } from '../../api/useApi.ts';
import { useI18n } from '../../i18n/I18nContext.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Card } from '../../components/Card.tsx';
import { Loading } from '../../components/Loading.tsx';
import { LoadError } from '../../components/LoadError.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { CreditBadge } from './CreditBadge.tsx';

/** Every member's credit score from on-chain history, with the facts and the formula's terms behind it. */
export function CreditPage() {
  const { t } = useI18n();
  const scores = useApi<CreditScores>('/v1/credit/scores');
  const items = scores.data?.items;
  return (
    <>
      <PageHeader title={t('credit.title')} description={t('credit.description')} />
      <Card title={t('credit.scores')}>
        {scores.error ? (
          <LoadError error={scores.error} onRetry={scores.reload} />
        ) : !items ? (
          <Loading />
        ) : items.length === 0 ? (
          <EmptyState>{t('credit.empty')}</EmptyState>
        ) : (
          <div className="table-wrap">
            <table data-testid="credit-scores">
              <thead>
                <tr>
                  <th scope="col">{t('credit.member')}</th>
                  <th scope="col">{t('credit.score')}</th>
                  <th scope="col" className="num">{t('credit.onTime')}</th>
                  <th scope="col" className="num">{t('credit.daysOverdue')}</th>
                  <th scope="col" className="num">{t('credit.defaults')}</th>
                  <th scope="col" className="num">{t('credit.liquidations')}</th>
                  <th scope="col" className="num">{t('credit.volume')}</th>
                  <th scope="col">{t('credit.terms')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((s) => (
                  <tr key={s.member.memberId}>
                    <td>{s.member.name}</td>
                    <td>
                      <CreditBadge credit={s} />
                    </td>
                    <td className="num">{`${s.facts.paidOnTime} / ${s.facts.obligations}`}</td>
                    <td className="num">{s.facts.daysOverdue}</td>
                    <td className="num">{s.facts.defaults}</td>
                    <td className="num">{s.facts.liquidations}</td>
                    <td className="num">{s.facts.volume}</td>
                    <td className="muted">
                      {Object.entries(s.components)
                        .filter(([, v]) => v !== 0)
                        .map(([k, v]) => `${t(`credit.term.${k}` as 'credit.term.base')} ${v > 0 && k !== 'base' ? '+' : ''}${v}`)
                        .join(' · ')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p className="hint">{t('credit.formula')}</p>
      </Card>
    </>
  );
}
