import { useState } from 'react';
import type { Member } from '../../../api/types.ts';
import { directoryView, type MemberSort } from './directory.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { roleLabelKey } from '../../../session/roles.ts';
import { StatusBadge } from '../../../components/StatusBadge.tsx';
import { IdText } from '../../../components/IdText.tsx';
import { EmptyState } from '../../../components/EmptyState.tsx';

/** The member directory: searchable (name, registration number, address, role) and sorted (name, status, newest). */
export function MemberTable({ members, onSelect, selected }: { members: Member[]; onSelect?: (id: string) => void; selected?: string | null }) {
  const { t, day, locale } = useI18n();
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<MemberSort>('name');
  if (members.length === 0) return <EmptyState>{t('members.none')}</EmptyState>;
  const shown = directoryView(members, { query, sort, locale, roleLabel: (r) => t(roleLabelKey(r as Member['roles'][number])) });
  const sortHeader = (key: MemberSort, label: string, className?: string) => (
    <th scope="col" className={className} aria-sort={sort === key ? (key === 'since' ? 'descending' : 'ascending') : undefined}>
      <button type="button" className="sort-button" onClick={() => setSort(key)}>
        {label}
        {sort === key ? <span aria-hidden="true"> {key === 'since' ? '↓' : '↑'}</span> : null}
      </button>
    </th>
  );
  return (
    <div className="table-wrap">
      <div className="table-tools">
        <label className="search-field">
          <span className="visually-hidden">{t('members.search')}</span>
          <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder={t('members.search')} data-testid="member-search" />
        </label>
        <span className="hint" role="status">{t('members.shown', { n: shown.length, total: members.length })}</span>
      </div>
      {shown.length === 0 ? <EmptyState>{t('members.noMatch')}</EmptyState> : null}
      <table hidden={shown.length === 0}>
        <caption className="visually-hidden">{t('members.directory')}</caption>
        <thead>
          <tr>
            {sortHeader('name', t('members.name'))}
            <th scope="col">{t('members.roles')}</th>
            {sortHeader('status', t('common.status'))}
            <th scope="col" className="hide-narrow">{t('members.registrationNumber')}</th>
            <th scope="col" className="hide-narrow">{t('members.address')}</th>
            {sortHeader('since', t('members.since'), 'hide-narrow')}
            {onSelect ? <th scope="col"><span className="visually-hidden">{t('common.actions')}</span></th> : null}
          </tr>
        </thead>
        <tbody>
          {shown.map((m) => (
            <tr key={m.id} className={selected === m.id ? 'selected' : undefined}>
              <th scope="row">{m.name}</th>
              <td>{(m.roles.length ? m.roles : m.requestedRoles).map((r) => t(roleLabelKey(r))).join(', ')}</td>
              <td>
                <StatusBadge status={m.status} />
              </td>
              <td className="hide-narrow">{m.registrationNumber}</td>
              <td className="hide-narrow">
                <IdText value={m.address} />
              </td>
              <td className="hide-narrow">{day(m.createdAt)}</td>
              {onSelect ? (
                <td>
                  <button type="button" className="button secondary small" onClick={() => onSelect(m.id)} aria-label={t('members.manageNamed', { name: m.name })}>
                    {t('members.manage')}
                  </button>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
