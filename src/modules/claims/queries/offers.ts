/** Funders' offers as the read model has them, and who may see which (a quote answer: its funder and holder only). */
import { NotFoundError } from '../../../common/errors.ts';
import { readModelTime } from '../../../indexer/projections.ts';
import { getMemberIdentity, Parties, seesEverything, type Principal } from '../../identity/index.ts';
import type { Offer } from '../schemas.ts';
import { NO_CREDIT_SUMMARY, creditSummaries, type CreditContext } from '../../credit/index.ts';
import type { CreditSummary } from '../../credit/schemas.ts';
import { normalizeId } from './ledger.ts';

interface OfferRow {
  offer_id: string;
  funder: string;
  obligor: string;
  rate_bps: number;
  offer_limit: string;
  remaining: string;
  expires_at: Date;
  only_holder: string | null;
  status: 'open' | 'cancelled' | 'exhausted';
  posted_at: Date;
  closed_at: Date | null;
  quote_id: string | null;
}

const OFFER_SELECT = `SELECT o.offer_id, o.funder, o.obligor, o.rate_bps, o.offer_limit::text AS offer_limit, o.remaining::text AS remaining,
    o.expires_at, o.only_holder, o.status, o.posted_at, o.closed_at, q.quote_id
  FROM offers o LEFT JOIN quote_answers q ON q.offer_id = o.offer_id`;

function offerView(r: OfferRow, parties: Parties, asOf: Date, credit: Map<string, CreditSummary>): Offer {
  return {
    offerId: r.offer_id,
    funder: parties.of(r.funder),
    obligor: parties.of(r.obligor),
    rateBps: r.rate_bps,
    limit: r.offer_limit,
    remaining: r.remaining,
    expiresAt: r.expires_at.toISOString(),
    onlyHolder: parties.orNull(r.only_holder),
    quoteId: r.quote_id,
    // ClaimMarket.sell refuses at block.timestamp >= expiresAt.
    status: r.status === 'open' && asOf.getTime() >= r.expires_at.getTime() ? 'expired' : r.status,
    postedAt: r.posted_at.toISOString(),
    closedAt: r.closed_at?.toISOString() ?? null,
    obligorCredit: credit.get(r.obligor) ?? NO_CREDIT_SUMMARY,
  };
}

/** A quote answer (an offer for one holder) is visible to its funder and that holder; standing offers to all. */
const offerVisibility = (by: Principal, alias = 'o') =>
  seesEverything(by) ? null : `(${alias}.only_holder IS NULL OR ${alias}.only_holder = $ADDR OR ${alias}.funder = $ADDR)`;

/** Offers, best rate first: open ones (not cancelled, exhausted or expired) unless `status` is `all`. */
export async function listOffers(
  ctx: CreditContext,
  by: Principal,
  p: { obligorMemberId?: string; funderMemberId?: string; status?: 'open' | 'all'; asOf?: Date } = {},
): Promise<{ items: Offer[] }> {
  const db = ctx.db;
  const asOf = await readModelTime(db, p.asOf);
  const where: string[] = [];
  const params: unknown[] = [];
  const visibility = offerVisibility(by);
  if (visibility) where.push(visibility.replaceAll('$ADDR', `$${params.push(by.memberAddress)}`));
  if (p.obligorMemberId) where.push(`o.obligor = $${params.push((await getMemberIdentity(db, p.obligorMemberId)).address)}`);
  if (p.funderMemberId) where.push(`o.funder = $${params.push((await getMemberIdentity(db, p.funderMemberId)).address)}`);
  if ((p.status ?? 'open') === 'open') where.push(`o.status = 'open' AND o.expires_at > $${params.push(asOf)}`);
  const { rows } = await db.query<OfferRow>(
    `${OFFER_SELECT} ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY o.rate_bps, o.posted_block DESC, o.offer_id`,
    params,
  );
  const parties = await Parties.load(db, rows.flatMap((r) => [r.funder, r.obligor, r.only_holder]), null);
  const credit = await creditSummaries(ctx, rows.map((r) => r.obligor), asOf);
  return { items: rows.map((r) => offerView(r, parties, asOf, credit)) };
}

export async function getOffer(ctx: CreditContext, by: Principal, offerId: string, p: { asOf?: Date } = {}): Promise<Offer> {
  const db = ctx.db;
  const id = normalizeId(offerId, 'params.offerId');
  const { rows } = await db.query<OfferRow>(`${OFFER_SELECT} WHERE o.offer_id = $1`, [id]);
  const r = rows[0];
  if (!r) throw new NotFoundError('offer', id);
  if (!seesEverything(by) && r.only_holder && r.only_holder !== by.memberAddress && r.funder !== by.memberAddress) {
    throw new NotFoundError('offer', id);
  }
  const parties = await Parties.load(db, [r.funder, r.obligor, r.only_holder], null);
  const asOf = await readModelTime(db, p.asOf);
  return offerView(r, parties, asOf, await creditSummaries(ctx, [r.obligor], asOf));
}
