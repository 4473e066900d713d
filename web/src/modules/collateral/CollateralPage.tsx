import { type FormEvent, useState } from 'react';
import { CreditBadge } from '../credit/CreditBadge.tsx';
import type { CollateralAlert, CollateralClassView, CollateralPosition, CollateralPositionDetail, GoodsView } from '../../../../src/modules/collateral/client.ts';
import { useApi } from '../../api/useApi.ts';
import { useCommand } from '../../api/useCommand.ts';
import { useI18n } from '../../i18n/I18nContext.ts';
import { useSession } from '../../session/SessionContext.ts';
import { capabilitiesOf } from '../../session/roles.ts';
import { parseMajor } from '../../format/money.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Card } from '../../components/Card.tsx';
import { Loading } from '../../components/Loading.tsx';
import { LoadError } from '../../components/LoadError.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { Field } from '../../components/Field.tsx';
import { AmountField } from '../../components/AmountField.tsx';
import { MemberSelect } from '../../components/MemberSelect.tsx';
import { SubmitButton } from '../../components/SubmitButton.tsx';
import { CommandProgress } from '../../components/CommandProgress.tsx';
import { CoverageChart } from './Charts.tsx';

const pct = (bps: string | number | null) => (bps === null ? '—' : `${(Number(bps) / 100).toFixed(2)}%`);

