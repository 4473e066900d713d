import type { ClaimSummary } from '../../../api/types.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { StatusBadge } from '../../../components/StatusBadge.tsx';
import { PartyName } from '../../../components/PartyName.tsx';
import { IdText } from '../../../components/IdText.tsx';
import { EmptyState } from '../../../components/EmptyState.tsx';
import { Link } from '../../../router/Link.tsx';
import { MaturityText } from './MaturityText.tsx';

/** Claims with their business identifiers (invoice, supplier, original amount, issue and due dates). */
export function ClaimTable({ claims }: { claims: ClaimSummary[] }) {
  const { t, amount, day } = useI18n();
  if (claims.length === 0) return <EmptyState>{t('claims.none')}</EmptyState>;
  return (
    <div className="table-wrap">
      <table data-testid="claim-table">
        <thead>
          <tr>
            <th scope="col">{t('claim.id')}</th>
            <th scope="col">{t('claim.obligor')}</th>
            <th scope="col" className="hide-narrow">{t('claims.issuedOn')}</th>
            <th scope="col">{t('claim.dueDate')}</th>
            <th scope="col" className="num hide-narrow">{t('claims.originalAmount')}</th>
            <th scope="col" className="num">{t('claim.totalSupply')}</th>
            <th scope="col" className="num">{t('claim.yourHolding')}</th>
            <th scope="col" className="hide-narrow">{t('claim.settlement')}</th>
            <th scope="col" className="hide-narrow">{t('claim.maturity')}</th>
          </tr>
        </thead>
        <tbody>
          {claims.map((c) => (
            <tr key={c.id}>
              <th scope="row">
                <Link to={`/claims/${c.id}`} aria-label={t('claims.openNamed', { id: c.id.slice(0, 10), obligor: c.obligor.name ?? '' })}>
                  <IdText value={c.id} />
                </Link>
                {c.depth > 0 ? <span className="tag">{t('claim.narrowedTag')}</span> : null}
                {/* What a clerk knows the claim by: the supplier's invoice, and who supplied it. */}
                <div className="row-note" data-testid="claim-business">
                  {c.business.invoiceNumber ? <span className="invoice">{t('claims.invoice', { number: c.business.invoiceNumber })}</span> : null}
                  {c.business.supplier ? (
                    <span>
                      {' '}
                      {t('claims.supplier')} <PartyName party={c.business.supplier} />
                    </span>
                  ) : null}
                </div>
              </th>
              <td>
                <PartyName party={c.obligor} />
              </td>
              <td className="hide-narrow">{c.business.issuedOn ? day(c.business.issuedOn) : '—'}</td>
              <td>{day(c.dueDate)}</td>
              <td className="num hide-narrow">{amount(c.business.originalAmount)}</td>
              <td className="num">{amount(c.totalSupply)}</td>
              <td className="num">{c.holding && BigInt(c.holding.balance) > 0n ? amount(c.holding.balance) : '—'}</td>
              <td className="hide-narrow">
                <StatusBadge status={c.settlement.status} />
              </td>
              <td className="hide-narrow">
                <MaturityText maturity={c.maturity} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
