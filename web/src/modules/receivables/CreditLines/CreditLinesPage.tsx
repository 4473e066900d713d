import { useState } from 'react';
import type { CreditLine } from '../../../api/types.ts';
import { useApi } from '../../../api/useApi.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { useSession } from '../../../session/SessionContext.ts';
import { capabilitiesOf } from '../../../session/roles.ts';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { Card } from '../../../components/Card.tsx';
import { EmptyState } from '../../../components/EmptyState.tsx';
import { CreditLineForm } from './CreditLineForm.tsx';
import { CreditLineRow } from './CreditLineRow.tsx';
import { GuaranteeForm } from './GuaranteeForm.tsx';

/**
 * Credit lines of the core enterprises: who granted each, and — only to whoever may change it (the operator, or the
 * funder that granted it; any funder while nobody has) — the "change" action and the forms, which list only the
 * lines the user manages. Everyone can read them, with their guarantee.
 */
export function CreditLinesPage() {
  const { t } = useI18n();
  const { me, members } = useSession();
  const caps = capabilitiesOf(me);
  const lines = useApi<{ items: CreditLine[] }>('/v1/credit-lines');
  const [changing, setChanging] = useState<string | null>(null);
  const cores = members.filter((m) => m.roles.includes('core_enterprise'));
  const lineOf = (id: string) => lines.data?.items.find((l) => l.obligor.memberId === id);
  const mayGrant = (caps.operator || caps.funder) && !caps.readOnly;
  // A line nobody granted may be granted by any funder (or the operator); a granted one only by its manager.
  const manageable = cores.filter((c) => {
    const line = lineOf(c.id);
    return line ? line.youManage && !caps.readOnly : mayGrant;
  });
  return (
    <>
      <PageHeader title={t('creditLines.title')} description={t('creditLines.description')} />
      {mayGrant && manageable.length > 0 ? (
        <div className="grid-2" id="credit-line-forms">
          <Card title={t('creditLines.set')}>
            <CreditLineForm cores={manageable} select={changing} />
          </Card>
          <Card title={t('guarantee.title')} description={t('guarantee.description')}>
            <GuaranteeForm cores={manageable} />
          </Card>
        </div>
      ) : null}
      <Card title={t('creditLines.list')}>
        {cores.length === 0 ? (
          <EmptyState>{t('creditLines.noCores')}</EmptyState>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('creditLines.obligor')}</th>
                  <th scope="col" className="num">{t('creditLines.limit')}</th>
                  <th scope="col" className="num hide-narrow">{t('creditLines.used')}</th>
                  <th scope="col" className="num">{t('creditLines.available')}</th>
                  <th scope="col" className="hide-narrow">{t('creditLines.utilisation')}</th>
                  <th scope="col" className="hide-narrow">{t('creditLines.grantedBy')}</th>
                  <th scope="col" className="hide-narrow">{t('creditLines.guarantee')}</th>
                  <th scope="col"><span className="visually-hidden">{t('common.actions')}</span></th>
                </tr>
              </thead>
              <tbody>
                {cores.map((c) => (
                  <CreditLineRow
                    key={c.id}
                    memberId={c.id}
                    name={c.name}
                    onChange={mayGrant && manageable.some((m) => m.id === c.id) ? () => setChanging(c.id) : undefined}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </>
  );
}
