import { parseMajor, parsePercentToBps } from '../../../format/money.ts';
import type { MessageKey } from '../../../i18n/en.ts';
import type { TermsDraft } from './TradeTerms.tsx';

/** Checks the shared trade terms; returns the API fields or the problems by field. */
export function tradeFields(draft: TermsDraft, t: (k: MessageKey) => string): { fields?: Record<string, unknown>; problems: Record<string, string> } {
  const problems: Record<string, string> = {};
  if (!draft.invoiceNumber.trim()) problems.invoiceNumber = t('form.required');
  const amount = parseMajor(draft.amount);
  if (!amount.ok) problems.amount = t(`amount.${amount.problem}`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(draft.dueDate)) problems.dueDate = t('form.required');
  let lateRateBps: number | undefined;
  if (draft.lateRate.trim()) {
    const bps = parsePercentToBps(draft.lateRate);
    if (bps === null) problems.lateRateBps = t('form.percent');
    else lateRateBps = bps;
  }
  let maxHops: number | undefined;
  if (draft.maxHops.trim()) {
    if (!/^\d{1,3}$/.test(draft.maxHops.trim()) || Number(draft.maxHops) > 255) problems.maxHops = t('form.hops');
    else maxHops = Number(draft.maxHops);
  }
  if (Object.keys(problems).length || !amount.ok) return { problems };
  return {
    problems,
    fields: {
      invoiceNumber: draft.invoiceNumber.trim(),
      amount: amount.minor,
      dueDate: draft.dueDate,
      dayCount: draft.dayCount,
      ...(lateRateBps !== undefined ? { lateRateBps } : {}),
      ...(maxHops !== undefined ? { maxHops } : {}),
    },
  };
}
