/**
 * Matching (seed 004): a lessee's lease request against the devices manufacturers offer for lease and the capital
 * investors offer, ranked by a documented, deterministic rule. Pure: the same inputs give the same proposals in the
 * same order.
 *
 * 1. A device offer is eligible when its equipment type is the request's, its term (periods × period days) is the
 *    request's and its rent per period is within the request's budget (for the same period length).
 * 2. Capital is eligible when the investor's risk preference admits the lessee's credit score (the platform's score,
 *    docs/adr/021-credit-score.md; 500, the formula's base, for a party without history): `low` needs at least 600
 *    (bands A and B), `medium` at least 450 (C), `high` takes any.
 * 3. Each proposal is funded from the eligible capital taken largest first (then the earlier posted), until the
 *    device's price is covered.
 * 4. Proposals rank: fully covered first; then the lower rent per period; then the manufacturer's higher credit
 *    score; then the earlier posted offer.
 */
export type RiskPreference = 'low' | 'medium' | 'high';
export const MIN_LESSEE_SCORE: Record<RiskPreference, number> = { low: 600, medium: 450, high: 0 };

export interface LeaseRequestInput {
  lessee: string;
  equipmentType: string;
  periods: number;
  periodDays: number;
  budgetPerPeriod: bigint;
}

export interface DeviceOfferInput {
  offerId: string;
  manufacturer: string;
  deviceId: bigint;
  equipmentType: string;
  price: bigint;
  rentPerPeriod: bigint;
  periods: number;
  periodDays: number;
  /** Posting order. */
  seq: number;
}

export interface CapitalInput {
  capitalId: string;
  investor: string;
  amount: bigint;
  risk: RiskPreference;
  seq: number;
}

export interface Proposal {
  offerId: string;
  rank: number;
  covered: bigint;
  fullyCovered: boolean;
  capital: Array<{ capitalId: string; investor: string; amount: bigint }>;
}

export function rankProposals(
  request: LeaseRequestInput,
  offers: readonly DeviceOfferInput[],
  capital: readonly CapitalInput[],
  scoreOf: (party: string) => number,
): Proposal[] {
  const lesseeScore = scoreOf(request.lessee);
  const funds = capital
    .filter((c) => lesseeScore >= MIN_LESSEE_SCORE[c.risk] && c.investor !== request.lessee)
    .sort((a, b) => (a.amount === b.amount ? a.seq - b.seq : a.amount > b.amount ? -1 : 1));
  const eligible = offers.filter(
    (o) =>
      o.equipmentType === request.equipmentType &&
      o.periodDays === request.periodDays &&
      o.periods === request.periods &&
      o.rentPerPeriod <= request.budgetPerPeriod &&
      o.manufacturer !== request.lessee,
  );
  const proposals = eligible.map((o) => {
    let left = o.price;
    const used: Proposal['capital'] = [];
    for (const c of funds) {
      if (left === 0n) break;
      if (c.investor === o.manufacturer) continue;
      const take = c.amount < left ? c.amount : left;
      used.push({ capitalId: c.capitalId, investor: c.investor, amount: take });
      left -= take;
    }
    return { offer: o, covered: o.price - left, capital: used };
  });
  proposals.sort((a, b) => {
    const fa = a.covered === a.offer.price;
    const fb = b.covered === b.offer.price;
    if (fa !== fb) return fa ? -1 : 1;
    if (a.offer.rentPerPeriod !== b.offer.rentPerPeriod) return a.offer.rentPerPeriod < b.offer.rentPerPeriod ? -1 : 1;
    const sa = scoreOf(a.offer.manufacturer);
    const sb = scoreOf(b.offer.manufacturer);
    if (sa !== sb) return sb - sa;
    return a.offer.seq - b.offer.seq;
  });
  return proposals.map((p, i) => ({ offerId: p.offer.offerId, rank: i + 1, covered: p.covered, fullyCovered: p.covered === p.offer.price, capital: p.capital }));
}
