import { useI18n } from '../../i18n/I18nContext.ts';
import { useSession } from '../../session/SessionContext.ts';
import { capabilitiesOf } from '../../session/roles.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Card } from '../../components/Card.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { CreditLineForm } from './CreditLineForm.tsx';
import { CreditLineRow } from './CreditLineRow.tsx';

/** Credit lines of the core enterprises: the operator or a funder sets them; everyone can read them. */
export function CreditLinesPage() {
  const { t } = useI18n();
  const { me, members } = useSession();
  const caps = capabilitiesOf(me);
  const cores = members.filter((m) => m.roles.includes('core_enterprise'));
  return (
    <>
      <PageHeader title={t('creditLines.title')} description={t('creditLines.description')} />
      {(caps.operator || caps.funder) && !caps.readOnly ? (
        <Card title={t('creditLines.set')}>
          <CreditLineForm cores={cores} />
        </Card>
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
                  <th scope="col" className="num">{t('creditLines.used')}</th>
                  <th scope="col" className="num">{t('creditLines.available')}</th>
                  <th scope="col" className="hide-narrow">{t('creditLines.utilisation')}</th>
                </tr>
              </thead>
              <tbody>
                {cores.map((c) => (
                  <CreditLineRow key={c.id} memberId={c.id} name={c.name} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </>
  );
}
