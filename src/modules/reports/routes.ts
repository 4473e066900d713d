/** `GET /v1/reports/{kind}`: regulator reports from chain events alone, JSON rows and CSV in one answer. */
import type { FastifyInstance } from 'fastify';
import type { ModuleContext } from '../../platform/context.ts';
import { requirePrincipal } from '../../api/auth.ts';
import type { Static } from '../../api/schemas.ts';
import { regulatorReport } from './queries.ts';
import { Report, ReportParams, ReportQuery } from './schemas.ts';

export function reportRoutes(ctx: ModuleContext) {
  return (app: FastifyInstance) => {
    app.get<{ Params: Static<typeof ReportParams>; Querystring: Static<typeof ReportQuery> }>(
      '/v1/reports/:kind',
      {
        schema: {
          tags: ['reports'],
          summary: 'A regulator report (outstanding claims, financing, collateral, overdue) computed from chain events alone (regulator, operator); schema in docs/reports.md',
          params: ReportParams,
          querystring: ReportQuery,
          response: { 200: Report },
        },
      },
      async (request) => regulatorReport(ctx.db, requirePrincipal(request), { kind: request.params.kind, asOf: request.query.asOf ? new Date(request.query.asOf) : new Date() }),
    );
  };
}
