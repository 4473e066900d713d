import type { Consortium } from '../../../api/types.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { useSession } from '../../../session/SessionContext.ts';
import { Card } from '../../../components/Card.tsx';
import { StatusBadge } from '../../../components/StatusBadge.tsx';
import { IdText } from '../../../components/IdText.tsx';
import { InviteForm } from './InviteForm.tsx';

export function ConsortiumCard({ consortium }: { consortium: Consortium }) {
  const { t, instant } = useI18n();
  const { me } = useSession();
  const isCore = consortium.core?.address === me.member.address && me.userRole !== 'viewer';
  return (
    <Card title={consortium.name ?? t('consortia.unnamed')} actions={<StatusBadge status={consortium.status} />}>
      <p className="meta">
        {t('consortia.core')}: <strong>{consortium.core?.name ?? '—'}</strong> · {t('consortia.id')} <IdText value={consortium.id} /> · {t('consortia.memberCount', { n: consortium.memberCount })}
      </p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('consortia.member')}</th>
              <th scope="col">{t('common.status')}</th>
              <th scope="col" className="hide-narrow">{t('consortia.since')}</th>
            </tr>
          </thead>
          <tbody>
            {consortium.members.map((m) => (
              <tr key={m.address}>
                <th scope="row">{m.name ?? <IdText value={m.address} />}</th>
                <td>
                  <StatusBadge status={m.state} />
                </td>
                <td className="hide-narrow">{instant(m.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {isCore ? <InviteForm consortium={consortium} /> : null}
    </Card>
  );
}
