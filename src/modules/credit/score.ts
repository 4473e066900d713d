/**
 * The credit score (docs/adr/021-credit-score.md): integer points from a member's on-chain facts, the same facts always
 * giving the same score. Every division rounds down (toward −∞); the score is clamped to 0..1000.
 */
import { addCreditFacts, NO_CREDIT_FACTS, type CreditFacts } from '../../platform/creditFacts.ts';

/** The formula's name, returned with every score: a change of weights is a new version. */
export const CREDIT_FORMULA = 'tierchain.credit/1';

/** A volume step of the log scale: 100 000 minor units (1 000.00 XT). */
export const VOLUME_STEP = 100_000n;

export type CreditBand = 'A' | 'B' | 'C' | 'D' | 'none';

/** Each term of the sum, so that a funder sees why. */
export interface CreditComponents {
  base: number;
  punctuality: number;
  overdue: number;
  defaults: number;
  liquidations: number;
  volume: number;
  ratings: number;
}

export interface CreditScoreResult {
  /** 0..1000; null when the member has no history at all. */
  score: number | null;
  band: CreditBand;
  components: CreditComponents;
}

/** No facts, and facts added field by field: the extension point's own helpers. */
export const NO_FACTS = NO_CREDIT_FACTS;
export const addFacts = addCreditFacts;

/** floor(log2(n)) of a positive integer. */
const log2Floor = (n: bigint): number => n.toString(2).length - 1;

const floorDiv = (a: number, b: number): number => Math.floor(a / b);

/** −n, and 0 rather than −0. */
const minus = (n: number): number => (n === 0 ? 0 : -n);

/**
 * score = 500
 *   + (obligations > 0 ? floor(300 × paidOnTime / obligations) − 150 : 0)      punctuality, −150..+150
 *   − min(200, 2 × daysOverdue)                                                 overdue
 *   − 150 × defaults − 100 × liquidations
 *   + min(150, 10 × floor(log2(1 + floor(volume / 100 000))))                   volume, one step per doubling
 *   + (ratings > 0 ? floor(100 × (ratingPoints − 3 × ratings) / (2 × ratings)) : 0)   ratings, −100..+100
 * clamped to 0..1000; band A ≥ 750, B ≥ 600, C ≥ 450, D below; no history at all: no score, band `none`.
 */
export function scoreCredit(f: CreditFacts): CreditScoreResult {
  const components: CreditComponents = {
    base: 500,
    punctuality: f.obligations > 0 ? floorDiv(300 * f.paidOnTime, f.obligations) - 150 : 0,
    overdue: minus(Math.min(200, 2 * f.daysOverdue)),
    defaults: minus(150 * f.defaults),
    liquidations: minus(100 * f.liquidations),
    volume: Math.min(150, 10 * log2Floor(1n + (f.volume > 0n ? f.volume / VOLUME_STEP : 0n))),
    ratings: f.ratings > 0 ? floorDiv(100 * (f.ratingPoints - 3 * f.ratings), 2 * f.ratings) : 0,
  };
  const empty = f.obligations === 0 && f.defaults === 0 && f.liquidations === 0 && f.volume === 0n && f.ratings === 0 && f.daysOverdue === 0;
  if (empty) return { score: null, band: 'none', components };
  const sum = Object.values(components).reduce((a, b) => a + b, 0);
  const score = Math.max(0, Math.min(1000, sum));
  return { score, band: score >= 750 ? 'A' : score >= 600 ? 'B' : score >= 450 ? 'C' : 'D', components };
}
