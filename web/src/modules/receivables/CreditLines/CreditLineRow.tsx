import type { CreditLine } from '../../../api/types.ts';
import { useApi } from '../../../api/useApi.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { sharePercent } from '../../../format/money.ts';
import { PartyName } from '../../../components/PartyName.tsx';
import { GuaranteeStatus } from './GuaranteeStatus.tsx';

/** One core enterprise's line: figures, who granted it, its guarantee, and "change" for its manager only. */
export function CreditLineRow({ memberId, name, onChange }: { memberId: string; name: string; onChange?: () => void }) {
  const { t, amount } = useI18n();
  const line = useApi<CreditLine>(`/v1/credit-lines/${memberId}`);
  const d = line.data;
  const pct = d ? sharePercent(BigInt(d.used), BigInt(d.limit)) : 0;
  const granted = d ? d.grantedBy ? <PartyName party={d.grantedBy} /> : t('creditLines.notGranted') : '…';
  return (
    <tr>
      <th scope="row">
        {name}
        {/* On a narrow screen the grantor and the guarantee go under the name, where they are read without scrolling sideways. */}
        {d ? (
          <div className="only-narrow row-note">
            {t('creditLines.grantedBy')}: {granted} · <GuaranteeStatus guarantee={d.guarantee} />
          </div>
        ) : null}
      </th>
      <td className="num">{d ? amount(d.limit) : '…'}</td>
      <td className="num hide-narrow">{d ? amount(d.used) : '…'}</td>
      <td className="num">{d ? amount(d.available) : '…'}</td>
      <td className="hide-narrow">
        {d ? (
          <div className="meter" role="meter" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.min(pct, 100)} aria-label={t('creditLines.utilisationOf', { name })}>
            <div className={`meter-fill ${pct >= 90 ? 'hot' : ''}`} style={{ width: `${Math.min(pct, 100)}%` }} />
            <span>{pct}%</span>
          </div>
        ) : null}
      </td>
      <td className="hide-narrow" data-testid="line-granted-by">{granted}</td>
      <td className="hide-narrow" data-testid="line-guarantee">{d ? <GuaranteeStatus guarantee={d.guarantee} /> : '…'}</td>
      <td>
        {onChange ? (
          <a
            href="#credit-line-forms"
            className="button secondary small"
            aria-label={t('creditLines.changeOf', { name })}
            onClick={() => onChange()}
            data-testid="line-change"
          >
            {t('creditLines.change')}
          </a>
        ) : null}
      </td>
    </tr>
  );
}