/** Collateral: the verifier registers and values goods, the pledgor locks them and draws CTs, the regulator sees alerts. */
export function CollateralPage() {
  const { t } = useI18n();
  const { me } = useSession();
  const caps = capabilitiesOf(me);
  const verifier = me.member.roles.includes('verifier');
  const goods = useApi<{ items: GoodsView[] }>('/v1/goods');
  const positions = useApi<{ items: CollateralPosition[] }>('/v1/collateral/positions');
  const classes = useApi<{ items: CollateralClassView[] }>('/v1/collateral/classes');
  const own = (goods.data?.items ?? []).filter((g) => g.owner === me.member.address.toLowerCase() && !g.locked);
  return (
    <>
      <PageHeader title={t('collateral.title')} description={t('collateral.description')} />
      {verifier && !caps.readOnly ? (
        <Card title={t('collateral.register')} description={t('collateral.registerHint')}>
          <RegisterGoodsForm onDone={goods.reload} />
        </Card>
      ) : null}
      <Card title={t('collateral.goods')}>
        {goods.error ? <LoadError error={goods.error} onRetry={goods.reload} /> : !goods.data ? <Loading /> : goods.data.items.length === 0 ? <EmptyState>{t('collateral.noGoods')}</EmptyState> : (
          <div className="table-wrap">
            <table data-testid="goods">
              <thead>
                <tr>
                  <th scope="col">{t('collateral.description.col')}</th>
                  <th scope="col">{t('collateral.receipt')}</th>
                  <th scope="col" className="num">{t('collateral.quantity')}</th>
                  <th scope="col" className="num">{t('collateral.value')}</th>
                  <th scope="col">{t('collateral.status')}</th>
                  {verifier && !caps.readOnly ? <th scope="col">{t('collateral.revalue')}</th> : null}
                </tr>
              </thead>
              <tbody>
                {goods.data.items.map((g) => (
                  <tr key={g.goodsId}>
                    <th scope="row">{g.description}<br /><span className="hint">{g.location}</span></th>
                    <td>{g.receipt || g.lot}</td>
                    <td className="num">{g.quantity} {g.unit}</td>
                    <td className="num">{g.value}</td>
                    <td>{g.locked ? t('collateral.locked') : t('collateral.free')}</td>
                    {verifier && !caps.readOnly ? <td><RevalueForm goodsId={g.goodsId} onDone={goods.reload} /></td> : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
      {caps.holder && !caps.readOnly ? (
        <Card title={t('collateral.lock')} description={t('collateral.lockHint')}>
          <LockForm goods={own} onDone={() => { goods.reload(); positions.reload(); }} />
        </Card>
      ) : null}
      {caps.holder && !caps.readOnly ? (
        <Card title={t('collateral.pledgeClaim')} description={t('collateral.pledgeClaimHint')}>
          <PledgeClaimForm classes={(classes.data?.items ?? []).filter((c) => c.kind === 'pledge' && c.active)} onDone={positions.reload} />
        </Card>
      ) : null}
      <Card title={t('collateral.positions')}>
        {positions.error ? <LoadError error={positions.error} onRetry={positions.reload} /> : !positions.data ? <Loading /> : positions.data.items.length === 0 ? <EmptyState>{t('collateral.noPositions')}</EmptyState> : (
          positions.data.items.map((p) => (
            <PositionCard key={p.positionId} position={p} classes={classes.data?.items ?? []} freeGoods={own} onDone={() => { goods.reload(); positions.reload(); }} />
          ))
        )}
      </Card>
      {caps.regulator || caps.operator ? <Alerts /> : null}
    </>
  );
}

function RegisterGoodsForm({ onDone }: { onDone: () => void }) {
  const { t } = useI18n();
  const { members } = useSession();
  const [f, setF] = useState({ ownerMemberId: '', classId: '1', quantity: '', unit: 't', description: '', location: '', receipt: '', lot: '', value: '' });
  const set = (k: keyof typeof f) => (v: string) => setF({ ...f, [k]: v });
  const command = useCommand();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const value = parseMajor(f.value);
    if (!value.ok) return;
    const body = { ownerMemberId: f.ownerMemberId, classId: Number(f.classId), quantity: f.quantity, unit: f.unit, description: f.description, location: f.location, receipt: f.receipt || undefined, lot: f.lot || undefined, value: value.minor };
    if ((await command.run('/v1/goods', body)).ok) onDone();
  };
  const text = (k: keyof typeof f, label: string) => (
    <Field label={label} error={command.error?.field === `body.${k}` || command.error?.field === k ? command.error.message : null}>
      <input value={f[k]} onChange={(e) => set(k)(e.target.value)} autoComplete="off" />
    </Field>
  );
  return (
    <form onSubmit={submit} className="form form-grid" noValidate>
      <MemberSelect label={t('collateral.owner')} members={members.filter((m) => m.status === 'certified')} value={f.ownerMemberId} onChange={set('ownerMemberId')} />
      {text('classId', t('collateral.class'))}
      {text('description', t('collateral.description.col'))}
      {text('location', t('collateral.location'))}
      {text('quantity', t('collateral.quantity'))}
      {text('unit', t('collateral.unit'))}
      {text('receipt', t('collateral.receipt'))}
      {text('lot', t('collateral.lot'))}
      <AmountField label={t('collateral.value')} value={f.value} onChange={set('value')} />
      <SubmitButton busy={command.busy}>{t('collateral.registerSubmit')}</SubmitButton>
      <CommandProgress state={command} successText={t('collateral.registered')} />
    </form>
  );
}

function RevalueForm({ goodsId, onDone }: { goodsId: string; onDone: () => void }) {
  const { t } = useI18n();
  const [value, setValue] = useState('');
  const command = useCommand();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const v = parseMajor(value);
    if (v.ok && (await command.run(`/v1/goods/${goodsId}/valuations`, { value: v.minor })).ok) onDone();
  };
  return (
    <form onSubmit={submit} className="form inline" noValidate>
      <input aria-label={t('collateral.newValue')} value={value} onChange={(e) => setValue(e.target.value)} placeholder="0.00" inputMode="decimal" />
      <SubmitButton busy={command.busy}>{t('collateral.revalue')}</SubmitButton>
      <CommandProgress state={command} />
    </form>
  );
}

function LockForm({ goods, onDone }: { goods: GoodsView[]; onDone: () => void }) {
  const { t } = useI18n();
  const [f, setF] = useState({ goodsId: '', consortiumId: '', dueDate: '', firstDraw: '' });
  const command = useCommand();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const draw = f.firstDraw.trim() ? parseMajor(f.firstDraw) : null;
    if (draw && !draw.ok) return;
    if ((await command.run('/v1/collateral/positions', { goodsId: f.goodsId, consortiumId: f.consortiumId, dueDate: f.dueDate, firstDraw: draw?.ok ? draw.minor : '0' })).ok) onDone();
  };
  return (
    <form onSubmit={submit} className="form form-grid" noValidate>
      <Field label={t('collateral.goods')}>
        <select value={f.goodsId} onChange={(e) => setF({ ...f, goodsId: e.target.value })}>
          <option value="">{t('common.choose')}</option>
          {goods.map((g) => <option key={g.goodsId} value={g.goodsId}>{g.description} ({g.receipt || g.lot})</option>)}
        </select>
      </Field>
      <Field label={t('collateral.consortium')} error={command.error?.field === 'consortiumId' ? command.error.message : null}>
        <input value={f.consortiumId} onChange={(e) => setF({ ...f, consortiumId: e.target.value })} placeholder="0x…" autoComplete="off" />
      </Field>
      <Field label={t('collateral.dueDate')} error={command.error?.field === 'dueDate' ? command.error.message : null}>
        <input type="date" value={f.dueDate} onChange={(e) => setF({ ...f, dueDate: e.target.value })} />
      </Field>
      <AmountField label={t('collateral.firstDraw')} value={f.firstDraw} onChange={(v) => setF({ ...f, firstDraw: v })} allowZero />
      <SubmitButton busy={command.busy}>{t('collateral.lockSubmit')}</SubmitButton>
      <CommandProgress state={command} successText={t('collateral.lockedDone')} />
    </form>
  );
}

/** The holder pledges a receivable claim (its whole holding) into a position of a pledge class. */
function PledgeClaimForm({ classes, onDone }: { classes: CollateralClassView[]; onDone: () => void }) {
  const { t } = useI18n();
  const [f, setF] = useState({ claimId: '', classId: '', consortiumId: '', dueDate: '', firstDraw: '' });
  const command = useCommand();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const draw = f.firstDraw.trim() ? parseMajor(f.firstDraw) : null;
    if (draw && !draw.ok) return;
    const body = { claimId: f.claimId.trim(), classId: Number(f.classId), consortiumId: f.consortiumId, dueDate: f.dueDate, firstDraw: draw?.ok ? draw.minor : '0' };
    if ((await command.run('/v1/collateral/positions', body)).ok) onDone();
  };
  const error = (k: string) => (command.error?.field === k || command.error?.field === `body.${k}` ? command.error.message : null);
  return (
    <form onSubmit={submit} className="form form-grid" noValidate>
      <Field label={t('collateral.claimId')} error={error('claimId')}>
        <input value={f.claimId} onChange={(e) => setF({ ...f, claimId: e.target.value })} placeholder="0x…" autoComplete="off" />
      </Field>
      <Field label={t('collateral.class')} error={error('classId')}>
        <select value={f.classId} onChange={(e) => setF({ ...f, classId: e.target.value })}>
          <option value="">{t('common.choose')}</option>
          {classes.map((c) => <option key={c.classId} value={c.classId}>{c.classId} · {pct(c.ltvBps)}</option>)}
        </select>
      </Field>
      <Field label={t('collateral.consortium')} error={error('consortiumId')}>
        <input value={f.consortiumId} onChange={(e) => setF({ ...f, consortiumId: e.target.value })} placeholder="0x…" autoComplete="off" />
      </Field>
      <Field label={t('collateral.dueDate')} error={error('dueDate')}>
        <input type="date" value={f.dueDate} onChange={(e) => setF({ ...f, dueDate: e.target.value })} />
      </Field>
      <AmountField label={t('collateral.firstDraw')} value={f.firstDraw} onChange={(v) => setF({ ...f, firstDraw: v })} allowZero />
      <SubmitButton busy={command.busy}>{t('collateral.pledgeClaimSubmit')}</SubmitButton>
      <CommandProgress state={command} successText={t('collateral.lockedDone')} />
    </form>
  );
}

function PositionCard({ position: p, classes, freeGoods, onDone }: { position: CollateralPosition; classes: CollateralClassView[]; freeGoods: GoodsView[]; onDone: () => void }) {
  const { t, amount } = useI18n();
  const { me } = useSession();
  const caps = capabilitiesOf(me);
  const detail = useApi<CollateralPositionDetail>(`/v1/collateral/positions/${p.positionId}`);
  const cls = classes.find((c) => c.classId === p.classId);
  const mine = p.pledgor === me.member.address.toLowerCase();
  const command = useCommand();
  const [value, setValue] = useState('');
  const [extraGoods, setExtraGoods] = useState('');
  const claim = p.claim;
  const collectable = claim !== null && !claim.paid && p.status !== 'liquidated';
  const act = async (path: string, body: unknown = {}) => {
    if ((await command.run(path, body)).ok) {
      onDone();
      detail.reload();
    }
  };
  const withAmount = (path: string, key = 'amount') => {
    const v = parseMajor(value);
    if (v.ok) void act(path, { [key]: v.minor });
  };
  return (
    <section className="subcard" data-testid="position">
      <h3>
        {t('collateral.position')} {p.positionId.slice(0, 10)}… · {t((claim && p.status === 'defaulted' ? 'collateral.status.defaultedClaim' : `collateral.status.${p.status}`) as never)}
      </h3>
      {claim ? (
        <p className="hint" data-testid="pledged-claim">
          {t('collateral.pledgedClaim', { id: `${claim.claimId.slice(0, 10)}…`, face: amount(claim.units), collected: amount(claim.collected) })}
          {claim.paid ? ` · ${t('collateral.claimPaid')}` : ''}
        </p>
      ) : p.addedGoods.length > 0 ? (
        <p className="hint">{t('collateral.addedGoods', { n: p.addedGoods.length })}</p>
      ) : null}
      <p className="hint">
        {t('collateral.line')} {amount(p.limit)} · {t('collateral.debt')} {amount(p.debt)} · {t('collateral.value')} {amount(p.currentValue)} · {t('collateral.ltv')} {pct(p.ratioBps)}
        {cls ? ` (${t('collateral.marginLine')} ${pct(cls.marginBps)}, ${t('collateral.liquidationLine')} ${pct(cls.liquidationBps)})` : ''}
        {p.marginCallDeadline ? ` · ${t('collateral.marginCallUntil', { at: p.marginCallDeadline })}` : ''}
        {mine ? null : (
          <>
            {' · '}
            {t('credit.score')} <CreditBadge credit={p.pledgorCredit} />
          </>
        )}
      </p>
      {detail.data && cls ? <CoverageChart position={detail.data} marginBps={cls.marginBps} liquidationBps={cls.liquidationBps} /> : null}
      <ul>
        {p.draws.map((d) => (
          <li key={d.claimId}>
            CT {d.claimId.slice(0, 10)}… {t(`collateral.kind.${d.kind}` as never)}: {amount(d.face)} · {t('collateral.paid')} {amount(d.paid)}
            {d.closed ? ` · ${t('collateral.writtenOff')} ${amount(d.writtenOff)}` : ''}
            {mine && p.status === 'open' && !caps.readOnly ? <button type="button" onClick={() => withAmount(`/v1/collateral/claims/${d.claimId}/repayments`)}>{t('collateral.repay')}</button> : null}
          </li>
        ))}
      </ul>
      {p.status === 'open' && !caps.readOnly ? (
        <div className="form inline">
          {mine ? (
            <>
              <input aria-label={t('collateral.amount')} value={value} onChange={(e) => setValue(e.target.value)} placeholder="0.00" inputMode="decimal" />
              <button type="button" onClick={() => withAmount(`/v1/collateral/positions/${p.positionId}/draws`)}>{t('collateral.draw')}</button>
              <button type="button" onClick={() => withAmount(`/v1/collateral/positions/${p.positionId}/top-ups`)}>{t('collateral.topUp')}</button>
              <button type="button" onClick={() => void act(`/v1/collateral/positions/${p.positionId}/release`)}>{t('collateral.release')}</button>
              {p.goodsId && freeGoods.length > 0 ? (
                <>
                  <select aria-label={t('collateral.addGoods')} value={extraGoods} onChange={(e) => setExtraGoods(e.target.value)}>
                    <option value="">{t('common.choose')}</option>
                    {freeGoods.map((g) => <option key={g.goodsId} value={g.goodsId}>{g.description} ({g.receipt || g.lot})</option>)}
                  </select>
                  <button type="button" disabled={!extraGoods} onClick={() => void act(`/v1/collateral/positions/${p.positionId}/goods`, { goodsId: extraGoods })}>{t('collateral.addGoods')}</button>
                </>
              ) : null}
            </>
          ) : null}
          {caps.funder || caps.operator ? (
            <>
              <button type="button" onClick={() => void act(`/v1/collateral/positions/${p.positionId}/margin-calls`)}>{t('collateral.marginCall')}</button>
              <button type="button" onClick={() => void act(`/v1/collateral/positions/${p.positionId}/default`)}>{t('collateral.declareDefault')}</button>
            </>
          ) : null}
        </div>
      ) : null}
      {collectable && !caps.readOnly ? (
        <div className="form inline">
          <button type="button" onClick={() => void act(`/v1/collateral/positions/${p.positionId}/collections`)}>{t('collateral.collect')}</button>
          <span className="hint">{t('collateral.collectHint')}</span>
        </div>
      ) : null}
      <CommandProgress state={command} />
    </section>
  );
}

function Alerts() {
  const { t, instant } = useI18n();
  const alerts = useApi<{ items: CollateralAlert[] }>('/v1/collateral/alerts');
  return (
    <Card title={t('collateral.alerts')} description={t('collateral.alertsHint')}>
      {alerts.error ? <LoadError error={alerts.error} onRetry={alerts.reload} /> : !alerts.data ? <Loading /> : alerts.data.items.length === 0 ? <EmptyState>{t('collateral.noAlerts')}</EmptyState> : (
        <ul data-testid="collateral-alerts">
          {alerts.data.items.map((a, i) => (
            <li key={i} className={a.kind === 'double_pledge_attempt' ? 'overdue-text' : undefined}>
              {instant(a.at)} · {t(`collateral.alert.${a.kind}` as never)} · {(a.positionId ?? a.goodsId)?.slice(0, 10)}… {a.ratioBps ? `· ${pct(a.ratioBps)}` : ''}{' '}
              {a.attemptedBy ? `· ${t('collateral.alert.by', { name: a.attemptedBy.name })} · ${a.code} ` : ''}
              {a.detail && !a.detail.startsWith('{') ? `· ${a.detail}` : ''}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
