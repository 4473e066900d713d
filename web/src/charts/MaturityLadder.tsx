import { useId } from 'react';
import type { LadderRung } from '../api/types.ts';
import { useI18n } from '../i18n/I18nContext.ts';
import { useElementWidth } from '../components/useElementWidth.ts';

const BAR = 24;
const LABEL = 118;
const AMOUNT_ROOM = 260;

export type LadderTone = 'overdue' | 'soon' | 'later';

/** Overdue, due within 30 days, or later. */
export function toneOf(rung: LadderRung, asOf: string): LadderTone {
  if (rung.overdueDays > 0) return 'overdue';
  const days = (Date.parse(`${rung.dueDate}T00:00:00Z`) - Date.parse(asOf)) / 86_400_000;
  return days <= 30 ? 'soon' : 'later';
}

/**
 * What a core enterprise owes, by due date: one bar per date, as long as what is unpaid, red when overdue,
 * amber within 30 days. On a narrow screen the date and amount go above each bar. The table below the chart
 * says the same in text.
 */
export function MaturityLadder({ ladder, asOf }: { ladder: LadderRung[]; asOf: string }) {
  const { t, amount, day } = useI18n();
  const [ref, width] = useElementWidth<HTMLDivElement>();
  const titleId = useId();
  const max = ladder.reduce((m, r) => (BigInt(r.unpaid) > m ? BigInt(r.unpaid) : m), 0n);
  const narrow = width < 560;
  const label = narrow ? 0 : LABEL;
  const barSpace = Math.max(60, width - label - (narrow ? 4 : AMOUNT_ROOM));
  const rowHeight = narrow ? BAR + 30 : BAR + 18;
  const height = Math.max(1, ladder.length) * rowHeight + 6;
  return (
    <div ref={ref} className="chart ladder">
      <svg width={width} height={height} role="img" aria-labelledby={titleId} data-testid="maturity-ladder">
        <title id={titleId}>{`${t('ladder.title')}: ${ladder.map((r) => `${day(r.dueDate)} ${amount(r.unpaid)}`).join('; ')}`}</title>
        {ladder.map((rung, i) => {
          const tone = toneOf(rung, asOf);
          const w = max > 0n ? Math.max(3, (Number((BigInt(rung.unpaid) * 1000n) / max) / 1000) * barSpace) : 3;
          const y = 4 + i * rowHeight;
          const barY = narrow ? y + 22 : y + 4;
          const overdue = rung.overdueDays > 0 ? t('ladder.overdueDays', { n: rung.overdueDays }) : null;
          return (
            <g key={rung.dueDate} className={`ladder-rung tone-${tone}`}>
              {narrow ? (
                <text x={0} y={y + 14} className="ladder-date">
                  {day(rung.dueDate)} <tspan className="ladder-amount">{amount(rung.unpaid)}</tspan>
                </text>
              ) : (
                <text x={label - 10} y={barY + 17} textAnchor="end" className="ladder-date">
                  {day(rung.dueDate)}
                </text>
              )}
              <rect x={label} y={barY} width={w} height={BAR} rx={4} className="ladder-bar" />
              {narrow ? (
                overdue ? (
                  <text x={w > 130 ? label + 8 : label + w + 6} y={barY + 17} className={w > 130 ? 'ladder-inbar' : 'ladder-amount'}>
                    {overdue}
                  </text>
                ) : null
              ) : (
                <text x={label + w + 8} y={barY + 17} className="ladder-amount">
                  {amount(rung.unpaid)}
                  {overdue ? ` · ${overdue}` : ''}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <ul className="legend">
        <li>
          <span className="swatch tone-overdue" aria-hidden="true" />
          {t('ladder.legend.overdue')}
        </li>
        <li>
          <span className="swatch tone-soon" aria-hidden="true" />
          {t('ladder.legend.soon')}
        </li>
        <li>
          <span className="swatch tone-later" aria-hidden="true" />
          {t('ladder.legend.later')}
        </li>
      </ul>
    </div>
  );
}
