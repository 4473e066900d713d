import type { PoolEpochsView, PoolExposuresView, PoolView } from '../../../api/types.ts';
import { useApi } from '../../../api/useApi.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { Loading } from '../../../components/Loading.tsx';
import { LoadError } from '../../../components/LoadError.tsx';
import { EmptyState } from '../../../components/EmptyState.tsx';
import { useSession } from '../../../session/SessionContext.ts';
import { capabilitiesOf } from '../../../session/roles.ts';
import { InvestorActions, SellToPool, SponsorActions } from './PoolActions.tsx';
import { Statement } from './Statement.tsx';
import { Proposals } from './Proposals.tsx';

const COLOUR = { A: '#2f6fdf', B: '#e39b2d', C: '#3aa57a' } as const;

/**
 * One pool: terms and realised against target yield, NAV per tranche over epochs, the waterfall of each close,
 * exposures by obligor; the sponsor's desk (cover, epoch close), an investor's requests and statement, and the sale of
 * a claim to the pool, for whoever may do each.
 */
export function PoolPanel({ poolId }: { poolId: string }) {
  const { t, amount, bps } = useI18n();
  const { me } = useSession();
  const caps = capabilitiesOf(me);
  const pool = useApi<PoolView>(`/v1/pools/${poolId}`);
  const epochs = useApi<PoolEpochsView>(`/v1/pools/${poolId}/epochs`);
  const exposures = useApi<PoolExposuresView>(`/v1/pools/${poolId}/exposures`);
  if (pool.error) return <LoadError error={pool.error} onRetry={pool.reload} />;
  if (!pool.data || !epochs.data || !exposures.data) return <Loading />;
  const p = pool.data;
  const reload = () => {
    pool.reload();
    epochs.reload();
    exposures.reload();
  };
  const sponsor = p.sponsor.toLowerCase() === me.member.address.toLowerCase();
  return (
    <>
      <div className="table-wrap">
        <table data-testid="pool-tranches">
          <thead>
            <tr>
              <th scope="col">{t('investment.tranche')}</th>
              <th scope="col" className="num">{t('investment.value')}</th>
              <th scope="col" className="num">{t('investment.shares')}</th>
              <th scope="col" className="num">{t('investment.targetYield')}</th>
              <th scope="col" className="num">{t('investment.realisedYield')}</th>
            </tr>
          </thead>
          <tbody>
            {p.tranches.map((x, i) => (
              <tr key={x.tranche}>
                <th scope="row">{x.tranche}</th>
                <td className="num">{amount(x.value)}</td>
                <td className="num">{amount(x.shares)}</td>
                <td className="num">{bps(p.targetYieldBps[i]!)}</td>
                <td className="num">{x.realisedYieldBps === null ? '—' : bps(x.realisedYieldBps)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="hint">{t('investment.poolFacts', { cover: amount(p.cover), nav: amount(p.nav ?? '0'), epochs: p.epochs })}</p>
      <p className="hint" data-testid="pool-policy">
        {t('investment.policyFacts', {
          discount: bps(p.policy.discountRateBps), minDiscount: bps(p.policy.minDiscountBps), tenor: p.policy.maxTenorDays, limit: amount(p.policy.limitPerObligor),
          obligors: p.policy.eligibleObligors.length,
        })}
      </p>
      <p className="hint" data-testid="pool-subordination">
        {t('investment.subordinationFacts', { now: p.subordinationBps === null ? '—' : bps(p.subordinationBps), minimum: bps(p.minSubordinationBps) })}
      </p>
      {epochs.data.items.length === 0 ? <EmptyState>{t('investment.noEpochs')}</EmptyState> : <NavChart epochs={epochs.data} />}
      {epochs.data.items.length === 0 ? null : <Waterfall epochs={epochs.data} />}
      {!caps.readOnly && sponsor ? <SponsorActions pool={p} onDone={reload} /> : null}
      {!caps.readOnly && caps.funder ? <InvestorActions pool={p} onDone={reload} /> : null}
      {caps.funder || caps.operator || caps.regulator ? <Statement poolId={poolId} /> : null}
      {!caps.readOnly && caps.holder ? <SellToPool pool={p} onDone={reload} /> : null}
      <Proposals poolId={poolId} canAct={!caps.readOnly && caps.funder} />
      <h3>{t('investment.exposures')}</h3>
      {exposures.data.items.length === 0 ? (
        <EmptyState>{t('investment.noAssets')}</EmptyState>
      ) : (
        <div className="table-wrap">
          <table data-testid="pool-exposures">
            <thead>
              <tr>
                <th scope="col">{t('investment.obligor')}</th>
                <th scope="col" className="num">{t('investment.claims')}</th>
                <th scope="col" className="num">{t('investment.face')}</th>
                <th scope="col" className="num">{t('investment.paidFor')}</th>
                <th scope="col" className="num">{t('investment.collected')}</th>
                <th scope="col" className="num">{t('investment.outstanding')}</th>
                <th scope="col" className="num">{t('investment.writtenOff')}</th>
              </tr>
            </thead>
            <tbody>
              {exposures.data.items.map((e) => (
                <tr key={e.obligor}>
                  <th scope="row">{e.obligor}</th>
                  <td className="num">{e.claims}</td>
                  <td className="num">{amount(e.face)}</td>
                  <td className="num">{amount(e.paidFor)}</td>
                  <td className="num">{amount(e.collected)}</td>
                  <td className="num">{amount(e.outstanding)}</td>
                  <td className="num">{amount(e.writtenOff)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {exposures.data.byTier.length === 0 ? null : (
        <div className="table-wrap">
          <table data-testid="pool-exposures-tier">
            <caption className="hint">{t('investment.byTier')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('investment.obligor')}</th>
                <th scope="col" className="num">{t('investment.tier')}</th>
                <th scope="col" className="num">{t('investment.claims')}</th>
                <th scope="col" className="num">{t('investment.face')}</th>
                <th scope="col" className="num">{t('investment.outstanding')}</th>
              </tr>
            </thead>
            <tbody>
              {exposures.data.byTier.map((e) => (
                <tr key={`${e.obligor}-${e.tier}`}>
                  <th scope="row">{e.obligor}</th>
                  <td className="num">{e.tier}</td>
                  <td className="num">{e.claims}</td>
                  <td className="num">{amount(e.face)}</td>
                  <td className="num">{amount(e.outstanding)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

/** NAV per tranche over epochs: one polyline per tranche (value after the requests at each close). */
function NavChart({ epochs }: { epochs: PoolEpochsView }) {
  const { t, amount } = useI18n();
  const last = Math.max(...epochs.items.map((e) => e.epoch));
  const max = epochs.items.reduce((m, e) => (BigInt(e.valueAfter) > m ? BigInt(e.valueAfter) : m), 1n);
  const W = 480;
  const H = 160;
  const x = (epoch: number) => (last <= 1 ? W / 2 : 20 + ((W - 40) * (epoch - 1)) / (last - 1));
  const y = (v: string) => H - 20 - Number((BigInt(v) * BigInt(H - 40)) / max);
  return (
    <figure>
      <svg width={W} height={H} role="img" aria-label={t('investment.navChart')}>
        <line x1={20} y1={H - 20} x2={W - 20} y2={H - 20} stroke="#999" />
        {(['A', 'B', 'C'] as const).map((tranche) => {
          const points = epochs.items.filter((e) => e.tranche === tranche);
          return (
            <g key={tranche}>
              <polyline fill="none" stroke={COLOUR[tranche]} strokeWidth={2} points={points.map((e) => `${x(e.epoch)},${y(e.valueAfter)}`).join(' ')} />
              {points.map((e) => (
                <circle key={e.epoch} cx={x(e.epoch)} cy={y(e.valueAfter)} r={3} fill={COLOUR[tranche]}>
                  <title>{`${tranche} · ${t('investment.epoch')} ${e.epoch}: ${amount(e.valueAfter)}`}</title>
                </circle>
              ))}
            </g>
          );
        })}
      </svg>
      <figcaption className="hint">{t('investment.navChart')} — A <span style={{ color: COLOUR.A }}>■</span> B <span style={{ color: COLOUR.B }}>■</span> C <span style={{ color: COLOUR.C }}>■</span></figcaption>
    </figure>
  );
}

/** The waterfall of each close: each tranche's value after the waterfall against its target. */
function Waterfall({ epochs }: { epochs: PoolEpochsView }) {
  const { t, amount, instant } = useI18n();
  const max = epochs.items.reduce((m, e) => (BigInt(e.target) > m ? BigInt(e.target) : BigInt(e.value) > m ? BigInt(e.value) : m), 1n);
  const width = (v: string) => `${Number((BigInt(v) * 1000n) / max) / 10}%`;
  return (
    <div className="table-wrap">
      <table data-testid="pool-epochs">
        <thead>
          <tr>
            <th scope="col">{t('investment.epoch')}</th>
            <th scope="col">{t('investment.tranche')}</th>
            <th scope="col" className="num">{t('investment.previous')}</th>
            <th scope="col" className="num">{t('investment.target')}</th>
            <th scope="col" className="num">{t('investment.value')}</th>
            <th scope="col">{t('investment.waterfall')}</th>
            <th scope="col" className="num">{t('investment.nav')}</th>
            <th scope="col">{t('investment.closedAt')}</th>
          </tr>
        </thead>
        <tbody>
          {epochs.items.map((e) => (
            <tr key={`${e.epoch}-${e.tranche}`}>
              <th scope="row">{e.epoch}</th>
              <td>{e.tranche}</td>
              <td className="num">{amount(e.previous)}</td>
              <td className="num">{amount(e.target)}</td>
              <td className="num">{amount(e.value)}</td>
              <td style={{ minWidth: 160 }}>
                <svg width="100%" height="14" role="img" aria-label={t('investment.waterfallBar', { value: amount(e.value), target: amount(e.target) })}>
                  <rect x="0" y="2" width={width(e.target)} height="10" fill="none" stroke="#999" />
                  <rect x="0" y="2" width={width(e.value)} height="10" fill={COLOUR[e.tranche]} />
                </svg>
              </td>
              <td className="num">{amount(e.valueAfter)}</td>
              <td>{instant(e.closedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
