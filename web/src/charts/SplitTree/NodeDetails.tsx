import type { Trace } from '../../api/types.ts';
import { useI18n } from '../../i18n/I18nContext.ts';
import { KeyValues } from '../../components/KeyValues.tsx';
import { IdText } from '../../components/IdText.tsx';
import { PartyName } from '../../components/PartyName.tsx';
import { Link } from '../../router/Link.tsx';
import type { TreeNode } from './layout.ts';
import { MovementList } from './MovementList.tsx';

/** What the selected node is: its party, its claim id's terms, and every movement in or out of it. */
export function NodeDetails({ node, trace }: { node: TreeNode; trace: Trace }) {
  const { t, amount, day, bps } = useI18n();
  const claim = trace.nodes.find((n) => n.id === node.claimId);
  return (
    <section className="node-details" aria-live="polite" aria-label={t('tree.details')}>
      <h3>
        {node.kind === 'settlement' ? t('tree.settlement') : node.kind === 'issuance' ? t('tree.issuance') : <PartyName party={node.party} />}
      </h3>
      <KeyValues
        items={[
          node.claimId ? [t('claim.id'), <Link to={`/claims/${node.claimId}`}><IdText value={node.claimId} /></Link>] : null,
          claim ? [t('claim.dueDate'), day(claim.dueDate)] : null,
          claim ? [t('claim.lateRate'), bps(claim.lateRateBps)] : null,
          claim ? [t('claim.maxHops'), String(claim.maxHops)] : null,
          claim ? [t('claim.totalSupply'), amount(claim.totalSupply)] : null,
          node.kind === 'holding' ? [t('tree.receivedLabel'), amount(node.received)] : null,
          node.kind === 'holding' ? [t('tree.holdsLabel'), amount(node.balance)] : null,
          node.redeemed > 0n ? [t('tree.redeemedLabel'), amount(node.redeemed)] : null,
          node.kind === 'settlement' ? [t('claim.paid'), `${amount(trace.settlement.paid)} / ${amount(trace.settlement.face)}`] : null,
          node.kind === 'settlement' ? [t('claim.distributed'), amount(trace.settlement.distributed)] : null,
          node.kind === 'issuance' && trace.trade ? [t('trades.invoiceNumber'), trace.trade.invoiceNumber ?? '—'] : null,
          node.kind === 'issuance' && trace.trade ? [t('trades.documentsHash'), <IdText value={trace.trade.documentsHash} head={10} tail={8} />] : null,
        ]}
      />
      {node.kind === 'settlement' && trace.payments.length ? (
        <>
          <h4>{t('tree.payments')}</h4>
          <ul className="plain-list">
            {trace.payments.map((p) => (
              <li key={p.txHash}>
                <PartyName party={p.payer} /> · {amount(p.amount)} · <IdText value={p.txHash} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {node.movements.length ? (
        <>
          <h4>{t('tree.movements')}</h4>
          <MovementList edges={node.movements} />
        </>
      ) : null}
    </section>
  );
}
