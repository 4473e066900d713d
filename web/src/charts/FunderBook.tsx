import { useId } from 'react';
import type { PositionHolding } from '../api/types.ts';
import { useI18n } from '../i18n/I18nContext.ts';
import { useElementWidth } from '../components/useElementWidth.ts';
import { bookGrid, cellKey } from './bookGrid.ts';

const HEAD = 44;
const ROW = 84;
const COL_MIN = 112;
const COL_MAX = 168;

/**
 * A funder's book: obligors down, due dates across, a disc in each cell whose area follows the amount held
 * (red rim when overdue). Scrolls sideways when the dates do not fit. The table below says the same in text.
 */
export function FunderBook({ items }: { items: PositionHolding[] }) {
  const { t, amount, day } = useI18n();
  const [ref, available] = useElementWidth<HTMLDivElement>();
  const titleId = useId();
  const grid = bookGrid(items);
  const nameWidth = available < 520 ? 110 : 170;
  const col = Math.min(COL_MAX, Math.max(COL_MIN, Math.floor((available - nameWidth - 8) / Math.max(1, grid.dates.length))));
  const width = nameWidth + col * grid.dates.length + 8;
  const height = HEAD + ROW * grid.obligors.length + 8;
  const radiusMax = Math.min(col, ROW) / 2 - 14;
  return (
    <div ref={ref} className="chart book">
      <div className="chart-scroll">
        <svg width={width} height={height} role="img" aria-labelledby={titleId} data-testid="funder-book">
          <title id={titleId}>{t('book.chartTitle')}</title>
          {grid.dates.map((d, j) => (
            <text key={d.date} x={nameWidth + col * j + col / 2} y={18} textAnchor="middle" className={`book-date ${d.overdue ? 'overdue' : ''}`}>
              {day(d.date)}
            </text>
          ))}
          {grid.dates.map((d, j) => (
            <text key={`${d.date}-total`} x={nameWidth + col * j + col / 2} y={34} textAnchor="middle" className="book-total">
              {amount(d.total, { currency: false })}
            </text>
          ))}
          {grid.obligors.map((o, i) => {
            const y = HEAD + i * ROW;
            return (
              <g key={o.key}>
                <line x1={0} x2={width} y1={y} y2={y} className="book-rule" />
                <text x={4} y={y + ROW / 2 - 4} className="book-obligor">
                  {o.name ?? t('party.hidden')}
                </text>
                <text x={4} y={y + ROW / 2 + 12} className="book-total">
                  {amount(o.total)}
                </text>
                {grid.dates.map((d, j) => {
                  const cell = grid.cells.get(cellKey(o.key, d.date));
                  if (!cell) return null;
                  const share = grid.max > 0n ? Number((cell.amount * 1000n) / grid.max) / 1000 : 0;
                  const r = Math.max(5, Math.sqrt(share) * radiusMax);
                  const cx = nameWidth + col * j + col / 2;
                  return (
                    <g key={d.date} className={`book-cell ${cell.overdue ? 'overdue' : ''}`}>
                      <circle cx={cx} cy={y + ROW / 2 - 6} r={r} />
                      <text x={cx} y={y + ROW - 6} textAnchor="middle" className="book-cell-amount">
                        {amount(cell.amount, { currency: false })}
                      </text>
                    </g>
                  );
                })}
              </g>
            );
          })}
        </svg>
      </div>
    </div>
  );
}
