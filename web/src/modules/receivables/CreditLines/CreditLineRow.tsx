import type { CreditLine } from '../../../api/types.ts';
import { useApi } from '../../../api/useApi.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { sharePercent } from '../../../format/money.ts';
import { GuaranteeStatus } from './GuaranteeStatus.tsx';

export function CreditLineRow({ memberId, name }: { memberId: string; name: string }) {
  const { t, amount } = useI18n();
  const line = useApi<CreditLine>(`/v1/credit-lines/${memberId}`);
  const d = line.data;
  const pct = d ? sharePercent(BigInt(d.used), BigInt(d.limit)) : 0;
  return (
    <tr>
      <th scope="row">
        {name}
        {/* On a narrow screen the guarantee goes under the name, where it is read without scrolling sideways. */}
        {d ? (
          <div className="only-narrow row-note">
            <GuaranteeStatus guarantee={d.guarantee} />
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
      <td className="hide-narrow" data-testid="line-guarantee">{d ? <GuaranteeStatus guarantee={d.guarantee} /> : '…'}</td>
    </tr>
  );
}
