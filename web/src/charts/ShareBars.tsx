import { useId } from 'react';
import type { Share } from './share.ts';
import { useI18n } from '../i18n/I18nContext.ts';
import { useElementWidth } from '../components/useElementWidth.ts';
import { partyLabel } from '../components/PartyName.tsx';

const ROW = 34;

/**
 * Shares of a whole as bars out of 100 %, with the alert threshold drawn as a dashed line. Each name is written
 * above its bar from the left edge, so a long name (or a Chinese one) is never clipped by the drawing's left side.
 */
export function ShareBars({ shares, threshold, title }: { shares: Share[]; threshold: number; title: string }) {
  const { t, amount } = useI18n();
  const [ref, width] = useElementWidth<HTMLDivElement>();
  const titleId = useId();
  const narrow = width < 520;
  const label = 0;
  const bar = Math.max(80, width - (narrow ? 10 : 210));
  const rowHeight = ROW + 16;
  const height = shares.length * rowHeight + 20;
  const tx = label + (bar * threshold) / 100;
  return (
    <div ref={ref} className="chart shares">
      <svg width={width} height={height} role="img" aria-labelledby={titleId} data-testid="share-bars">
        <title id={titleId}>{`${title}: ${shares.map((s) => `${partyLabel(t, s.party)} ${s.percent}%`).join(', ')}`}</title>
        {shares.map((s, i) => {
          const y = 6 + i * rowHeight;
          const barY = y + 16;
          const hot = s.percent >= threshold;
          return (
            <g key={s.key} className={`share ${hot ? 'hot' : ''}`}>
              <text x={0} y={y + 11} textAnchor="start" className="share-name">
                {partyLabel(t, s.party)}
                {narrow ? ` — ${s.percent}% · ${amount(s.amount)}` : ''}
              </text>
              <rect x={label} y={barY + 3} width={bar} height={ROW - 14} rx={4} className="share-track" />
              <rect x={label} y={barY + 3} width={Math.max(2, (bar * Math.min(100, s.percent)) / 100)} height={ROW - 14} rx={4} className="share-bar" />
              {!narrow ? (
                <text x={label + bar + 8} y={barY + 14} className="share-value">
                  {s.percent}% · {amount(s.amount)}
                </text>
              ) : null}
            </g>
          );
        })}
        <line x1={tx} x2={tx} y1={0} y2={height - 14} className="share-threshold" />
        <text x={tx} y={height - 2} textAnchor="middle" className="share-threshold-label">
          {t('oversight.threshold', { n: threshold })}
        </text>
      </svg>
    </div>
  );
}
