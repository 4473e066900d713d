import { type FormEvent, useState } from 'react';
import type { Consortium } from '../../../api/types.ts';
import { useApi } from '../../../api/useApi.ts';
import { useCommand } from '../../../api/useCommand.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { useSession } from '../../../session/SessionContext.ts';
import { parseMajor } from '../../../format/money.ts';
import { Field } from '../../../components/Field.tsx';
import { AmountField } from '../../../components/AmountField.tsx';
import { DateInput } from '../../../components/DateInput.tsx';
import { MemberSelect } from '../../../components/MemberSelect.tsx';
import { SubmitButton } from '../../../components/SubmitButton.tsx';
import { CommandProgress } from '../../../components/CommandProgress.tsx';
import { Loading } from '../../../components/Loading.tsx';
import { EmptyState } from '../../../components/EmptyState.tsx';

/** A fresh pool id: 32 random bytes, shown once the pool is created. */
const randomId = () => `0x${Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => b.toString(16).padStart(2, '0')).join('')}`;

const FIELDS = ['yieldA', 'yieldB', 'yieldC', 'minEpochDays', 'discountRateBps', 'minDiscountBps', 'maxTenorDays', 'minSubordinationBps', 'minCoverBps', 'quorumBps', 'thresholdBps', 'votingDays'] as const;
type Numeric = (typeof FIELDS)[number];

/** The sponsor opens a pool: its maturity, tranche target yields, purchase policy, limits and vote. */
export function CreatePoolForm({ onDone }: { onDone: (poolId: string) => void }) {
  const { t } = useI18n();
  const { me, members } = useSession();
  const consortia = useApi<{ items: Consortium[] }>('/v1/consortia');
  const [f, setF] = useState<Record<Numeric, string> & { consortiumId: string; maturity: string; limit: string; obligorId: string }>({
    consortiumId: '', maturity: '', limit: '', obligorId: '',
    yieldA: '500', yieldB: '1000', yieldC: '2000', minEpochDays: '7', discountRateBps: '1200', minDiscountBps: '100', maxTenorDays: '120',
    minSubordinationBps: '2000', minCoverBps: '1000', quorumBps: '5000', thresholdBps: '5000', votingDays: '3',
  });
  const [poolId, setPoolId] = useState(randomId);
  const command = useCommand();
  const set = (k: keyof typeof f) => (v: string) => setF({ ...f, [k]: v });
  if (!consortia.data) return <Loading />;
  const mine = consortia.data.items.filter((c) => c.status === 'active' && c.members.some((m) => m.address === me.member.address && m.state === 'member'));
  if (mine.length === 0) return <EmptyState>{t('investment.noConsortium')}</EmptyState>;
  const consortiumId = f.consortiumId || mine[0]!.id;
  const errorOf = (...names: string[]) => (command.error && names.some((n) => command.error!.field === n || command.error!.field === `body.${n}`) ? command.error.message : null);
  const num = (k: Numeric, label: string, path: string) => (
    <Field label={label} error={errorOf(path)}>
      <input inputMode="numeric" value={f[k]} onChange={(e) => set(k)(e.target.value.trim())} autoComplete="off" data-testid={`pool-${k}`} />
    </Field>
  );
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const limit = parseMajor(f.limit);
    if (!limit.ok) return;
    const n = (k: Numeric) => Number(f[k]);
    const body = {
      poolId, consortiumId, maturity: `${f.maturity}T00:00:00Z`, minEpochDays: n('minEpochDays'), targetYieldBps: [n('yieldA'), n('yieldB'), n('yieldC')],
      quorumBps: n('quorumBps'), thresholdBps: n('thresholdBps'), votingDays: n('votingDays'), minSubordinationBps: n('minSubordinationBps'), minCoverBps: n('minCoverBps'),
      policy: { discountRateBps: n('discountRateBps'), minDiscountBps: n('minDiscountBps'), maxTenorDays: n('maxTenorDays'), limitPerObligor: limit.minor },
      eligibleObligorIds: f.obligorId ? [f.obligorId] : [],
    };
    if ((await command.run('/v1/pools', body)).ok) {
      onDone(poolId);
      setPoolId(randomId());
    }
  };
  return (
    <form onSubmit={submit} className="form form-grid" noValidate data-testid="create-pool">
      <Field label={t('investment.consortium')} error={errorOf('consortiumId')}>
        <select value={consortiumId} onChange={(e) => set('consortiumId')(e.target.value)}>
          {mine.map((c) => (
            <option key={c.id} value={c.id}>{c.name ?? c.id}</option>
          ))}
        </select>
      </Field>
      <Field label={t('investment.maturity')} error={errorOf('maturity')}>
        <DateInput value={f.maturity} onChange={set('maturity')} testId="pool-maturity" />
      </Field>
      {num('yieldA', t('investment.yieldOf', { tranche: 'A' }), 'targetYieldBps/0')}
      {num('yieldB', t('investment.yieldOf', { tranche: 'B' }), 'targetYieldBps/1')}
      {num('yieldC', t('investment.yieldOf', { tranche: 'C' }), 'targetYieldBps/2')}
      {num('minEpochDays', t('investment.minEpochDays'), 'minEpochDays')}
      {num('discountRateBps', t('investment.discountRateBps'), 'policy/discountRateBps')}
      {num('minDiscountBps', t('investment.minDiscountBps'), 'policy/minDiscountBps')}
      {num('maxTenorDays', t('investment.maxTenorDays'), 'policy/maxTenorDays')}
      <AmountField label={t('investment.limitPerObligor')} value={f.limit} onChange={set('limit')} error={errorOf('policy/limitPerObligor')} name="limitPerObligor" />
      <MemberSelect label={t('investment.eligibleObligor')} members={members.filter((m) => m.roles.includes('core_enterprise'))} value={f.obligorId} onChange={set('obligorId')} />
      {num('minSubordinationBps', t('investment.minSubordinationBps'), 'minSubordinationBps')}
      {num('minCoverBps', t('investment.minCoverBps'), 'minCoverBps')}
      {num('quorumBps', t('investment.quorumBps'), 'quorumBps')}
      {num('thresholdBps', t('investment.thresholdBps'), 'thresholdBps')}
      {num('votingDays', t('investment.votingDays'), 'votingDays')}
      <SubmitButton busy={command.busy}>{t('investment.createPool')}</SubmitButton>
      <CommandProgress state={command} successText={t('investment.poolCreated')} />
    </form>
  );
}
