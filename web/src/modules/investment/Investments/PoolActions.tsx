import { type FormEvent, useState } from 'react';
import type { PoolView } from '../../../api/types.ts';
import { useCommand } from '../../../api/useCommand.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { parseMajor } from '../../../format/money.ts';
import { Field } from '../../../components/Field.tsx';
import { AmountField } from '../../../components/AmountField.tsx';
import { SubmitButton } from '../../../components/SubmitButton.tsx';
import { CommandProgress } from '../../../components/CommandProgress.tsx';

type Tranche = 'A' | 'B' | 'C';

function TrancheSelect({ value, onChange }: { value: Tranche; onChange: (t: Tranche) => void }) {
  const { t } = useI18n();
  return (
    <Field label={t('investment.tranche')}>
      <select value={value} onChange={(e) => onChange(e.target.value as Tranche)} data-testid="tranche-select">
        {(['A', 'B', 'C'] as const).map((x) => (
          <option key={x} value={x}>{t(`investment.tranche.${x}`)}</option>
        ))}
      </select>
    </Field>
  );
}

/** One amount, one button: cover posted or withdrawn, deposits, redemptions (shares are minor units too). */
function AmountForm({ path, label, submit, done, testId, tranche, field = 'amount', onDone }: {
  path: string; label: string; submit: string; done: string; testId: string; tranche?: boolean; field?: 'amount' | 'shares'; onDone: () => void;
}) {
  const [value, setValue] = useState('');
  const [which, setWhich] = useState<Tranche>('A');
  const command = useCommand();
  const run = async (e: FormEvent) => {
    e.preventDefault();
    const v = parseMajor(value);
    if (!v.ok) return;
    const body = tranche ? { tranche: which, [field]: v.minor } : { [field]: v.minor };
    if ((await command.run(path, body)).ok) {
      setValue('');
      onDone();
    }
  };
  const error = command.error && (command.error.field === field || command.error.field === `body.${field}`) ? command.error.message : null;
  return (
    <form onSubmit={run} className="form form-inline" noValidate data-testid={testId}>
      {tranche ? <TrancheSelect value={which} onChange={setWhich} /> : null}
      <AmountField label={label} value={value} onChange={setValue} error={error} />
      <SubmitButton busy={command.busy}>{submit}</SubmitButton>
      <CommandProgress state={command} successText={done} />
    </form>
  );
}

/** The sponsor's desk: post and withdraw first-loss cover, close the epoch. */
export function SponsorActions({ pool, onDone }: { pool: PoolView; onDone: () => void }) {
  const { t, amount, bps } = useI18n();
  const close = useCommand();
  return (
    <div data-testid="sponsor-actions">
      <h3>{t('investment.sponsorDesk')}</h3>
      <p className="hint">
        {t('investment.coverFacts', { cover: amount(pool.cover), posted: amount(pool.coverPosted), withdrawn: amount(pool.coverWithdrawn), committed: bps(pool.minCoverBps) })}
      </p>
      <AmountForm path={`/v1/pools/${pool.poolId}/cover`} label={t('investment.coverAmount')} submit={t('investment.postCover')} done={t('investment.coverPosted')} testId="post-cover" onDone={onDone} />
      <AmountForm
        path={`/v1/pools/${pool.poolId}/cover/withdrawals`} label={t('investment.coverAmount')} submit={t('investment.withdrawCover')} done={t('investment.coverWithdrawn')} testId="withdraw-cover" onDone={onDone}
      />
      <form
        className="form form-inline"
        data-testid="close-epoch"
        onSubmit={async (e) => {
          e.preventDefault();
          if ((await close.run(`/v1/pools/${pool.poolId}/epochs`)).ok) onDone();
        }}
      >
        <p className="hint">{t('investment.closeHint', { epoch: pool.epochs + 1 })}</p>
        <SubmitButton busy={close.busy}>{t('investment.closeEpoch')}</SubmitButton>
        <CommandProgress state={close} successText={t('investment.epochClosed')} />
      </form>
    </div>
  );
}

/** An investor's requests: deposit into a tranche, redeem shares, claim what an executed order earned. */
export function InvestorActions({ pool, onDone }: { pool: PoolView; onDone: () => void }) {
  const { t } = useI18n();
  const [which, setWhich] = useState<Tranche>('A');
  const claim = useCommand();
  return (
    <div data-testid="investor-actions">
      <h3>{t('investment.investorDesk')}</h3>
      <AmountForm path={`/v1/pools/${pool.poolId}/deposits`} tranche label={t('investment.depositAmount')} submit={t('investment.requestDeposit')} done={t('investment.depositRequested')} testId="request-deposit" onDone={onDone} />
      <AmountForm
        path={`/v1/pools/${pool.poolId}/redemptions`} tranche field="shares" label={t('investment.redeemShares')} submit={t('investment.requestRedeem')} done={t('investment.redeemRequested')} testId="request-redeem" onDone={onDone}
      />
      <form
        className="form form-inline"
        data-testid="claim-order"
        onSubmit={async (e) => {
          e.preventDefault();
          if ((await claim.run(`/v1/pools/${pool.poolId}/claims`, { tranche: which })).ok) onDone();
        }}
      >
        <TrancheSelect value={which} onChange={setWhich} />
        <SubmitButton busy={claim.busy}>{t('investment.claimOrder')}</SubmitButton>
        <CommandProgress state={claim} successText={t('investment.orderClaimed')} />
      </form>
    </div>
  );
}

/** A holder of an eligible claim sells it to the pool at the policy's price. */
export function SellToPool({ pool, onDone }: { pool: PoolView; onDone: () => void }) {
  const { t } = useI18n();
  const [claimId, setClaimId] = useState('');
  const [face, setFace] = useState('');
  const command = useCommand();
  const run = async (e: FormEvent) => {
    e.preventDefault();
    const v = parseMajor(face);
    if (!v.ok) return;
    const id = /^0x[0-9a-fA-F]{64}$/.test(claimId.trim()) ? BigInt(claimId.trim()).toString() : claimId.trim();
    if ((await command.run(`/v1/pools/${pool.poolId}/purchases`, { claimId: id, face: v.minor })).ok) onDone();
  };
  const error = (f: string) => (command.error && (command.error.field === f || command.error.field === `body.${f}`) ? command.error.message : null);
  return (
    <form onSubmit={run} className="form form-inline" noValidate data-testid="sell-to-pool">
      <h3>{t('investment.sellTitle')}</h3>
      <Field label={t('investment.claimId')} error={error('claimId')}>
        <input value={claimId} onChange={(e) => setClaimId(e.target.value)} placeholder="0x…" autoComplete="off" />
      </Field>
      <AmountField label={t('investment.face')} value={face} onChange={setFace} error={error('face')} />
      <SubmitButton busy={command.busy}>{t('investment.sell')}</SubmitButton>
      <CommandProgress state={command} successText={t('investment.sold')} />
    </form>
  );
}
