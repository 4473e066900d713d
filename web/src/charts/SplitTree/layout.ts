/**
 * Lays out a claim's trace (GET /v1/claims/{id}/trace) as a left-to-right tree of value:
 *
 *   issuance ─▶ tier-1 holding ─▶ tier-2 holding ─▶ funder holding ─┐
 *                         └──▶ narrowed child id (modify)            ├─▶ settlement
 *                                                                    ┘
 * A node is a holding: one party on one claim id (or the issuance, or the settlement). A link is one or more
 * movements between two nodes (issue, split-transfer, modify, sale, redeem), with their amounts summed. The
 * first link into a holding makes it a child in the tree; redemptions all go to the one settlement node at the
 * right. Pure: no DOM, so it is unit-tested in Node.
 */
import type { EdgeKind, PartyAt, Trace, TraceEdge } from '../../api/types.ts';

export type NodeRole = 'core' | 'supplier' | 'funder' | 'hidden';

export interface TreeNode {
  key: string;
  kind: 'issuance' | 'holding' | 'settlement';
  claimId: string | null;
  party: PartyAt | null;
  role: NodeRole;
  hops: number | null;
  /** Units that came into this holding (Σ of its incoming links). */
  received: bigint;
  /** Units it holds now (from the trace's holders). */
  balance: bigint;
  /** XT it received from the settlement. */
  redeemed: bigint;
  /** Depth in the tree (0 = issuance) and position among the leaves. */
  column: number;
  row: number;
  x: number;
  y: number;
  width: number;
  height: number;
  parent: string | null;
  children: string[];
  movements: TraceEdge[];
}

export interface TreeLink {
  key: string;
  from: string;
  to: string;
  kind: EdgeKind | 'payment';
  amount: bigint;
  /** Sale: XT paid; redeem: XT paid out. */
  price: bigint | null;
  /** Tree link (first into its target) or a link to or from the settlement. */
  primary: boolean;
  edges: TraceEdge[];
  /** SVG path, and where its label goes. */
  path: string;
  /** `above`: the label's last line sits at y; `middle`: the label is centred on y. */
  label: { x: number; y: number; anchor: 'start' | 'middle' | 'end'; valign: 'above' | 'middle' | 'below' };
}

export type Orientation = 'horizontal' | 'vertical';

export interface TreeLayout {
  nodes: TreeNode[];
  links: TreeLink[];
  width: number;
  height: number;
  orientation: Orientation;
  byKey: Map<string, TreeNode>;
}

export const GEOMETRY = { nodeWidth: 188, nodeHeight: 84, columnGap: 112, rowGap: 48, levelGap: 68, padding: 16, lane: 8, settlementGap: 72 };

export interface LayoutOptions {
  /** Roles of members by id, to tell funders from suppliers. */
  rolesOf?: (memberId: string) => readonly string[] | undefined;
  /** Left to right (default), or top to bottom for narrow screens. */
  orientation?: Orientation;
}

