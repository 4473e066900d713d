/** The credit module: what other modules may use of it (the scores shown beside offers and quotes). */
export { creditModule } from './module.ts';
export { NO_CREDIT_SUMMARY, creditSummaries, getCreditScore, type CreditContext } from './queries.ts';
export { CREDIT_FORMULA, scoreCredit, type CreditBand, type CreditScoreResult } from './score.ts';
