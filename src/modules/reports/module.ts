import { defineModule } from '../../platform/module.ts';
import { reportsCli } from './cli.ts';
import { reportRoutes } from './routes.ts';

/** Reports: regulator reports (outstanding claims, financing, collateral, overdue) from chain events alone. */
export const reportsModule = defineModule({
  name: 'reports',
  summary: 'Regulator reports in CSV and JSON with a documented schema, reproducible from chain events alone',
  uses: ['identity'],
  migrations: new URL('./migrations/', import.meta.url),
  routes: (ctx) => reportRoutes(ctx),
  cli: reportsCli,
});
