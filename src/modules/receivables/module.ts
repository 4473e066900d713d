import { defineModule } from '../../platform/module.ts';
import { receivablesCreditFacts } from './credit.ts';
import { receivablesCli } from './cli.ts';
import { receivablesContracts, receivablesExplanations } from './contracts.ts';
import { receivablesDemo } from './demo/scenario.ts';
import { receivablesReadModel } from './projections.ts';
import { claimReceivableRoutes } from './routes/commands.ts';
import { claimReadRoutes } from './routes/reads.ts';
import { claimExportRoutes } from './routes/exports.ts';

/**
 * Receivables (We Chain's product): a core enterprise's payables become claims on the ledger against confirmed
 * trade background and a credit line, split down every tier, financed, settled pro rata with late interest, and
 * guaranteed.
 */
export const receivablesModule = defineModule({
  name: 'receivables',
  summary: 'trade background, credit lines and guarantees, issuance, settlement with late interest, positions',
  uses: ['identity', 'currency', 'claims'],
  contracts: receivablesContracts,
  revertExplanations: receivablesExplanations,
  migrations: new URL('./migrations/', import.meta.url),
  readModel: receivablesReadModel,
  routes: (ctx) => [claimReadRoutes(ctx), claimReceivableRoutes(ctx), claimExportRoutes(ctx)],
  cli: receivablesCli,
  demo: receivablesDemo,
  creditFacts: receivablesCreditFacts,
});
