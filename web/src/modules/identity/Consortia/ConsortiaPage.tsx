import type { Consortium } from '../../../api/types.ts';
import { useApi } from '../../../api/useApi.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { useSession } from '../../../session/SessionContext.ts';
import { capabilitiesOf } from '../../../session/roles.ts';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { Card } from '../../../components/Card.tsx';
import { Loading } from '../../../components/Loading.tsx';
import { LoadError } from '../../../components/LoadError.tsx';
import { EmptyState } from '../../../components/EmptyState.tsx';
import { CreateConsortiumForm } from './CreateConsortiumForm.tsx';
import { ConsortiumCard } from './ConsortiumCard.tsx';
import { InvitationList } from './InvitationList.tsx';
import { useSticky } from '../../../components/useSticky.ts';

/** Core enterprise: create its consortium and invite members. Everyone: invitations and the consortia it is in. */
export function ConsortiaPage() {
  const { t } = useI18n();
  const { me } = useSession();
  const caps = capabilitiesOf(me);
  const consortia = useApi<{ items: Consortium[] }>('/v1/consortia');
  const invitations = useApi<{ items: Consortium[] }>(caps.operator || caps.regulator ? null : '/v1/invitations');
  const shownInvitations = useSticky(invitations.data?.items, (c) => c.id);
  return (
    <>
      <PageHeader title={t('consortia.title')} description={caps.core ? t('consortia.descriptionCore') : t('consortia.description')} />
      {shownInvitations.length > 0 ? (
        <Card title={t('consortia.invitations')}>
          <InvitationList invitations={shownInvitations} />
        </Card>
      ) : null}
      {caps.core && !caps.readOnly ? (
        <Card title={t('consortia.create')}>
          <CreateConsortiumForm />
        </Card>
      ) : null}
      <h2 className="section-title">{caps.operator || caps.regulator ? t('consortia.all') : t('consortia.mine')}</h2>
      {consortia.error ? (
        <LoadError error={consortia.error} onRetry={consortia.reload} />
      ) : !consortia.data ? (
        <Loading />
      ) : consortia.data.items.length === 0 ? (
        <EmptyState>{t('consortia.none')}</EmptyState>
      ) : (
        consortia.data.items.map((c) => <ConsortiumCard key={c.id} consortium={c} />)
      )}
    </>
  );
}
