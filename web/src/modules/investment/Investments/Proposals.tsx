import { type FormEvent, useState } from 'react';
import type { ProposalView } from '../../../api/types.ts';
import { useApi } from '../../../api/useApi.ts';
import { useCommand } from '../../../api/useCommand.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { parseMajor } from '../../../format/money.ts';
import { Field } from '../../../components/Field.tsx';
import { AmountField } from '../../../components/AmountField.tsx';
import { SubmitButton } from '../../../components/SubmitButton.tsx';
import { CommandProgress } from '../../../components/CommandProgress.tsx';
import { EmptyState } from '../../../components/EmptyState.tsx';
import { LoadError } from '../../../components/LoadError.tsx';
import { Loading } from '../../../components/Loading.tsx';

/** The holders' proposals on a pool with their tallies; a holder proposes a valuation or a write-off, votes, executes. */
export function Proposals({ poolId, canAct }: { poolId: string; canAct: boolean }) {
  const { t, amount, instant } = useI18n();
  const list = useApi<{ items: ProposalView[] }>(`/v1/pools/${poolId}/proposals`);
  if (list.error) return <LoadError error={list.error} onRetry={list.reload} />;
  if (!list.data) return <Loading />;
  return (
    <div data-testid="pool-proposals">
      <h3>{t('investment.proposals')}</h3>
      {list.data.items.length === 0 ? (
        <EmptyState>{t('investment.noProposals')}</EmptyState>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{t('investment.action')}</th>
                <th scope="col" className="num">{t('investment.forVotes')}</th>
                <th scope="col" className="num">{t('investment.againstVotes')}</th>
                <th scope="col" className="num">{t('investment.totalWeight')}</th>
                <th scope="col">{t('investment.deadline')}</th>
                <th scope="col">{t('investment.status')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((p) => (
                <tr key={p.proposalId}>
                  <th scope="row">{p.proposalId}</th>
                  <td>{t(`investment.action.${p.action}`, { asset: p.assetIndex, value: amount(p.value) })}</td>
                  <td className="num">{amount(p.forVotes)}</td>
                  <td className="num">{amount(p.againstVotes)}</td>
                  <td className="num">{amount(p.totalWeight)}</td>
                  <td>{instant(p.deadline)}</td>
                  <td>{p.executed ? t('investment.executed') : canAct ? <VoteButtons proposalId={p.proposalId} onDone={list.reload} /> : t('investment.pending')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canAct ? <ProposeForm poolId={poolId} onDone={list.reload} /> : null}
    </div>
  );
}

function VoteButtons({ proposalId, onDone }: { proposalId: string; onDone: () => void }) {
  const { t } = useI18n();
  const command = useCommand();
  const run = async (path: string, body?: unknown) => {
    if ((await command.run(path, body)).ok) onDone();
  };
  return (
    <span className="button-row" data-testid={`proposal-${proposalId}`}>
      <button type="button" className="button secondary small" disabled={command.busy} onClick={() => run(`/v1/proposals/${proposalId}/votes`, { support: true })}>{t('investment.voteFor')}</button>{' '}
      <button type="button" className="button secondary small" disabled={command.busy} onClick={() => run(`/v1/proposals/${proposalId}/votes`, { support: false })}>{t('investment.voteAgainst')}</button>{' '}
      <button type="button" className="button secondary small" disabled={command.busy} onClick={() => run(`/v1/proposals/${proposalId}/execute`)}>{t('investment.execute')}</button>
      <CommandProgress state={command} successText={t('investment.voteDone')} />
    </span>
  );
}

function ProposeForm({ poolId, onDone }: { poolId: string; onDone: () => void }) {
  const { t } = useI18n();
  const [action, setAction] = useState<'write_off' | 'valuation'>('write_off');
  const [asset, setAsset] = useState('0');
  const [value, setValue] = useState('');
  const command = useCommand();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const v = action === 'valuation' ? parseMajor(value, { allowZero: true }) : null;
    if (v && !v.ok) return;
    const body = { action, assetIndex: Number(asset), ...(v?.ok ? { value: v.minor } : {}) };
    if ((await command.run(`/v1/pools/${poolId}/proposals`, body)).ok) onDone();
  };
  return (
    <form onSubmit={submit} className="form form-inline" noValidate data-testid="propose">
      <Field label={t('investment.action')}>
        <select value={action} onChange={(e) => setAction(e.target.value as 'write_off' | 'valuation')}>
          <option value="write_off">{t('investment.proposeWriteOff')}</option>
          <option value="valuation">{t('investment.proposeValuation')}</option>
        </select>
      </Field>
      <Field label={t('investment.assetIndex')} error={command.error?.field === 'assetIndex' || command.error?.field === 'body.assetIndex' ? command.error.message : null}>
        <input inputMode="numeric" value={asset} onChange={(e) => setAsset(e.target.value.trim())} autoComplete="off" />
      </Field>
      {action === 'valuation' ? <AmountField label={t('investment.valuation')} value={value} onChange={setValue} allowZero /> : null}
      <SubmitButton busy={command.busy}>{t('investment.propose')}</SubmitButton>
      <CommandProgress state={command} successText={t('investment.proposed')} />
    </form>
  );
}
