import type { Claim } from '../../../api/types.ts';
import { useApi } from '../../../api/useApi.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { KeyValues } from '../../../components/KeyValues.tsx';
import { IdText } from '../../../components/IdText.tsx';
import { PartyName } from '../../../components/PartyName.tsx';
import { Link } from '../../../router/Link.tsx';

/** One id of the chain, preceded by its parent's step. */
export function ProvenanceStep({ id }: { id: string }) {
  const { t, amount, day, bps } = useI18n();
  const claim = useApi<Claim>(`/v1/claims/${id}`);
  const c = claim.data;
  if (!c) return <li>…</li>;
  return (
    <>
      {c.parentId ? <ProvenanceStep id={c.parentId} /> : null}
      <li>
        <p>
          <strong>{c.depth === 0 ? t('provenance.issued') : t('provenance.narrowed')}</strong> · <Link to={`/claims/${c.id}`}><IdText value={c.id} /></Link>
        </p>
        <KeyValues
          items={[
            [t('claim.obligor'), <PartyName party={c.obligor} />],
            [t('claim.dueDate'), day(c.dueDate)],
            [t('claim.lateRate'), bps(c.lateRateBps)],
            [t('claim.totalSupply'), amount(c.totalSupply)],
            c.depth === 0 ? [t('claim.documentsHash'), <IdText value={c.documentsHash} head={10} tail={8} />] : null,
            c.depth === 0 && c.trade ? [t('claim.supplier'), <PartyName party={c.trade.supplier} />] : null,
          ]}
        />
      </li>
    </>
  );
}
