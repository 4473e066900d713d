import type { ClaimSummary } from '../../../api/types.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { StatusBadge } from '../../../components/StatusBadge.tsx';
import { PartyName } from '../../../components/PartyName.tsx';
import { IdText } from '../../../components/IdText.tsx';
import { Link } from '../../../router/Link.tsx';

/**
 * The claims a guarantor guarantees, one row per issued claim (settlement is per issued claim, so narrowed ids
 * of its tree would count it twice): what is unpaid, how many days overdue, the late interest accrued now. Below
 * 760 px it folds to three columns: the claim with its due date, unpaid, and days overdue with the late interest.
 */
export function GuaranteedClaimsTable({ claims }: { claims: ClaimSummary[] }) {
  const { t, amount, day } = useI18n();
  return (
    <div className="table-wrap">
      <table data-testid="guaranteed-claims">
        <thead>
          <tr>
            <th scope="col">{t('claim.id')}</th>
            <th scope="col" className="hide-narrow">{t('claim.obligor')}</th>
            <th scope="col" className="hide-narrow">{t('claim.dueDate')}</th>
            <th scope="col" className="num">{t('payables.unpaid')}</th>
            <th scope="col">{t('claim.maturity')}</th>
            <th scope="col" className="num hide-narrow">{t('payables.lateInterest')}</th>
            <th scope="col" className="hide-narrow">{t('claim.settlement')}</th>
          </tr>
        </thead>
        <tbody>
          {claims.map((c) => {
            const s = c.settlement;
            const overdue = s.overdueDays > 0 && s.status !== 'paid';
            return (
              <tr key={c.id} className={overdue ? 'row-bad' : undefined}>
                <th scope="row">
                  <Link to={`/claims/${c.id}`} aria-label={t('claims.openNamed', { id: c.id.slice(0, 10), obligor: c.obligor.name ?? '' })}>
                    <IdText value={c.id} />
                  </Link>
                  <div className="only-narrow row-note">{t('trades.due', { date: day(c.dueDate) })}</div>
                </th>
                <td className="hide-narrow">
                  <PartyName party={c.obligor} />
                </td>
                <td className="hide-narrow">{day(c.dueDate)}</td>
                <td className="num">{amount(s.outstanding)}</td>
                <td>
                  {s.status === 'paid' ? (
                    t('claim.settled')
                  ) : overdue ? (
                    <span className="overdue-text">{t('claim.overdue', { n: s.overdueDays })}</span>
                  ) : c.maturity.daysToMaturity > 0 ? (
                    t('claim.daysLeft', { n: c.maturity.daysToMaturity })
                  ) : (
                    t('claim.dueToday')
                  )}
                  {/* On a narrow screen the late interest goes under the days, where it is read without scrolling sideways. */}
                  {BigInt(s.lateInterest) > 0n ? <div className="only-narrow row-note overdue-text">{t('claim.lateInterest', { amount: amount(s.lateInterest) })}</div> : null}
                </td>
                <td className={`num hide-narrow ${BigInt(s.lateInterest) > 0n ? 'overdue-text' : ''}`}>{amount(s.lateInterest)}</td>
                <td className="hide-narrow">
                  <StatusBadge status={s.status} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
