/** `tierchain bank …`: import a camt.054 file, export withdrawals as pain.001, bank accounts, messages, payouts. */
import { readFileSync, writeFileSync } from 'node:fs';
import { CliError } from '../../cli/errors.ts';
import type { Resource } from '../../cli/ops/context.ts';
import { kv, table, xt as amount } from '../../cli/ops/format.ts';
import { dateValue, optionalFlag, requiredFlag } from '../../cli/ops/values.ts';

function readMessage(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new CliError(`cannot read ${path}: ${(e as Error).message}`, { exitCode: 2 });
  }
}

export const bank: Resource = {
  import: {
    args: ['file'],
    async run(ctx, a) {
      const r = await ctx.command((o) => ctx.client.bank.importNotification(readMessage(a.file!), o));
      ctx.done(r, `imported camt.054 ${r.messageId}: ${amount(r.credited)} credited, ${amount(r.debited)} debited`, [
        ['import', r.importId],
        ['entries', r.bookings.map((b) => `${b.direction} ${b.entryRef} ${amount(b.amount)}`).join('; ') || 'none'],
        ['not booked', r.notBooked.map((n) => `${n.entryRef ?? '?'} (${n.status})`).join(', ') || null],
      ]);
    },
  },
  'export-withdrawals': {
    options: { out: { type: 'string' }, date: { type: 'string' } },
    async run(ctx, _a, f) {
      const date = optionalFlag(f, 'date');
      const r = await ctx.client.bank.exportWithdrawals({ executionDate: date === undefined ? undefined : dateValue('--date', date) });
      const out = optionalFlag(f, 'out');
      if (out && r.xml) writeFileSync(out, r.xml);
      else if (!ctx.json && r.xml && !out) ctx.out(r.xml.endsWith('\n') ? r.xml : `${r.xml}\n`);
      ctx.print(r, () =>
        r.messageId === null
          ? `no withdrawal to pay${r.skipped.length ? ` (${r.skipped.length} waiting for a bank account)` : ''}\n`
          : kv([
              ['pain.001', r.messageId],
              ['payouts', String(r.payouts.length)],
              ['total', `${amount(r.total)} ${r.currency}`],
              ['written to', out ?? 'stdout'],
              ['skipped', r.skipped.map((s) => `${s.referenceHash.slice(0, 10)}… (${s.reason})`).join(', ') || null],
            ]),
      );
    },
  },
  account: {
    args: ['memberId', 'account'],
    options: { bic: { type: 'string' }, holder: { type: 'string' } },
    async run(ctx, a, f) {
      const r = await ctx.client.bank.setAccount({ memberId: a.memberId!, account: a.account!, bic: optionalFlag(f, 'bic'), holderName: requiredFlag(f, 'holder') });
      ctx.print(r, () => kv([['member', r.memberId], ['account', r.account], ['bic', r.bic], ['holder', r.holderName]]));
    },
  },
  messages: {
    async run(ctx) {
      const items = await ctx.client.bank.messages();
      ctx.print({ items }, () =>
        table(['at', 'kind', 'message id', 'entries', 'credited', 'debited'], items.map((m) => [m.at, m.kind, m.messageId, String(m.entries), amount(m.credited), amount(m.debited)]), [false, false, false, true, true, true]),
      );
    },
  },
  payouts: {
    async run(ctx) {
      const items = await ctx.client.bank.payouts();
      ctx.print({ items }, () => table(['end-to-end id', 'member', 'XT', 'account', 'status'], items.map((p) => [p.endToEndId, p.memberId, amount(p.amount), p.account, p.status]), [false, false, true]));
    },
  },
};

/** The banking module's `tierchain` resources. */
export const bankingCli = { bank };
