import type { ClaimTrace as TraceView, Party, PartyAt, TraceEdge, TraceNode } from '../../../sdk/index.ts';
import { pct, shortId, xt } from '../../../demo/format.ts';

export interface TraceTreeOptions {
  /** How to name a party (default: its name, else its address). */
  label?: (party: Party | PartyAt | null) => string;
}

/**
 * GET /v1/claims/{id}/trace as an indented tree: the issued claim, then every operation on it in chain order
 * (issue, split-transfers, sales, redemptions); a modification opens the child id's own subtree under it.
 * Each id ends with its current holders. Hop counts (`hop n`) are the tier depth since issuance.
 */
export function formatTraceTree(trace: TraceView, o: TraceTreeOptions = {}): string {
  const name = o.label ?? defaultLabel;
  const nodes = new Map(trace.nodes.map((n) => [n.id, n]));
  const edgesOf = new Map<string, TraceEdge[]>();
  for (const e of trace.edges) edgesOf.set(e.claimId, [...(edgesOf.get(e.claimId) ?? []), e]);
  const shown = new Set<string>();
  const lines: string[] = [];
  const s = trace.settlement;

  lines.push(
    `Trace of claim ${shortId(trace.rootId)} — owed by ${name(trace.obligor)}` +
      (trace.trade ? `, trade ${shortId(trace.trade.tradeId)}${trace.trade.invoiceNumber ? ` (invoice ${trace.trade.invoiceNumber})` : ''}` : ''),
    `settlement: face ${xt(s.face)} XT, paid ${xt(s.paid)}, distributed ${xt(s.distributed)} (${s.status.replace('_', ' ')})`,
  );
  for (const p of trace.payments) lines.push(`payment: ${name(p.payer)} paid ${xt(p.amount)} XT on ${p.at.slice(0, 10)} (total ${xt(p.paidTotal)})`);

  const nodeLine = (n: TraceNode) =>
    `claim ${shortId(n.id)}${n.depth === 0 ? ' (issued)' : ` (modified, depth ${n.depth})`}: supply ${xt(n.totalSupply)}, due ${n.dueDate}, ` +
    `late ${pct(n.lateRateBps)}/yr, at most ${n.maxHops} hop${n.maxHops === 1 ? '' : 's'}, ${n.dayCount}`;

  const edgeLine = (e: TraceEdge): string => {
    const hop = (p: PartyAt | null) => (p && p.hops !== null ? ` [hop ${p.hops}]` : '');
    switch (e.kind) {
      case 'issue':
        return `issued      ${xt(e.amount)} to ${name(e.to)}${hop(e.to)}`;
      case 'transfer':
        return `split       ${xt(e.amount)} ${name(e.from)}${hop(e.from)} → ${name(e.to)}${hop(e.to)}`;
      case 'modify':
        return `modified    ${xt(e.amount)} by ${name(e.from)} into ${shortId(e.childId ?? '')}`;
      case 'sale':
        return (
          `sold        ${xt(e.amount)} ${name(e.from)}${hop(e.from)} → ${name(e.to)}${hop(e.to)} for ${xt(e.price ?? '0')} XT` +
          ` (discount ${xt(e.discount ?? '0')}, ${e.days ?? '?'} days to maturity)`
        );
      case 'redeem':
        return `redeemed    ${xt(e.amount)} by ${name(e.from)}${hop(e.from)}: paid ${xt(e.price ?? '0')} XT`;
      default:
        return `${e.kind.padEnd(11)} ${xt(e.amount)} ${name(e.from)} → ${name(e.to)}`;
    }
  };

  const render = (id: string, prefix: string) => {
    const node = nodes.get(id);
    if (!node) return;
    shown.add(id);
    const items: Array<{ text: string; child?: string }> = (edgesOf.get(id) ?? []).map((e) => ({
      text: `${e.at.slice(0, 10)}  ${edgeLine(e)}`,
      child: e.kind === 'modify' && e.childId && !shown.has(e.childId) ? e.childId : undefined,
    }));
    // Children whose modify edge is not visible (or not indexed) still appear.
    for (const c of node.children) if (!items.some((i) => i.child === c)) items.push({ text: `derived     ${shortId(c)}`, child: c });
    const holders = node.holders.length
      ? `holders now: ${node.holders.map((h) => `${name(h.party)} ${xt(h.balance)}`).join('; ')}`
      : 'holders now: none (every unit redeemed)';
    items.push({ text: holders });
    items.forEach((item, i) => {
      const last = i === items.length - 1;
      lines.push(`${prefix}${last ? '└─ ' : '├─ '}${item.text}`);
      if (item.child && !shown.has(item.child)) {
        const inner = `${prefix}${last ? '   ' : '│  '}`;
        const child = nodes.get(item.child);
        if (child) {
          lines.push(`${inner}└─ ${nodeLine(child)}`);
          render(item.child, `${inner}   `);
        }
      }
    });
  };

  const root = nodes.get(trace.rootId);
  if (root) {
    lines.push(nodeLine(root));
    render(root.id, '');
  }
  return lines.join('\n') + '\n';
}

function defaultLabel(p: Party | PartyAt | null): string {
  if (!p) return '—';
  return p.name ?? p.address ?? (p.pseudonym ? `party ${p.pseudonym}` : 'hidden');
}
