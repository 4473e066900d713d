import type { TelemetryReadings } from '../../../../src/modules/devices/client.ts';
import { useI18n } from '../../i18n/I18nContext.ts';

const W = 640;
const H = 200;
const PAD = 36;
const BAND = 10;
const STATUS_COLOURS = ['#2e7d32', '#f9a825', '#c62828'];

/**
 * A device's telemetry over time: its hour meter (usage hours, the line), the status of each reading (the band under
 * it: ok, warning, fault), and its anchors (a dashed line at the last reading time each anchored batch covers).
 */
export function TelemetryChart({ data }: { data: TelemetryReadings }) {
  const { t } = useI18n();
  const pts = data.items;
  if (pts.length === 0) return null;
  const t0 = pts[0]!.time;
  const t1 = Math.max(pts[pts.length - 1]!.time, t0 + 1);
  const hours = pts.map((p) => Number(p.usageMilliHours) / 1000);
  const lo = Math.min(...hours);
  const hi = Math.max(...hours, lo + 1);
  const x = (time: number) => PAD + ((time - t0) / (t1 - t0)) * (W - 2 * PAD);
  const y = (h: number) => H - PAD - BAND - 4 - ((h - lo) / (hi - lo)) * (H - 2 * PAD - BAND - 4);
  const path = pts.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.time).toFixed(1)},${y(hours[i]!).toFixed(1)}`).join(' ');
  const fmtTime = (s: number) => new Date(s * 1000).toISOString().slice(5, 16).replace('T', ' ');
  return (
    <figure className="chart-figure">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t('devices.chartLabel', { n: pts.length, anchors: data.anchors.length })} className="chart" data-testid="telemetry-chart">
        {data.anchors.map((a) => (
          <g key={a.batchNumber} data-testid="anchor-mark">
            <line x1={x(Math.min(Math.max(a.lastTime, t0), t1))} x2={x(Math.min(Math.max(a.lastTime, t0), t1))} y1={PAD / 2} y2={H - PAD} stroke="currentColor" strokeDasharray="3 3" opacity={0.5} />
            <text x={x(Math.min(Math.max(a.lastTime, t0), t1)) + 2} y={PAD / 2 + 8} fontSize={9}>#{a.batchNumber}</text>
          </g>
        ))}
        <path d={path} fill="none" stroke="currentColor" strokeWidth={2} />
        {pts.map((p, i) => (
          <rect key={p.seq} x={x(p.time) - 2} y={H - PAD - BAND} width={4} height={BAND} fill={STATUS_COLOURS[p.status] ?? 'grey'}>
            <title>{`#${p.seq} ${fmtTime(p.time)} · ${hours[i]!.toFixed(3)} h · ${t(p.status === 0 ? 'devices.status.ok' : p.status === 1 ? 'devices.status.warning' : 'devices.status.fault')}`}</title>
          </rect>
        ))}
        <text x={PAD} y={H - PAD + 14} fontSize={10}>{fmtTime(t0)}</text>
        <text x={W - PAD} y={H - PAD + 14} fontSize={10} textAnchor="end">{fmtTime(t1)}</text>
        <text x={4} y={y(hi) + 4} fontSize={10}>{hi.toFixed(1)} h</text>
        <text x={4} y={y(lo) + 4} fontSize={10}>{lo.toFixed(1)} h</text>
      </svg>
      <figcaption className="hint">{t('devices.chartCaption')}</figcaption>
    </figure>
  );
}
