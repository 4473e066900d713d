import type { KeyboardEvent } from 'react';
import type { TreeNode } from './layout.ts';

const clip = (s: string, chars: number) => (s.length > chars ? `${s.slice(0, chars - 1)}…` : s);

/** One node of the split tree: a focusable, clickable box (Enter/Space select it; arrows move between nodes). */
export function TreeNodeBox({ node, text, selected, onPath, onSelect, onKey }: { node: TreeNode; text: { title: string; subtitle: string; lines: string[]; label: string }; selected: boolean; onPath: boolean; onSelect: () => void; onKey: (e: KeyboardEvent<SVGGElement>) => void }) {
  const tone = node.kind === 'settlement' ? 'settlement' : node.kind === 'issuance' ? 'core' : node.role;
  // About 6.6 px per character at the node font sizes; the settlement bar is wide and puts its lines side by side.
  const chars = Math.floor((node.width - 22) / 6.6);
  const wide = node.kind === 'settlement' && node.width >= 520;
  return (
    <g
      className={`tree-node tone-${tone} ${selected ? 'selected' : ''} ${onPath ? 'on-path' : ''}`}
      transform={`translate(${node.x} ${node.y})`}
      role="button"
      tabIndex={0}
      aria-pressed={selected}
      aria-label={text.label}
      data-node={node.key}
      data-testid="tree-node"
      onClick={onSelect}
      onKeyDown={onKey}
    >
      <title>{text.label}</title>
      <rect className="tree-node-box" width={node.width} height={node.height} rx={8} />
      <rect className="tree-node-band" width={6} height={node.height} rx={3} />
      <text x={14} y={20} className="tree-node-title">
        {clip(text.title, Math.floor(chars * 0.9))}
      </text>
      <text x={14} y={36} className="tree-node-subtitle">
        {clip(text.subtitle, chars)}
      </text>
      {wide ? (
        <text x={14} y={58} className="tree-node-line">
          {text.lines.join('  ·  ')}
        </text>
      ) : (
        text.lines.slice(0, 3).map((line, i) => (
          <text key={i} x={14} y={53 + i * 14} className="tree-node-line">
            {clip(line, chars)}
          </text>
        ))
      )}
    </g>
  );
}
