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
import { DownloadButton } from '../../../components/DownloadButton.tsx';
import { ClaimTable } from './ClaimTable.tsx';
import { ClaimFilters, claimQuery, type ClaimListFilters } from './ClaimFilters.tsx';

type Filter = 'all' | 'held' | 'owed' | 'guaranteed';
const PAGE = 50;

/**
 * Claims the enterprise holds, has held, owes or guarantees (every claim, for the operator and the regulator), with
 * their business identifiers; searched, filtered, sorted and paged on the server; exported as CSV with the same
 * filters.
 */
export function ClaimsPage() {
  const { t } = useI18n();
  const { me, members } = useSession();
  const caps = capabilitiesOf(me);
  const [filter, setFilter] = useState<Filter>('all');
  const [filters, setFilters] = useState<ClaimListFilters>({ q: '', status: '', dueFrom: '', dueTo: '', overdue: false, obligor: '', sort: 'newest' });
  const [cursors, setCursors] = useState<string[]>([]);
  const mine =
    filter === 'held' ? `&holder=${me.member.id}` : filter === 'owed' ? `&obligor=${me.member.id}` : filter === 'guaranteed' ? `&guarantor=${me.member.id}` : '';
  // A guarantor gets "I guarantee", and of "I hold" / "I owe" only what its other roles make sense of.
  const choices: Filter[] = caps.guarantor
    ? ['all', ...(caps.holder || caps.funder ? (['held'] as const) : []), ...(caps.core ? (['owed'] as const) : []), 'guaranteed']
    : ['all', 'held', 'owed'];
  const query = `${mine}${claimQuery(filters, filter === 'owed')}`;
  const cursor = cursors.at(-1);
  const claims = useApi<Page<ClaimSummary>>(`/v1/claims?limit=${PAGE}${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
  const everything = caps.operator || caps.regulator;
  const change = (f: ClaimListFilters) => {
    setFilters(f);
    setCursors([]);
  };
  const obligors = members.filter((m) => m.roles.includes('core_enterprise'));
  return (
    <>
      <PageHeader title={t('claims.title')} description={everything ? t('claims.descriptionAll') : caps.guarantor ? t('claims.descriptionGuarantor') : t('claims.description')} />
      <Card
        title={t('claims.list')}
        actions={
          <>
            {everything ? null : (
              <div className="segmented" role="radiogroup" aria-label={t('claims.filter')}>
                {choices.map((f) => (
                  <label key={f} className={filter === f ? 'active' : ''}>
                    <input
                      type="radio"
                      name="claim-filter"
                      value={f}
                      checked={filter === f}
                      onChange={() => {
                        setFilter(f);
                        setCursors([]);
                      }}
                    />
                    {t(`claims.filter.${f}`)}
                  </label>
                ))}
              </div>
            )}
            <DownloadButton path={`/v1/exports/claims.csv?${query.replace(/^&/, '')}`} filename="claims.csv" label={t('export.csv')} />
          </>
        }
      >
        <ClaimFilters value={filters} onChange={change} obligors={filter === 'owed' ? [] : obligors} />
        {claims.error ? <LoadError error={claims.error} onRetry={claims.reload} /> : claims.data ? <ClaimTable claims={claims.data.items} /> : <Loading />}
        {claims.data && (cursors.length > 0 || claims.data.nextCursor) ? (
          <nav className="pager" aria-label={t('pager.label')}>
            <button type="button" className="button secondary small" disabled={cursors.length === 0} onClick={() => setCursors(cursors.slice(0, -1))}>
              {t('pager.previous')}
            </button>
            <span className="hint">{t('pager.page', { n: cursors.length + 1 })}</span>
            <button type="button" className="button secondary small" disabled={!claims.data.nextCursor} onClick={() => setCursors([...cursors, claims.data!.nextCursor!])}>
              {t('pager.next')}
            </button>
          </nav>
        ) : null}
      </Card>
    </>
  );
}
