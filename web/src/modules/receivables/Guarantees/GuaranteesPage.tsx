import { useRef } from 'react';
import type { ClaimSummary, Page, Position } from '../../../api/types.ts';
import { useApi } from '../../../api/useApi.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { useSession } from '../../../session/SessionContext.ts';
import { capabilitiesOf } from '../../../session/roles.ts';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { Card } from '../../../components/Card.tsx';
import { Loading } from '../../../components/Loading.tsx';
import { LoadError } from '../../../components/LoadError.tsx';
import { EmptyState } from '../../../components/EmptyState.tsx';
import { MaturityLadder } from '../../../charts/MaturityLadder.tsx';
import { useCreditLines } from './useCreditLines.ts';
import { GuaranteeLineRow } from './GuaranteeLineRow.tsx';
import { GuaranteeStats } from './GuaranteeStats.tsx';
import { GuaranteedClaimsTable } from './GuaranteedClaimsTable.tsx';
import { guaranteeLadder } from './guaranteeLadder.ts';

/**
 * A guarantor's page: the credit-line guarantees proposed to it (accept or decline) and those it holds (withdraw),
 * then the claims issued under them: a maturity ladder of what is unpaid, and each claim with its overdue days and
 * the late interest accrued now. It may pay a guaranteed claim from the claim's page, like its obligor.
 */
export function GuaranteesPage() {
  const { t } = useI18n();
  const { me } = useSession();
  const readOnly = capabilitiesOf(me).readOnly;
  const { lines, error: linesError, reload } = useCreditLines();
  const position = useApi<Position>(`/v1/members/${me.member.id}/position`);
  const claims = useApi<Page<ClaimSummary>>(`/v1/claims?limit=200&guarantor=${me.member.id}`);

  // A line once shown stays while the page is open, so the outcome of accepting, declining or withdrawing stays visible.
  const shown = useRef(new Set<string>());
  const mine = (lines ?? []).filter((l) => {
    const id = l.obligor.memberId ?? '';
    if (l.guarantee?.guarantor.memberId === me.member.id) shown.current.add(id);
    return shown.current.has(id);
  });
  // Proposals first: they wait for an answer.
  const rank = (s: string | undefined) => (s === 'proposed' ? 0 : s === 'active' ? 1 : 2);
  mine.sort((a, b) => rank(a.guarantee?.status) - rank(b.guarantee?.status));
  const activeLines = lines ? lines.filter((l) => l.guarantee?.guarantor.memberId === me.member.id && l.guarantee.status === 'active').length : undefined;
  const issued = claims.data?.items.filter((c) => c.id === c.rootId);
  const p = position.data;
  const ladder = p ? guaranteeLadder(p.guarantees.items) : [];

  return (
    <>
      <PageHeader title={t('guarantees.title')} description={t('guarantees.description')} />
      {position.error ? <LoadError error={position.error} onRetry={position.reload} /> : p ? <GuaranteeStats position={p} activeLines={activeLines} /> : <Loading />}
      <Card title={t('guarantees.lines')} description={t('guarantees.linesDescription')}>
        {linesError ? (
          <LoadError error={linesError} onRetry={reload} />
        ) : !lines ? (
          <Loading />
        ) : mine.length === 0 ? (
          <EmptyState>{t('guarantees.noLines')}</EmptyState>
        ) : (
          <ul className="plain-list">
            {mine.map((l) => (
              <li key={l.obligor.memberId}>
                <GuaranteeLineRow line={l} meId={me.member.id} readOnly={readOnly} />
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card title={t('guarantees.ladder')} description={t('guarantees.ladderDescription')}>
        {!p ? <Loading /> : ladder.length === 0 ? <EmptyState>{t('guarantees.nothingOwed')}</EmptyState> : <MaturityLadder ladder={ladder} asOf={p.asOf} />}
      </Card>
      <Card title={t('guarantees.claims')}>
        {claims.error ? (
          <LoadError error={claims.error} onRetry={claims.reload} />
        ) : !issued ? (
          <Loading />
        ) : issued.length === 0 ? (
          <EmptyState>{t('guarantees.noClaims')}</EmptyState>
        ) : (
          <GuaranteedClaimsTable claims={issued} />
        )}
      </Card>
    </>
  );
}
