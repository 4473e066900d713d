import type { Member } from '../../../api/types.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { roleLabelKey } from '../../../session/roles.ts';
import { StatusBadge } from '../../../components/StatusBadge.tsx';
import { IdText } from '../../../components/IdText.tsx';
import { EmptyState } from '../../../components/EmptyState.tsx';

export function MemberTable({ members, onSelect, selected }: { members: Member[]; onSelect?: (id: string) => void; selected?: string | null }) {
  const { t, day } = useI18n();
  if (members.length === 0) return <EmptyState>{t('members.none')}</EmptyState>;
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">{t('members.directory')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('members.name')}</th>
            <th scope="col">{t('members.roles')}</th>
            <th scope="col">{t('common.status')}</th>
            <th scope="col" className="hide-narrow">{t('members.registrationNumber')}</th>
            <th scope="col" className="hide-narrow">{t('members.address')}</th>
            <th scope="col" className="hide-narrow">{t('members.since')}</th>
            {onSelect ? <th scope="col"><span className="visually-hidden">{t('common.actions')}</span></th> : null}
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
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
