import { useState } from 'react';
import type { LeaseView, XtBalance } from '../../api/types.ts';
import type { UsageRentQuoteView } from '../../../../src/modules/leasing/client.ts';
import { ApiError } from '../../api/client.ts';
import { useApi } from '../../api/useApi.ts';
import { useCommand } from '../../api/useCommand.ts';
import type { MessageKey } from '../../i18n/en.ts';
import { useI18n } from '../../i18n/I18nContext.ts';
import { useSession } from '../../session/SessionContext.ts';
import { capabilitiesOf } from '../../session/roles.ts';
import { CommandProgress } from '../../components/CommandProgress.tsx';
import { ConfirmBox, useConfirmation } from '../../components/Confirmation.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';

const DAY_MS = 86_400_000;

/**
 * What the signed-in party may do with an active lease: the lessee pays the next period's rent (fixed, or with its
 * usage hours, which the platform measures between two anchored readings), the lessor declares a default once the
 * oldest unpaid period is a whole period late. Each asks first with the amounts the API computed by the contract's
 * rules (the lease's `due`, or the usage quote); the contract checks again when the command lands.
 */
export function LeaseActions({ lease }: { lease: LeaseView }) {
  const { t, amount, instant, number } = useI18n();
  const { me, client } = useSession();
  const command = useCommand();
  const confirmation = useConfirmation();
  const [done, setDone] = useState<MessageKey>('leasing.pay.done');
  const [quoting, setQuoting] = useState(false);
  const [quoteError, setQuoteError] = useState<ApiError | null>(null);
  const self = me.member.address.toLowerCase();
  const lessee = lease.lessee === self;
  const lessor = lease.lessor === self;
  const balance = useApi<XtBalance>(lessee ? `/v1/xt/balances/${me.member.id}` : null);
  if (capabilitiesOf(me).readOnly || (!lessee && !lessor)) return null;
  const due = lease.status === 'active' ? lease.due : null;
  const metered = BigInt(lease.usageRatePerHour) > 0n;

  const run = (path: string, body: unknown, message: MessageKey) => {
    setDone(message);
    void command.run(path, body);
  };
  const paymentLines = (p: { rent: string; lateInterest: string; daysLate: number; dueDate: string }) => [
    ...(BigInt(p.rent) > 0n ? [t('leasing.pay.rent', { amount: amount(p.rent) })] : []),
    ...(p.daysLate > 0 ? [t('leasing.pay.lateInterest', { amount: amount(p.lateInterest), days: p.daysLate, date: instant(p.dueDate) })] : []),
    t('leasing.pay.split'),
    ...(balance.data ? [t('leasing.pay.balance', { amount: amount(balance.data.balance) })] : []),
  ];
  const payFixed = (d: NonNullable<LeaseView['due']>) =>
    confirmation.ask(t('leasing.pay.confirmTitle', { amount: amount(d.total), period: d.period }), paymentLines(d), () => run(`/v1/leases/${lease.leaseId}/rent`, {}, 'leasing.pay.done'));
  const payUsage = async () => {
    setQuoteError(null);
    setQuoting(true);
    let q: UsageRentQuoteView;
    try {
      q = await client.get<UsageRentQuoteView>(`/v1/leases/${lease.leaseId}/usage-rent`);
    } catch (e) {
      setQuoteError(e instanceof ApiError ? e : new ApiError(0, 'network', String(e)));
      return;
    } finally {
      setQuoting(false);
    }
    const usage = [
      t('leasing.pay.usage', { hours: number(Number(q.usageMilliHours) / 1000), from: q.from.seq, fromTime: instant(q.from.time), to: q.to.seq, toTime: instant(q.to.time) }),
      t('leasing.pay.usageRent', { amount: amount(q.usageRent), rate: amount(q.usageRatePerHour) }),
    ];
    // The payment names the reading the quote ended at, so what is paid is what was shown.
    confirmation.ask(t('leasing.pay.confirmTitle', { amount: amount(q.total), period: q.period }), [...usage, ...paymentLines(q)], () =>
      run(`/v1/leases/${lease.leaseId}/usage-rent`, { toSeq: q.to.seq }, 'leasing.pay.done'),
    );
  };
  const declareDefault = (d: NonNullable<LeaseView['due']>) =>
    confirmation.ask(
      t('leasing.default.confirmTitle', { lease: `${lease.leaseId.slice(0, 10)}…` }),
      [
        t('leasing.default.behind', { period: d.period, days: d.daysLate, required: lease.periodDays }),
        t('leasing.default.owed', { periods: d.arrears.periods, rent: amount(d.arrears.rent), interest: amount(d.arrears.lateInterest) }),
        t('leasing.default.deposit', { deposit: amount(lease.deposit), applied: amount(d.depositApplied), returned: amount(d.depositReturned) }),
        t('leasing.default.device'),
      ],
      () => run(`/v1/leases/${lease.leaseId}/default`, {}, 'leasing.default.done'),
    );

  const busy = command.busy || quoting;
  return (
    <div className="lease-actions" data-testid="lease-actions">
      <p className="hint">{lessee ? t('leasing.youAreLessee') : t('leasing.youAreLessor')}</p>
      {confirmation.pending ? (
        <ConfirmBox confirmation={confirmation} />
      ) : due ? (
        <div className="button-row">
          {lessee && !metered ? <button type="button" className="button primary" disabled={busy} onClick={() => payFixed(due)}>{t('leasing.payRent')}</button> : null}
          {lessee && metered ? <button type="button" className="button primary" disabled={busy} onClick={() => void payUsage()}>{t('leasing.payUsageRent')}</button> : null}
          {lessor && due.defaultable ? <button type="button" className="button danger" disabled={busy} onClick={() => declareDefault(due)}>{t('leasing.declareDefault')}</button> : null}
        </div>
      ) : null}
      {lessor && due && !due.defaultable ? (
        <p className="hint">
          {t('leasing.default.notYet', { date: instant(new Date(Date.parse(due.dueDate) + lease.periodDays * DAY_MS).toISOString()), period: due.period, days: lease.periodDays })}
        </p>
      ) : null}
      {quoting ? <p className="hint" role="status">{t('leasing.pay.measuring')}</p> : null}
      {quoteError ? <ErrorNotice error={quoteError} /> : null}
      <CommandProgress state={command} successText={t(done)} />
    </div>
  );
}
