import type { Position } from '../../../api/types.ts';
import { useApi } from '../../../api/useApi.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { useSession } from '../../../session/SessionContext.ts';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { Card } from '../../../components/Card.tsx';
import { Loading } from '../../../components/Loading.tsx';
import { LoadError } from '../../../components/LoadError.tsx';
import { EmptyState } from '../../../components/EmptyState.tsx';
import { FunderBook } from '../../../charts/FunderBook.tsx';
import { BookStats } from './BookStats.tsx';
import { HoldingsTable } from './HoldingsTable.tsx';
import { PurchasesTable } from './PurchasesTable.tsx';

/** A funder's book: what it holds by obligor and due date, and what it bought at which discount. */
export function BookPage() {
  const { t } = useI18n();
  const { me } = useSession();
  const position = useApi<Position>(`/v1/members/${me.member.id}/position`);
  const p = position.data;
  const live = p?.holds.items.filter((h) => BigInt(h.balance) > 0n) ?? [];
  return (
    <>
      <PageHeader title={t('book.title')} description={t('book.description')} />
      {position.error ? (
        <LoadError error={position.error} onRetry={position.reload} />
      ) : !p ? (
        <Loading />
      ) : (
        <>
          <BookStats position={p} />
          <Card title={t('book.chartTitle')} description={t('book.chartDescription')}>
            {live.length === 0 ? <EmptyState>{t('book.empty')}</EmptyState> : <FunderBook items={live} />}
          </Card>
          <Card title={t('book.holdings')}>
            <HoldingsTable items={p.holds.items} />
          </Card>
          <Card title={t('book.purchases')}>
            <PurchasesTable items={p.financed.bought.items} />
          </Card>
        </>
      )}
    </>
  );
}
