import type { I18n } from '../../i18n/I18nContext.ts';
import type { MessageKey } from '../../i18n/en.ts';

/**
 * GET /ready's checks in the console's language. The platform writes them in English for operators' tools; the
 * known shapes are put in words of the page's language, anything else (a failure's own text) is kept after a
 * translated "problem:".
 */
export function readinessRow(i18n: Pick<I18n, 't' | 'messages' | 'number'>, name: string, value: string): [string, string] {
  const { t, messages, number } = i18n;
  const labelKey = `status.check.${name}` as MessageKey;
  const label = labelKey in messages ? t(labelKey) : name;
  let m: RegExpExecArray | null;
  if (value === 'ok') return [label, t('status.check.ok')];
  if ((m = /^ok \((.+), block (\d+)\)$/.exec(value))) return [label, t('status.check.chainOk', { chain: m[1]!, block: number(BigInt(m[2]!)) })];
  if ((m = /^block (\d+) \((\d+) behind\)$/.exec(value))) return [label, t('status.check.indexerAt', { block: number(BigInt(m[1]!)), behind: number(BigInt(m[2]!)) })];
  if ((m = /^(\d+) accepted, (\d+) submitted(?: \(oldest open for (\d+) s\))?$/.exec(value))) {
    const open = t('status.check.backlog', { accepted: number(Number(m[1])), submitted: number(Number(m[2])) });
    return [label, m[3] ? `${open} ${t('status.check.oldest', { seconds: number(Number(m[3])) })}` : open];
  }
  return [label, `${t('status.check.problem')} ${value}`];
}
