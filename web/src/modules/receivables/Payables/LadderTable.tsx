import type { LadderRung } from '../../../api/types.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { IdText } from '../../../components/IdText.tsx';
import { Link } from '../../../router/Link.tsx';

/** The ladder as a table (its text alternative), with a link to each claim to pay it. */
export function LadderTable({ ladder }: { ladder: LadderRung[] }) {
  const { t, amount, day } = useI18n();
  return (
    <div className="table-wrap">
      <table data-testid="ladder-table">
        <thead>
          <tr>
            <th scope="col">{t('claim.dueDate')}</th>
            <th scope="col" className="num">{t('payables.unpaid')}</th>
            <th scope="col" className="hide-narrow">{t('payables.overdueDays')}</th>
            <th scope="col" className="num hide-narrow">{t('payables.lateInterest')}</th>
            <th scope="col">{t('payables.claims')}</th>
          </tr>
        </thead>
        <tbody>
          {ladder.map((r) => (
            <tr key={r.dueDate} className={r.overdueDays > 0 ? 'row-bad' : undefined}>
              <th scope="row">{day(r.dueDate)}</th>
              <td className="num">{amount(r.unpaid)}</td>
              <td className="hide-narrow">{r.overdueDays > 0 ? t('claim.overdue', { n: r.overdueDays }) : '—'}</td>
              <td className="num hide-narrow">{amount(r.lateInterest)}</td>
              <td>
                {r.claimIds.map((id) => (
                  <Link key={id} to={`/claims/${id}`} className="claim-link" aria-label={t('payables.openClaim', { id: id.slice(0, 10) })}>
                    <IdText value={id} />
                  </Link>
                ))}
                {r.claimIds.length === 0 && (r.claims ?? 0) > 0 ? (
                  // Later rungs only count their claims (the claims list filtered by due date names them).
                  <span className="muted">{t('payables.claimCount', { n: r.claims ?? 0 })}</span>
                ) : (r.claims ?? r.claimIds.length) > r.claimIds.length ? (
                  <span className="muted"> {t('payables.moreClaims', { n: (r.claims ?? 0) - r.claimIds.length })}</span>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
