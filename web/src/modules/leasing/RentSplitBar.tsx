import { useId } from 'react';
import type { RentPaymentView } from '../../api/types.ts';
import { useI18n } from '../../i18n/I18nContext.ts';
import { useElementWidth } from '../../components/useElementWidth.ts';

const COLOURS = { platform: 'var(--brand)', provider: 'var(--wait)', investor: 'var(--good)' } as const;

/** One payment's split as a bar: each recipient's part in proportion, platform, providers, then investors. */
export function RentSplitBar({ payment }: { payment: RentPaymentView }) {
  const { t, amount } = useI18n();
  const [ref, width] = useElementWidth<HTMLDivElement>();
  const titleId = useId();
  const total = BigInt(payment.total);
  const w = Math.max(120, width - 4);
  let x = 0;
  const parts = payment.shares.map((s) => {
    const part = total > 0n ? Number((BigInt(s.amount) * 10_000n) / total) / 10_000 : 0;
    const seg = { ...s, x, w: part * w };
    x += seg.w;
    return seg;
  });
  const label = payment.period === 0 ? t('leasing.salvage') : t('leasing.periodN', { period: String(payment.period) });
  return (
    <div ref={ref} className="chart" data-testid="rent-split">
      <svg width={w} height={30} role="img" aria-labelledby={titleId}>
        <title id={titleId}>{`${label}: ${payment.shares.map((s) => `${t(`leasing.role.${s.role}`)} ${s.recipient.slice(0, 10)} ${amount(s.amount)}`).join(', ')}`}</title>
        {parts.map((s, i) => (
          <rect key={i} x={s.x} y={4} width={Math.max(1, s.w - 1)} height={22} fill={COLOURS[s.role]}>
            <title>{`${t(`leasing.role.${s.role}`)} ${s.recipient} · ${amount(s.amount)}`}</title>
          </rect>
        ))}
      </svg>
    </div>
  );
}
