import { useId } from 'react';
import type { Share } from './share.ts';
import { useI18n } from '../i18n/I18nContext.ts';
import { useElementWidth } from '../components/useElementWidth.ts';

const ROW = 34;

/** Shares of a whole as bars out of 100 %, with the alert threshold drawn as a dashed line. */
export function ShareBars({ shares, threshold, title }: { shares: Share[]; threshold: number; title: string }) {
  const { t, amount } = useI18n();
  const [ref, width] = useElementWidth<HTMLDivElement>();
  const titleId = useId();
  const narrow = width < 520;
  const label = narrow ? 0 : 170;
  const bar = Math.max(80, width - label - (narrow ? 10 : 210));
  const rowHeight = narrow ? ROW + 16 : ROW;
  const height = shares.length * rowHeight + 20;
  const tx = label + (bar * threshold) / 100;
  return (
    <div ref={ref} className="chart shares">
      <svg width={width} height={height} role="img" aria-labelledby={titleId} data-testid="share-bars">
        <title id={titleId}>{`${title}: ${shares.map((s) => `${s.party.name ?? t('party.hidden')} ${s.percent}%`).join(', ')}`}</title>
        {shares.map((s, i) => {
          const y = 6 + i * rowHeight;
          const barY = narrow ? y + 16 : y;
          const hot = s.percent >= threshold;
          return (
            <g key={s.key} className={`share ${hot ? 'hot' : ''}`}>
              <text x={narrow ? 0 : label - 10} y={narrow ? y + 11 : y + 17} textAnchor={narrow ? 'start' : 'end'} className="share-name">
                {s.party.name ?? t('party.hidden')}
                {narrow ? ` — ${s.percent}% · ${amount(s.amount)}` : ''}
              </text>
              <rect x={label} y={barY + 3} width={bar} height={ROW - 14} rx={4} className="share-track" />
              <rect x={label} y={barY + 3} width={Math.max(2, (bar * Math.min(100, s.percent)) / 100)} height={ROW - 14} rx={4} className="share-bar" />
              {!narrow ? (
                <text x={label + bar + 8} y={y + 17} className="share-value">
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
