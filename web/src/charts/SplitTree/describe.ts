import type { I18n } from '../../i18n/I18nContext.ts';
import type { Trace } from '../../api/types.ts';
import type { TreeLink, TreeNode } from './layout.ts';
import { partyLabel } from '../../components/PartyName.tsx';

/** The lines a node shows, and the sentence a screen reader hears for it. */
export function nodeText(node: TreeNode, trace: Trace, i18n: Pick<I18n, 't' | 'amount' | 'day'>, self?: string): { title: string; subtitle: string; lines: string[]; label: string } {
  const { t, amount, day } = i18n;
  if (node.kind === 'issuance') {
    const root = trace.nodes.find((n) => n.id === trace.rootId);
    const title = trace.obligor.name ?? t('party.hidden');
    const subtitle = t('tree.issuance');
    const lines = [amount(trace.settlement.face), root ? t('tree.due', { date: day(root.dueDate) }) : ''];
    return { title, subtitle, lines, label: `${subtitle}: ${title}, ${lines.join(', ')}` };
  }
  if (node.kind === 'settlement') {
    const s = trace.settlement;
    const title = t('tree.settlement');
    const subtitle = t(`status.${s.status}` as 'status.paid');
    const lines = [t('tree.paidOf', { paid: amount(s.paid, { currency: false }), face: amount(s.face) }), t('tree.distributed', { amount: amount(s.distributed) })];
    return { title, subtitle, lines, label: `${title}: ${subtitle}, ${lines.join(', ')}` };
  }
  const name = partyLabel(t, node.party);
  const title = self && node.party?.address === self ? t('tree.you', { name }) : name;
  const subtitle =
    node.role === 'funder' ? t('tree.funder') : node.role === 'core' ? t('tree.obligor') : node.hops !== null ? t('tree.tier', { n: node.hops + 1 }) : t('tree.holder');
  const lines = [t('tree.received', { amount: amount(node.received) })];
  if (node.balance > 0n) lines.push(t('tree.holds', { amount: amount(node.balance) }));
  if (node.redeemed > 0n) lines.push(t('tree.redeemed', { amount: amount(node.redeemed) }));
  const claimNode = trace.nodes.find((n) => n.id === node.claimId);
  const childNote = claimNode && claimNode.depth > 0 ? ` (${t('tree.narrowed', { date: day(claimNode.dueDate) })})` : '';
  return { title, subtitle: subtitle + childNote, lines, label: `${title}, ${subtitle}${childNote}: ${lines.join(', ')}` };
}

/** The label of a link in short lines: what happened, the amount, and for a sale what was paid. */
export function linkLines(link: TreeLink, i18n: Pick<I18n, 't' | 'amount'>): string[] {
  const { t, amount } = i18n;
  const a = amount(link.amount, { currency: false });
  switch (link.kind) {
    case 'issue':
    case 'mint':
      return [t('tree.verb.issue'), a];
    case 'transfer':
      return [t('tree.verb.transfer'), a];
    case 'sale':
      return [t('tree.verb.sale'), a, t('tree.link.for', { price: link.price !== null ? amount(link.price, { currency: false }) : '—' })];
    case 'modify':
      return [t('tree.verb.modify'), a];
    case 'redeem':
      return [t('tree.verb.redeem'), link.price !== null ? amount(link.price, { currency: false }) : a];
    case 'payment':
      return [t('tree.verb.payment'), a];
    default:
      return [a];
  }
}
