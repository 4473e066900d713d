import { useId, useMemo, useState, type KeyboardEvent } from 'react';
import type { Trace } from '../../api/types.ts';
import { useI18n } from '../../i18n/I18nContext.ts';
import { useSession } from '../../session/SessionContext.ts';
import { useElementWidth } from '../../components/useElementWidth.ts';
import { layoutTrace, pathTo, type TreeNode } from './layout.ts';
import { linkLines, nodeText } from './describe.ts';
import { TreeNodeBox } from './TreeNodeBox.tsx';
import { TreeLinkPath } from './TreeLinkPath.tsx';
import { TreeLegend } from './TreeLegend.tsx';
import { NodeDetails } from './NodeDetails.tsx';
import { MovementList } from './MovementList.tsx';

/** Narrower than this, the tree is drawn top to bottom. */
const VERTICAL_BELOW = 640;
/** The tree is shrunk to fit its box down to this scale by default; smaller than that only when asked ("fit"). */
const MIN_SCALE = 0.7;

/**
 * The split tree of a claim: issuance → tiers → funders, and the settlement below collecting the obligor's
 * payment and paying each holder out, with amounts and parties. Each node is a button: click or Enter shows
 * its details; arrow keys walk the tree (→ first child, ← parent, ↑ ↓ the same tier). The movements table
 * below says the same in text.
 */
export function SplitTree({ trace }: { trace: Trace }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { members, me } = useSession();
  const titleId = useId();
  const descId = useId();
  const [ref, available] = useElementWidth<HTMLDivElement>(960);
  // Left to right when it fits the box (shrunk down to MIN_SCALE at most); else top to bottom, which grows in height
  // instead of width (a deep tree at 1280 px, any tree on a phone).
  const layout = useMemo(() => {
    const roles = new Map(members.map((m) => [m.id, m.roles]));
    const rolesOf = (id: string) => roles.get(id);
    if (available >= VERTICAL_BELOW) {
      const horizontal = layoutTrace(trace, { rolesOf, orientation: 'horizontal' });
      if (horizontal.width * MIN_SCALE <= available - 2) return horizontal;
    }
    return layoutTrace(trace, { rolesOf, orientation: 'vertical' });
  }, [trace, members, available]);
  const fitScale = Math.min(1, (available - 2) / layout.width);
  // Shrunk to fit by default when that keeps it readable; a "fit" is always offered when it is wider than the box.
  const [fitChoice, setFit] = useState<boolean | null>(null);
  const fit = fitChoice ?? fitScale >= MIN_SCALE;
  const canFit = fitScale < 1;
  const scale = fit && canFit ? fitScale : 1;

  // Start on the viewer's own holding of this id, else the id's first holding, else the issuance.
  const holdingsOfId = layout.nodes.filter((n) => n.kind === 'holding' && n.claimId === trace.claimId);
  const defaultKey = (holdingsOfId.find((n) => n.party?.address === me.member.address) ?? holdingsOfId[0])?.key ?? 'issuance';
  const [selected, setSelected] = useState<string>(defaultKey);
  const [hovered, setHovered] = useState<string | null>(null);
  const selectedNode = layout.byKey.get(selected) ?? layout.byKey.get('issuance')!;
  const highlighted = pathTo(layout, hovered ?? selectedNode.key);
  const face = BigInt(trace.settlement.face);

  const focusNode = (key: string) => {
    setSelected(key);
    // Every node is already drawn: move the focus now, so quick key presses follow each other.
    document.querySelector<SVGGElement>(`[data-node="${CSS.escape(key)}"]`)?.focus();
  };
  const onKey = (node: TreeNode) => (e: KeyboardEvent<SVGGElement>) => {
    const tier = layout.nodes.filter((n) => n.column === node.column && n.kind !== 'settlement').sort((a, b) => a.row - b.row);
    const at = tier.indexOf(node);
    let target: string | undefined;
    if (e.key === 'Enter' || e.key === ' ') target = node.key;
    else if (e.key === 'ArrowRight') target = node.children[0] ?? (node.kind !== 'settlement' && node.redeemed > 0n ? 'settlement' : undefined);
    else if (e.key === 'ArrowLeft') target = node.parent ?? undefined;
    else if (e.key === 'ArrowDown') target = tier[at + 1]?.key;
    else if (e.key === 'ArrowUp') target = tier[at - 1]?.key;
    if (target) {
      e.preventDefault();
      focusNode(target);
    }
  };

  const holdings = layout.nodes.filter((n) => n.kind === 'holding').length;
  return (
    <div className="split-tree">
      <div className="tree-toolbar">
        <TreeLegend />
        <div className="tree-tools">
          <p className="hint">{t('tree.keyboardHint')}</p>
          {canFit ? (
            <button type="button" className="button secondary small" aria-pressed={!fit} onClick={() => setFit(!fit)}>
              {fit ? t('tree.actualSize') : t('tree.fit')}
            </button>
          ) : null}
        </div>
      </div>
      <div ref={ref} className="tree-scroll">
        <svg
          data-scale={scale.toFixed(3)}
          width={Math.ceil(layout.width * scale)}
          height={Math.ceil(layout.height * scale)}
          viewBox={`0 0 ${layout.width} ${layout.height}`}
          role="group"
          aria-labelledby={titleId}
          aria-describedby={descId}
          data-testid="split-tree"
          data-orientation={layout.orientation}
        >
          <title id={titleId}>{t('tree.title')}</title>
          <desc id={descId}>{t('tree.summary', { holdings, movements: trace.edges.length })}</desc>
          <g>
            {layout.links.map((l) => (
              <TreeLinkPath key={l.key} link={l} lines={linkLines(l, i18n)} face={face} highlighted={highlighted.has(l.to) && highlighted.has(l.from)} />
            ))}
          </g>
          <g onMouseLeave={() => setHovered(null)}>
            {layout.nodes.map((n) => (
              <g key={n.key} onMouseEnter={() => setHovered(n.key)}>
                <TreeNodeBox node={n} text={nodeText(n, trace, i18n, me.member.address)} selected={n.key === selectedNode.key} onPath={highlighted.has(n.key)} onSelect={() => setSelected(n.key)} onKey={onKey(n)} />
              </g>
            ))}
          </g>
        </svg>
      </div>
      <NodeDetails node={selectedNode} trace={trace} />
      <details className="movements">
        <summary>{t('tree.allMovements', { n: trace.edges.length })}</summary>
        <MovementList edges={trace.edges} caption={t('tree.movementsCaption')} />
      </details>
    </div>
  );
}
