import { defineModule } from '../../platform/module.ts';
import { investmentCli } from './cli.ts';
import { investmentContracts, investmentExplanations } from './contracts.ts';
import { investmentReadModel } from './projections.ts';
import { investmentRoutes } from './routes.ts';
import { poolRoutes } from './poolRoutes.ts';
import { poolsDemo } from './demo/scenario.ts';

/**
 * Investment: right-type (investment) claims on the same ledger, peer-to-peer listings of obligation claims, and
 * tranched pools (A/B/C asynchronous vaults, epochs, waterfall, first-loss cover) governed by their holders' vote.
 */
export const investmentModule = defineModule({
  name: 'investment',
  summary: 'right-type CTs, P2P listings, tranched pools (epochs, waterfall, first-loss cover), holder governance',
  uses: ['identity', 'currency', 'claims', 'receivables'],
  contracts: investmentContracts,
  revertExplanations: investmentExplanations,
  migrations: new URL('./migrations/', import.meta.url),
  readModel: investmentReadModel,
  routes: (ctx) => [investmentRoutes(ctx), poolRoutes(ctx)],
  cli: investmentCli,
  demo: poolsDemo,
  demoName: 'pools',
});
