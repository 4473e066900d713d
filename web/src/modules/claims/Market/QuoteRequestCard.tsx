import type { Claim, QuoteRequest } from '../../../api/types.ts';
import { useApi } from '../../../api/useApi.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { shortHex } from '../../../format/ids.ts';
import { KeyValues } from '../../../components/KeyValues.tsx';
import { PartyName } from '../../../components/PartyName.tsx';
import { StatusBadge } from '../../../components/StatusBadge.tsx';
import { IdText } from '../../../components/IdText.tsx';
import { Link } from '../../../router/Link.tsx';
import { AnswerQuoteForm } from './AnswerQuoteForm.tsx';
import { CreditBadge } from '../../credit/CreditBadge.tsx';

/** A holder asks for a price: the claim's terms and provenance at a glance, and the funder's answer form. */
export function QuoteRequestCard({ quote, canAnswer }: { quote: QuoteRequest; canAnswer: boolean }) {
  const { t, amount, day, bps, instant } = useI18n();
  const claim = useApi<Claim>(`/v1/claims/${quote.claimId}`);
  const c = claim.data;
  return (
    <article className="quote-card" aria-label={t('market.requestNamed', { requester: quote.requester.name, amount: amount(quote.amount) })}>
      <header className="quote-head">
        <p>
          <strong>{quote.requester.name}</strong> · {t('market.asksFor', { amount: amount(quote.amount) })} <StatusBadge status={quote.status} />
        </p>
        <p className="hint">{instant(quote.createdAt)}</p>
      </header>
      {c ? (
        <KeyValues
          items={[
            [t('claim.id'), <Link to={`/claims/${c.id}`} aria-label={t('market.viewClaim', { id: shortHex(c.id) })}><IdText value={c.id} /></Link>],
            [t('claim.obligor'), <PartyName party={c.obligor} />],
            [t('credit.score'), <CreditBadge credit={quote.obligorCredit} />],
            [t('claim.dueDate'), c.maturity ? `${day(c.dueDate)} (${t('claim.daysLeft', { n: c.maturity.daysToMaturity })})` : day(c.dueDate)],
            [t('claim.dayCount'), `${c.dayCount} · ${t('claim.lateRate')} ${bps(c.lateRateBps)}`],
            [t('claim.documentsHash'), <IdText value={c.documentsHash} head={10} tail={6} />],
            [t('market.provenance'), c.depth === 0 ? t('market.issuedDirect') : t('market.narrowedFrom', { id: shortHex(c.parentId) })],
            c.settlement ? [t('claim.settlement'), `${amount(c.settlement.paid)} / ${amount(c.settlement.face)}`] : null,
          ]}
        />
      ) : null}
      {quote.answers.length ? (
        <p className="hint">
          {t('market.answers')}: {quote.answers.map((a) => `${a.funder.name} ${bps(a.rateBps)}`).join(', ')}
        </p>
      ) : null}
      {canAnswer && quote.status === 'open' ? <AnswerQuoteForm quote={quote} /> : null}
    </article>
  );
}
