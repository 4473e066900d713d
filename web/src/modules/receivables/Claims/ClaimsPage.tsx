import { useState } from 'react';
import type { ClaimSummary, Page } from '../../../api/types.ts';
import { useApi } from '../../../api/useApi.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { useSession } from '../../../session/SessionContext.ts';
import { capabilitiesOf } from '../../../session/roles.ts';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { Card } from '../../../components/Card.tsx';
import { Loading } from '../../../components/Loading.tsx';
import { LoadError } from '../../../components/LoadError.tsx';
import { ClaimTable } from './ClaimTable.tsx';

type Filter = 'all' | 'held' | 'owed' | 'guaranteed';

/** Claims the enterprise holds, has held, owes or guarantees (every claim, for the operator and the regulator). */
export function ClaimsPage() {
  const { t } = useI18n();
  const { me } = useSession();
  const caps = capabilitiesOf(me);
  const [filter, setFilter] = useState<Filter>('all');
  const query =
    filter === 'held' ? `&holder=${me.member.id}` : filter === 'owed' ? `&obligor=${me.member.id}` : filter === 'guaranteed' ? `&guarantor=${me.member.id}` : '';
  // A guarantor gets "I guarantee", and of "I hold" / "I owe" only what its other roles make sense of.
  const filters: Filter[] = caps.guarantor
    ? ['all', ...(caps.holder || caps.funder ? (['held'] as const) : []), ...(caps.core ? (['owed'] as const) : []), 'guaranteed']
    : ['all', 'held', 'owed'];
  const claims = useApi<Page<ClaimSummary>>(`/v1/claims?limit=200${query}`);
  const everything = caps.operator || caps.regulator;
  return (
    <>
      <PageHeader title={t('claims.title')} description={everything ? t('claims.descriptionAll') : caps.guarantor ? t('claims.descriptionGuarantor') : t('claims.description')} />
      <Card
        title={t('claims.list')}
        actions={
          everything ? null : (
            <div className="segmented" role="radiogroup" aria-label={t('claims.filter')}>
              {filters.map((f) => (
                <label key={f} className={filter === f ? 'active' : ''}>
                  <input type="radio" name="claim-filter" value={f} checked={filter === f} onChange={() => setFilter(f)} />
                  {t(`claims.filter.${f}`)}
                </label>
              ))}
            </div>
          )
        }
      >
        {claims.error ? <LoadError error={claims.error} onRetry={claims.reload} /> : claims.data ? <ClaimTable claims={claims.data.items} /> : <Loading />}
      </Card>
    </>
  );
}
