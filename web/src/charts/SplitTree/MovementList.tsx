import type { TraceEdge } from '../../api/types.ts';
import { useI18n } from '../../i18n/I18nContext.ts';
import type { MessageKey } from '../../i18n/en.ts';
import { IdText } from '../../components/IdText.tsx';
import { PartyName } from '../../components/PartyName.tsx';

/** Movements as a table: the text alternative of the diagram. */
export function MovementList({ edges, caption }: { edges: TraceEdge[]; caption?: string }) {
  const { t, amount, instant } = useI18n();
  return (
    <div className="table-wrap">
      <table className="compact" data-testid="movement-table">
        {caption ? <caption>{caption}</caption> : null}
        <thead>
          <tr>
            <th scope="col">{t('tree.col.when')}</th>
            <th scope="col">{t('tree.col.what')}</th>
            <th scope="col">{t('tree.col.from')}</th>
            <th scope="col">{t('tree.col.to')}</th>
            <th scope="col" className="num">{t('tree.col.amount')}</th>
            <th scope="col" className="num">{t('tree.col.price')}</th>
            <th scope="col" className="hide-narrow">{t('tree.col.claim')}</th>
            <th scope="col" className="hide-narrow">{t('tree.col.tx')}</th>
          </tr>
        </thead>
        <tbody>
          {edges.map((e) => (
            <tr key={`${e.blockNumber}:${e.logIndex}`}>
              <td>{instant(e.at)}</td>
              <th scope="row">{t(`tree.kind.${e.kind}` as MessageKey)}</th>
              <td>{e.kind === 'issue' || e.kind === 'mint' ? '—' : <PartyName party={e.from} />}</td>
              <td>{e.kind === 'redeem' || e.kind === 'burn' ? t('tree.settlement') : <PartyName party={e.to} />}</td>
              <td className="num">{amount(e.amount)}</td>
              <td className="num">{e.price ? amount(e.price) : '—'}</td>
              <td className="hide-narrow">
                <IdText value={e.childId ?? e.claimId} />
              </td>
              <td className="hide-narrow">
                <IdText value={e.txHash} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
