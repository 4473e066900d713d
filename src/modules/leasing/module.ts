import { defineModule } from '../../platform/module.ts';
import { leasingCli } from './cli.ts';
import { leasingContracts, leasingExplanations } from './contracts.ts';
import { leasingCreditFacts } from './credit.ts';
import { leasingReadModel } from './projections.ts';
import { leasingRoutes } from './routes.ts';
import { leasingDemo } from './demo/scenario.ts';

/**
 * Leasing (seed 004, Lease Chain): certified service providers and their ratings, a credit record per party, matching
 * of lease requests with devices and capital, tripartite leases tied to device tokens with rent split on-chain among
 * investors (investment claims), providers and the platform.
 */
export const leasingModule = defineModule({
  name: 'leasing',
  summary: 'service providers and ratings, credit records, matching, tripartite leases of device tokens, rent split to investors, providers and the platform',
  uses: ['identity', 'currency', 'credit', 'claims', 'investment', 'devices'],
  contracts: leasingContracts,
  revertExplanations: leasingExplanations,
  migrations: new URL('./migrations/', import.meta.url),
  readModel: leasingReadModel,
  routes: (ctx) => leasingRoutes(ctx),
  cli: leasingCli,
  creditFacts: leasingCreditFacts,
  demo: leasingDemo,
});
