import type { TreeLink } from './layout.ts';

/** A link between two nodes: its path (width following the amount) and its label, one or two lines. */
export function TreeLinkPath({ link, lines, face, highlighted }: { link: TreeLink; lines: string[]; face: bigint; highlighted: boolean }) {
  const share = face > 0n ? Number((link.amount * 1000n) / face) / 1000 : 0;
  const width = link.primary ? 1.5 + Math.min(share, 1) * 7 : 1.75;
  const { x, y, anchor, valign } = link.label;
  const LINE = 13;
  // y of the first line's baseline.
  const top = valign === 'above' ? y - (lines.length - 1) * LINE : valign === 'middle' ? y - ((lines.length - 1) * LINE) / 2 + 4 : y + 10;
  return (
    <g className={`tree-link kind-${link.kind} ${link.primary ? 'primary' : 'secondary'} ${highlighted ? 'highlighted' : ''}`} aria-hidden="true">
      <path d={link.path} strokeWidth={width} />
      <text x={x} y={top} textAnchor={anchor} className="tree-link-label">
        {lines.map((line, i) => (
          <tspan key={i} x={x} dy={i === 0 ? 0 : LINE}>
            {line}
          </tspan>
        ))}
      </text>
    </g>
  );
}
