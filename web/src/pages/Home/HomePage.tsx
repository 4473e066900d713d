import type { Position } from '../../api/types.ts';
import { useApi } from '../../api/useApi.ts';
import { useI18n } from '../../i18n/I18nContext.ts';
import { useSession } from '../../session/SessionContext.ts';
import { capabilitiesOf } from '../../session/roles.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Card } from '../../components/Card.tsx';
import { Link } from '../../router/Link.tsx';
import { HomeTasks } from './HomeTasks.tsx';
import { OverviewFigures } from './OverviewFigures.tsx';

/** Where to start: the figures of the role (the platform's for the operator and the regulator, else the enterprise's) and its tasks. */
export function HomePage() {
  const { t, amount } = useI18n();
  const { me } = useSession();
  const caps = capabilitiesOf(me);
  const watches = caps.operator || caps.regulator;
  const position = useApi<Position>(watches ? null : `/v1/members/${me.member.id}/position`);
  const p = position.data;
  return (
    <>
      <PageHeader title={t('home.welcome', { name: me.member.name })} description={t('home.description')} />
      {watches ? <OverviewFigures /> : null}
      {p && !watches ? (
        <div className="stats" data-testid="home-stats">
          {caps.core ? (
            <Link to="/payables" className="stat stat-link">
              <span className="stat-label">{t('payables.owed')}</span>
              <span className="stat-value">{amount(p.owes.total)}</span>
              {BigInt(p.owes.overdue) > 0n ? <span className="stat-note overdue-text">{t('home.overdue', { amount: amount(p.owes.overdue) })}</span> : null}
            </Link>
          ) : null}
          {caps.guarantor ? (
            <Link to="/guarantees" className="stat stat-link">
              <span className="stat-label">{t('guarantees.total')}</span>
              <span className="stat-value">{amount(p.guarantees.total)}</span>
              {BigInt(p.guarantees.overdue) > 0n ? <span className="stat-note overdue-text">{t('home.overdue', { amount: amount(p.guarantees.overdue) })}</span> : null}
            </Link>
          ) : null}
          {caps.holder || caps.funder ? (
            <Link to={caps.funder ? '/book' : '/claims'} className="stat stat-link">
              <span className="stat-label">{t('home.held')}</span>
              <span className="stat-value">{amount(p.holds.total)}</span>
              <span className="stat-note">{t('home.claimCount', { n: p.holds.items.filter((h) => BigInt(h.balance) > 0n).length })}</span>
            </Link>
          ) : null}
          {caps.holder ? (
            <div className="stat" data-testid="home-financed">
              <span className="stat-label">{t('home.financed')}</span>
              <span className="stat-value">{amount(p.financed.sold.price)}</span>
              <span className="stat-note">{t('home.financedFace', { face: amount(p.financed.sold.amount), discount: amount(p.financed.sold.discount) })}</span>
            </div>
          ) : null}
          {caps.funder ? (
            <>
              <div className="stat" data-testid="home-discount-earned">
                <span className="stat-label">{t('home.discountEarned')}</span>
                <span className="stat-value">{amount(p.financed.discountEarned)}</span>
                <span className="stat-note">{t('home.discountEarnedNote')}</span>
              </div>
              <div className="stat" data-testid="home-discount-unearned">
                <span className="stat-label">{t('home.discountUnearned')}</span>
                <span className="stat-value">{amount(p.financed.discountUnearned)}</span>
                <span className="stat-note">{t('home.discountUnearnedNote')}</span>
              </div>
            </>
          ) : null}
        </div>
      ) : null}
      <Card title={t('home.tasks')}>
        <HomeTasks caps={caps} />
      </Card>
    </>
  );
}
