import { useI18n } from '../i18n/I18nContext.ts';
import type { MessageKey } from '../i18n/en.ts';

const TONE: Record<string, string> = {
  certified: 'good', confirmed: 'good', active: 'good', member: 'good', open: 'good', paid: 'good', filled: 'good',
  pending: 'wait', proposed: 'wait', registered: 'wait', submitted: 'wait', invited: 'wait', partially_paid: 'wait', accepted: 'wait',
  suspended: 'bad', revoked: 'bad', rejected: 'bad', failed: 'bad', overdue: 'bad', expired: 'muted', cancelled: 'muted',
  exhausted: 'muted', declined: 'muted', left: 'muted', removed: 'muted', unpaid: 'muted',
};

/** A status word with a colour and, for colour-blind readers, the word itself. */
export function StatusBadge({ status }: { status: string }) {
  const { t, messages } = useI18n();
  const key = `status.${status}` as MessageKey;
  return <span className={`badge badge-${TONE[status] ?? 'muted'}`}>{key in messages ? t(key) : status}</span>;
}
