import type { CollateralAuction, CollateralPositionDetail } from '../../../../src/modules/collateral/client.ts';
import { useI18n } from '../../i18n/I18nContext.ts';

const W = 480;
const H = 140;
const PAD = 28;

/** The auction's descending price: the curve sampled by the API (every step of a stepwise curve), start to end. */
export function PriceCurve({ auction }: { auction: CollateralAuction }) {
  const { t, amount } = useI18n();
  const pts = auction.curvePoints;
  if (pts.length < 2) return null;
  const t0 = Date.parse(pts[0]!.at);
  const t1 = Date.parse(auction.endsAt);
  const max = Number(BigInt(auction.startPrice));
  const x = (at: string) => PAD + ((Date.parse(at) - t0) / Math.max(1, t1 - t0)) * (W - 2 * PAD);
  const y = (price: string) => H - PAD - (Number(BigInt(price)) / Math.max(1, max)) * (H - 2 * PAD);
  const stepwise = auction.curve === 'stepwise';
  const path = pts
    .map((p, i) => {
      if (i === 0) return `M${x(p.at)},${y(p.price)}`;
      return stepwise ? `H${x(p.at)} V${y(p.price)}` : `L${x(p.at)},${y(p.price)}`;
    })
    .join(' ');
  const now = Date.now();
  return (
    <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t('collateral.curveLabel', { start: amount(auction.startPrice), floor: amount(auction.floorPrice) })} className="chart" data-testid="auction-curve">
      <path d={path} fill="none" stroke="currentColor" strokeWidth={2} />
      <line x1={PAD} x2={W - PAD} y1={y(auction.floorPrice)} y2={y(auction.floorPrice)} stroke="currentColor" strokeDasharray="4 4" opacity={0.5} />
      {auction.status === 'live' && now > t0 && now < t1 ? <line x1={x(new Date(now).toISOString())} x2={x(new Date(now).toISOString())} y1={PAD / 2} y2={H - PAD} stroke="currentColor" opacity={0.6} /> : null}
      {auction.price && auction.wonAt ? <circle cx={x(auction.wonAt)} cy={y(auction.price)} r={4} fill="currentColor" /> : null}
      <text x={PAD} y={PAD / 2 + 4} fontSize={10}>{amount(auction.startPrice)}</text>
      <text x={W - PAD} y={y(auction.floorPrice) - 4} fontSize={10} textAnchor="end">{amount(auction.floorPrice)}</text>
    </svg>
  );
}

/** A position's loan-to-value over its history, against the class's margin and liquidation thresholds. */
export function CoverageChart({ position, marginBps, liquidationBps }: { position: CollateralPositionDetail; marginBps: number; liquidationBps: number }) {
  const { t } = useI18n();
  const pts = position.history.filter((h) => h.ratioBps !== null);
  if (pts.length === 0) return null;
  const t0 = Date.parse(pts[0]!.at);
  const t1 = Math.max(Date.parse(pts[pts.length - 1]!.at), t0 + 1);
  const top = Math.max(10_000, ...pts.map((p) => Number(p.ratioBps)));
  const x = (at: string) => PAD + ((Date.parse(at) - t0) / (t1 - t0)) * (W - 2 * PAD);
  const y = (bps: number) => H - PAD - (bps / top) * (H - 2 * PAD);
  const path = pts.map((p, i) => (i === 0 ? `M${x(p.at)},${y(Number(p.ratioBps))}` : `H${x(p.at)} V${y(Number(p.ratioBps))}`)).join(' ');
  return (
    <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t('collateral.coverageLabel')} className="chart" data-testid="coverage-chart">
      {[marginBps, liquidationBps].map((b, i) => (
        <g key={b}>
          <line x1={PAD} x2={W - PAD} y1={y(b)} y2={y(b)} stroke="currentColor" strokeDasharray="4 4" opacity={0.5} />
          <text x={W - PAD} y={y(b) - 3} fontSize={10} textAnchor="end">{i === 0 ? t('collateral.marginLine') : t('collateral.liquidationLine')} {(b / 100).toFixed(0)}%</text>
        </g>
      ))}
      <path d={path} fill="none" stroke="currentColor" strokeWidth={2} />
    </svg>
  );
}
