import { useState } from 'react';
import type { Member, Page } from '../../../api/types.ts';
import { useApi } from '../../../api/useApi.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { useSession } from '../../../session/SessionContext.ts';
import { capabilitiesOf } from '../../../session/roles.ts';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { Card } from '../../../components/Card.tsx';
import { Loading } from '../../../components/Loading.tsx';
import { LoadError } from '../../../components/LoadError.tsx';
import { RegisterMemberForm } from './RegisterMemberForm.tsx';
import { MemberTable } from './MemberTable.tsx';
import { MemberPanel } from './MemberPanel.tsx';

/** Operator: register and certify enterprises, issue API keys. Regulator and bank gateways: the directory. */
export function MembersPage() {
  const { t } = useI18n();
  const { me } = useSession();
  const caps = capabilitiesOf(me);
  const members = useApi<Page<Member>>('/v1/members?limit=500');
  const [selected, setSelected] = useState<string | null>(null);
  const chosen = members.data?.items.find((m) => m.id === selected) ?? null;
  return (
    <>
      <PageHeader title={t('members.title')} description={caps.operator ? t('members.descriptionOperator') : t('members.description')} />
      <div className={caps.operator ? 'grid-2' : ''}>
        {caps.operator ? (
          <Card title={t('members.register')}>
            <RegisterMemberForm />
          </Card>
        ) : null}
        {caps.operator && chosen ? <MemberPanel member={chosen} onClose={() => setSelected(null)} /> : null}
      </div>
      <Card title={t('members.directory')}>
        {members.error ? <LoadError error={members.error} onRetry={members.reload} /> : members.data ? <MemberTable members={members.data.items} onSelect={caps.operator ? setSelected : undefined} selected={selected} /> : <Loading />}
      </Card>
    </>
  );
}
