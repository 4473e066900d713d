import type { Claim, Trace } from '../../../api/types.ts';
import { useApi } from '../../../api/useApi.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { shortHex } from '../../../format/ids.ts';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { Card } from '../../../components/Card.tsx';
import { Loading } from '../../../components/Loading.tsx';
import { LoadError } from '../../../components/LoadError.tsx';
import { SplitTree } from '../../../charts/SplitTree/SplitTree.tsx';
import { ClaimStats } from './ClaimStats.tsx';
import { ClaimActions } from './ClaimActions.tsx';
import { ClaimTermsCard } from './ClaimTermsCard.tsx';
import { Provenance } from './Provenance.tsx';
import { useSession } from '../../../session/SessionContext.ts';
import { capabilitiesOf } from '../../../session/roles.ts';

/**
 * One claim: its figures, what the user may do with it, and its split tree; its provenance instead when the
 * tree is not for this user, and as well for a funder pricing a claim offered to it.
 */
export function ClaimDetailPage({ claimId }: { claimId: string }) {
  const { t, day } = useI18n();
  const { me } = useSession();
  const claim = useApi<Claim>(`/v1/claims/${claimId}`);
  const trace = useApi<Trace>(`/v1/claims/${claimId}/trace`);
  if (claim.error) {
    return (
      <>
        <PageHeader title={t('claim.title', { id: shortHex(claimId) })} />
        <LoadError error={claim.error} onRetry={claim.reload} />
      </>
    );
  }
  if (!claim.data) return <Loading />;
  const c = claim.data;
  return (
    <>
      <PageHeader title={t('claim.title', { id: shortHex(c.id) })} description={t('claim.subtitle', { obligor: c.obligor.name ?? t('party.hidden'), date: day(c.dueDate) })} />
      <ClaimStats claim={c} />
      <ClaimActions claim={c} />
      <Card
        title={trace.error?.status === 403 ? t('claim.provenance') : t('tree.title')}
        description={trace.error?.status === 403 ? undefined : t('tree.description')}
        className="tree-card"
      >
        {trace.data ? (
          <SplitTree trace={trace.data} />
        ) : trace.error?.status === 403 ? (
          <>
            <p className="notice notice-info">{t('claim.traceForbidden')}</p>
            <Provenance claim={c} />
          </>
        ) : trace.error ? (
          <LoadError error={trace.error} onRetry={trace.reload} />
        ) : (
          <Loading />
        )}
      </Card>
      {/* A funder pricing a claim it does not hold also gets the facts it prices from (documents, credit line). */}
      {trace.data && capabilitiesOf(me).funder && !c.yourHolding ? (
        <Card title={t('claim.provenance')}>
          <Provenance claim={c} />
        </Card>
      ) : null}
      <ClaimTermsCard claim={c} />
    </>
  );
}
