import type { QuoteRequest } from '../../../api/types.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { StatusBadge } from '../../../components/StatusBadge.tsx';

/** The holder's quote requests on this claim and how many funders answered. */
export function QuoteStatus({ quotes }: { quotes: QuoteRequest[] }) {
  const { t, amount, instant, bps } = useI18n();
  return (
    <ul className="plain-list quote-status" data-testid="my-quotes">
      {quotes.map((q) => (
        <li key={q.quoteId}>
          {t('finance.quoteLine', { amount: amount(q.amount), at: instant(q.createdAt) })} <StatusBadge status={q.status} />{' '}
          {q.answers.length ? q.answers.map((a) => `${a.funder.name} ${bps(a.rateBps)}`).join(', ') : t('finance.noAnswers')}
        </li>
      ))}
    </ul>
  );
}
