import type { Claim } from '../../../api/types.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { Card } from '../../../components/Card.tsx';
import { KeyValues } from '../../../components/KeyValues.tsx';
import { IdText } from '../../../components/IdText.tsx';
import { PartyName } from '../../../components/PartyName.tsx';
import { Link } from '../../../router/Link.tsx';

/** The terms of the claim id, where it comes from (trade, parent id), and who holds it now. */
export function ClaimTermsCard({ claim }: { claim: Claim }) {
  const { t, amount, day, bps, instant } = useI18n();
  return (
    <div className="grid-2">
      <Card title={t('claim.terms')}>
        <KeyValues
          items={[
            [t('claim.id'), <IdText value={claim.id} head={10} tail={8} />],
            [t('claim.obligor'), <PartyName party={claim.obligor} />],
            claim.settlement?.guarantor ? [t('claim.guarantor'), <span data-testid="claim-guarantor"><PartyName party={claim.settlement.guarantor} /></span>] : null,
            [t('claim.dueDate'), day(claim.dueDate)],
            [t('claim.lateRate'), bps(claim.lateRateBps)],
            [t('claim.maxHops'), String(claim.maxHops)],
            [t('claim.dayCount'), claim.dayCount],
            [t('claim.documentsHash'), <IdText value={claim.documentsHash} head={10} tail={8} />],
            claim.trade ? [t('claim.supplier'), <PartyName party={claim.trade.supplier} />] : null,
            claim.parentId ? [t('claim.parent'), <Link to={`/claims/${claim.parentId}`}><IdText value={claim.parentId} /></Link>] : null,
            claim.rootId !== claim.id ? [t('claim.root'), <Link to={`/claims/${claim.rootId}`}><IdText value={claim.rootId} /></Link>] : null,
            [t('claim.defined'), instant(claim.definedAt)],
          ]}
        />
      </Card>
      <Card title={t('claim.holders')}>
        {claim.holders.length === 0 ? (
          <p className="empty">{t('claim.noHolders')}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('claim.holder')}</th>
                  <th scope="col">{t('claim.hops')}</th>
                  <th scope="col" className="num">{t('claim.balance')}</th>
                </tr>
              </thead>
              <tbody>
                {claim.holders.map((h, i) => (
                  <tr key={h.party.address ?? i}>
                    <th scope="row">
                      <PartyName party={h.party} />
                    </th>
                    <td>{h.hops}</td>
                    <td className="num">{amount(h.balance)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </div>
  );
}
