/** Credit scores (`client.credit`). */
import { seg, type Transport } from '../../sdk/http.ts';
import type { CreditScore, CreditScores } from './schemas.ts';

export type { CreditBand, CreditFactsView, CreditScore, CreditScores, CreditSummary } from './schemas.ts';

export interface CreditApi {
  /** A member's score from on-chain history, with its facts and the formula's terms. */
  score(memberId: string, p?: { asOf?: string }): Promise<CreditScore>;
  /** Every member's score, best first. */
  scores(p?: { asOf?: string }): Promise<CreditScores>;
}

export function createCreditApi(t: Transport): CreditApi {
  return {
    score: (memberId, p = {}) => t.request('GET', `/v1/credit/scores/${seg(memberId)}`, { query: { asOf: p.asOf } }),
    scores: (p = {}) => t.request('GET', '/v1/credit/scores', { query: { asOf: p.asOf } }),
  };
}
