/** `GET /v1/credit/scores` and `/v1/credit/scores/{memberId}`: members' credit scores from on-chain history alone. */
import type { FastifyInstance } from 'fastify';
import type { ModuleContext } from '../../platform/context.ts';
import { requirePrincipal } from '../../api/auth.ts';
import type { Static } from '../../api/schemas.ts';
import { getCreditScore, listCreditScores } from './queries.ts';
import { CreditScore, CreditScoreParams, CreditScoreQuery, CreditScores } from './schemas.ts';

const asOfOf = (q: Static<typeof CreditScoreQuery>) => (q.asOf ? new Date(q.asOf) : undefined);

export function creditRoutes(ctx: ModuleContext) {
  return (app: FastifyInstance) => {
    app.get<{ Querystring: Static<typeof CreditScoreQuery> }>(
      '/v1/credit/scores',
      {
        schema: {
          tags: ['credit'],
          summary: "Every member's credit score from on-chain history (payments on time, days overdue, defaults, liquidations, volume, ratings), best first",
          querystring: CreditScoreQuery,
          response: { 200: CreditScores },
        },
      },
      async (request) => {
        requirePrincipal(request);
        return listCreditScores(ctx, { asOf: asOfOf(request.query) });
      },
    );
    app.get<{ Params: Static<typeof CreditScoreParams>; Querystring: Static<typeof CreditScoreQuery> }>(
      '/v1/credit/scores/:memberId',
      {
        schema: {
          tags: ['credit'],
          summary: "A member's credit score, its facts, each module's part and the formula's terms (docs/adr/021-credit-score.md)",
          params: CreditScoreParams,
          querystring: CreditScoreQuery,
          response: { 200: CreditScore },
        },
      },
      async (request) => {
        requirePrincipal(request);
        return getCreditScore(ctx, request.params.memberId, { asOf: asOfOf(request.query) });
      },
    );
  };
}