export function layoutTrace(trace: Trace, options: LayoutOptions = {}): TreeLayout {
  const nodes = new Map<string, TreeNode>();
  const links = new Map<string, TreeLink>();
  const hiddenByClaim = new Map<string, Array<{ key: string; hops: number | null }>>();
  const obligorAddress = trace.obligor.address;
  const balances = new Map<string, bigint>();
  // A party is told apart by its address, or — hidden from this user — by its stable pseudonym (docs/adr/017).
  const partyKey = (party: { address: string | null; pseudonym?: string }) => party.address ?? (party.pseudonym ? `pseudonym:${party.pseudonym}` : null);
  for (const n of trace.nodes) {
    for (const h of n.holders) {
      const k = partyKey(h.party);
      if (k) balances.set(`${n.id}|${k}`, BigInt(h.balance));
    }
  }

  const make = (key: string, p: Partial<TreeNode> & Pick<TreeNode, 'kind'>): TreeNode => {
    let node = nodes.get(key);
    if (!node) {
      node = { key, claimId: null, party: null, role: 'supplier', hops: null, received: 0n, balance: 0n, redeemed: 0n, column: 0, row: 0, x: 0, y: 0, width: 0, height: 0, parent: null, children: [], movements: [], ...p };
      nodes.set(key, node);
    }
    return node;
  };

  const issuance = make('issuance', { kind: 'issuance', claimId: trace.rootId, party: { ...trace.obligor, hops: null }, role: 'core' });
  const settlement = make('settlement', { kind: 'settlement', claimId: trace.rootId, party: { ...trace.obligor, hops: null }, role: 'core' });

  const roleFor = (party: PartyAt, viaSale: boolean): NodeRole => {
    if (!party.address) return 'hidden';
    if (party.address === obligorAddress) return 'core';
    if (viaSale) return 'funder';
    const roles = party.memberId ? options.rolesOf?.(party.memberId) : undefined;
    if (roles && roles.includes('funder') && !roles.includes('supplier') && !roles.includes('distributor')) return 'funder';
    return 'supplier';
  };

  const holding = (claimId: string, party: PartyAt, side: 'from' | 'to', source: string, viaSale: boolean): TreeNode => {
    const known = partyKey(party);
    if (known) {
      const key = `${claimId}|${known}`;
      const node = make(key, { kind: 'holding', claimId, party, role: roleFor(party, viaSale), hops: party.hops, balance: balances.get(key) ?? 0n });
      if (viaSale && node.role === 'supplier') node.role = 'funder';
      if (party.hops !== null && (node.hops === null || party.hops > node.hops)) node.hops = party.hops;
      return node;
    }
    // A hidden party without a pseudonym (an older platform) cannot be told apart from another: what one source
    // passed on at the same hop count is taken as one holding, and a hidden sender is the latest hidden holding of
    // that claim and hop count.
    const list = hiddenByClaim.get(claimId) ?? [];
    hiddenByClaim.set(claimId, list);
    if (side === 'from') {
      const known = [...list].reverse().find((h) => h.hops === party.hops) ?? list[list.length - 1];
      if (known) return nodes.get(known.key)!;
    }
    const key = `${claimId}|hidden|${party.hops}|${source}`;
    if (nodes.has(key)) return nodes.get(key)!;
    list.push({ key, hops: party.hops });
    // Its balance: the hidden holder of this id with the same hop count, when there is exactly one.
    const hiddenHolders = trace.nodes.find((n) => n.id === claimId)?.holders.filter((h) => !h.party.address && h.hops === party.hops) ?? [];
    const balance = hiddenHolders.length === 1 ? BigInt(hiddenHolders[0]!.balance) : 0n;
    return make(key, { kind: 'holding', claimId, party, role: 'hidden', hops: party.hops, balance });
  };

  const link = (from: TreeNode, to: TreeNode, e: TraceEdge) => {
    const key = `${from.key}->${to.key}:${e.kind}`;
    let l = links.get(key);
    if (!l) {
      l = { key, from: from.key, to: to.key, kind: e.kind, amount: 0n, price: null, primary: false, edges: [], path: '', label: { x: 0, y: 0, anchor: 'middle', valign: 'above' } };
      links.set(key, l);
    }
    l.amount += BigInt(e.amount);
    if (e.price !== null) l.price = (l.price ?? 0n) + BigInt(e.price);
    l.edges.push(e);
    from.movements.push(e);
    if (to !== from) to.movements.push(e);
    if (to.kind === 'holding') to.received += BigInt(e.amount);
  };

  trace.edges.forEach((e) => {
    switch (e.kind) {
      case 'issue':
      case 'mint':
        if (e.to) link(issuance, holding(e.claimId, e.to, 'to', issuance.key, false), e);
        break;
      case 'transfer':
      case 'sale':
        if (e.from && e.to) {
          const from = holding(e.claimId, e.from, 'from', '', false);
          link(from, holding(e.claimId, e.to, 'to', from.key, e.kind === 'sale'), e);
        }
        break;
      case 'modify':
        if (e.from && e.childId) {
          const from = holding(e.claimId, e.from, 'from', '', false);
          link(from, holding(e.childId, e.to ?? e.from, 'to', from.key, false), e);
        }
        break;
      case 'redeem':
      case 'burn':
        if (e.from) {
          const source = holding(e.claimId, e.from, 'from', '', false);
          link(source, settlement, e);
          if (e.kind === 'redeem' && e.price) source.redeemed += BigInt(e.price);
        }
        break;
    }
  });

  // The tree: the first link into each holding (in chain order) makes its parent.
  for (const l of links.values()) {
    const target = nodes.get(l.to)!;
    if (target.kind !== 'holding' || target.parent !== null || l.from === l.to) continue;
    if (createsCycle(nodes, l.from, l.to)) continue;
    target.parent = l.from;
    nodes.get(l.from)!.children.push(l.to);
    l.primary = true;
  }
  // Holdings no link reaches from the issuance (e.g. hidden history) hang off the issuance.
  for (const n of nodes.values()) {
    if (n.kind === 'holding' && n.parent === null) {
      n.parent = issuance.key;
      issuance.children.push(n.key);
    }
  }

  // The obligor's payments into the settlement.
  const paid = trace.payments.reduce((sum, p) => sum + BigInt(p.amount), 0n);
  if (paid > 0n) {
    links.set('payment', { key: 'payment', from: issuance.key, to: settlement.key, kind: 'payment', amount: paid, price: null, primary: false, edges: [], path: '', label: { x: 0, y: 0, anchor: 'middle', valign: 'above' } });
  }

  // Depth (column) and leaf order (row); a parent sits in the middle of its children.
  let nextRow = 0;
  let maxColumn = 0;
  const place = (node: TreeNode, column: number): void => {
    node.column = column;
    maxColumn = Math.max(maxColumn, column);
    if (node.children.length === 0) {
      node.row = nextRow++;
      return;
    }
    for (const c of node.children) place(nodes.get(c)!, column + 1);
    const first = nodes.get(node.children[0]!)!;
    const last = nodes.get(node.children[node.children.length - 1]!)!;
    node.row = (first.row + last.row) / 2;
  };
  place(issuance, 0);
  const rows = Math.max(nextRow, 1);
  const tree = [...nodes.values()].filter((n) => n !== settlement);
  const toSettlement = [...links.values()].filter((l) => l.to === settlement.key);
  const orientation = options.orientation ?? 'horizontal';
  const { nodeWidth: w, nodeHeight: h, columnGap, rowGap, levelGap, padding, lane, settlementGap } = GEOMETRY;
  // Room on the right of each column for the lanes that carry payments down to the settlement.
  const laneOf = (n: TreeNode) => (orientation === 'horizontal' ? n.column : n.row);
  const lanesByColumn = new Map<number, number>();
  for (const l of toSettlement) {
    const n = nodes.get(l.from)!;
    lanesByColumn.set(laneOf(n), (lanesByColumn.get(laneOf(n)) ?? 0) + 1);
  }
  const laneRoom = orientation === 'vertical' ? Math.max(0, ...lanesByColumn.values()) * lane + 96 : 0;

  for (const n of tree) {
    n.width = w;
    n.height = h;
    if (orientation === 'horizontal') {
      n.x = padding + n.column * (w + columnGap);
      n.y = padding + n.row * (h + rowGap);
    } else {
      n.x = padding + n.row * (w + laneRoom);
      n.y = padding + n.column * (h + levelGap);
    }
  }
  const treeRight = Math.max(...tree.map((n) => n.x + n.width)) + (orientation === 'vertical' ? laneRoom - 8 : 0);
  const treeBottom = Math.max(...tree.map((n) => n.y + n.height));
  settlement.column = maxColumn + 1;
  settlement.row = rows;
  settlement.x = padding;
  settlement.y = treeBottom + settlementGap;
  settlement.width = Math.max(w, treeRight - padding);
  settlement.height = h;

  // Tree links: edge to edge, a smooth curve; the label in the gap.
  for (const l of links.values()) {
    const a = nodes.get(l.from)!;
    const b = nodes.get(l.to)!;
    if (b === settlement) continue;
    if (orientation === 'horizontal') {
      const [x1, y1, x2, y2] = [a.x + a.width, a.y + h / 2, b.x, b.y + h / 2];
      const dx = Math.max(30, (x2 - x1) / 2);
      l.path = `M ${x1} ${y1} C ${x1 + dx} ${y1}, ${x2 - dx} ${y2}, ${x2} ${y2}`;
      l.label = { x: (x1 + x2) / 2, y: (y1 + y2) / 2 - 8, anchor: 'middle', valign: 'above' };
    } else {
      const [x1, y1, x2, y2] = [a.x + w / 2, a.y + h, b.x + w / 2, b.y];
      const dy = Math.max(20, (y2 - y1) / 2);
      l.path = `M ${x1} ${y1} C ${x1} ${y1 + dy}, ${x2} ${y2 - dy}, ${x2} ${y2}`;
      l.label = { x: (x1 + x2) / 2 + 10, y: (y1 + y2) / 2, anchor: 'start', valign: 'middle' };
    }
  }

  // Links to the settlement: straight down when nothing is below the node, else down a lane beside its column.
  const used = new Map<number, number>();
  for (const l of toSettlement) {
    const a = nodes.get(l.from)!;
    const below = tree.some((n) => n !== a && (orientation === 'horizontal' ? n.column === a.column && n.row > a.row : n.row === a.row && n.column > a.column));
    const top = settlement.y;
    if (!below) {
      const x = a.x + w / 4;
      l.path = `M ${x} ${a.y + h} V ${top}`;
      l.label = { x: x + 6, y: a.y + h + 8, anchor: 'start', valign: 'below' };
    } else {
      const k = used.get(laneOf(a)) ?? 0;
      used.set(laneOf(a), k + 1);
      if (orientation === 'horizontal') {
        const laneX = a.x + w + 10 + k * lane;
        l.path = `M ${a.x + w / 4} ${a.y + h} V ${a.y + h + 8} H ${laneX} V ${top}`;
        l.label = { x: a.x + w / 4 + 6, y: a.y + h + 12, anchor: 'start', valign: 'below' };
      } else {
        const laneX = a.x + w + 10 + k * lane;
        const y = a.y + h / 2 + 10;
        l.path = `M ${a.x + w} ${y} H ${laneX} V ${top}`;
        l.label = { x: a.x + w + 14 + (lanesByColumn.get(laneOf(a)) ?? 1) * lane, y: y - 10, anchor: 'start', valign: 'middle' };
      }
    }
  }

  return {
    nodes: [...nodes.values()],
    links: [...links.values()],
    width: Math.max(settlement.x + settlement.width, treeRight) + padding,
    height: settlement.y + settlement.height + padding,
    orientation,
    byKey: nodes,
  };
}

function createsCycle(nodes: Map<string, TreeNode>, from: string, to: string): boolean {
  let at: string | null = from;
  while (at) {
    if (at === to) return true;
    at = nodes.get(at)?.parent ?? null;
  }
  return false;
}

/** The keys from the issuance down to `key` (highlighted when a node is focused). */
export function pathTo(layout: TreeLayout, key: string): Set<string> {
  const out = new Set<string>();
  let at: string | null = key;
  while (at) {
    out.add(at);
    at = layout.byKey.get(at)?.parent ?? null;
  }
  return out;
}
