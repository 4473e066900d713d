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
 * Credit lines of the core enterprises: the operator or a funder sets them, and names a guarantor for them (who
 * must accept); everyone can read them, with their guarantee.
 */
export function CreditLinesPage() {
  const { t } = useI18n();
  const { me, members } = useSession();
  const caps = capabilitiesOf(me);
  const cores = members.filter((m) => m.roles.includes('core_enterprise'));
  const manages = (caps.operator || caps.funder) && !caps.readOnly;
  return (
    <>
      <PageHeader title={t('creditLines.title')} description={t('creditLines.description')} />
      {manages ? (
        <div className="grid-2">
          <Card title={t('creditLines.set')}>
            <CreditLineForm cores={cores} />
          </Card>
          <Card title={t('guarantee.title')} description={t('guarantee.description')}>
            <GuaranteeForm cores={cores} />
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
                  <th scope="col" className="hide-narrow">{t('creditLines.guarantee')}</th>
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
