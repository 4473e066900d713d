import { defineModule } from '../../platform/module.ts';
import { collateralCreditFacts } from './credit.ts';
import { collateralCli } from './cli.ts';
import { collateralContracts, collateralExplanations } from './contracts.ts';
import { collateralDemo } from './demo/scenario.ts';
import { collateralReadModel } from './projections.ts';
import { collateralRoutes } from './routes.ts';

/**
 * Collateral finance: goods tokenised once by a certified verifier, locked in the vault behind inventory, pledge and
 * margin CTs on the shared claim ledger, margin calls, and liquidation by a descending-price auction.
 */
export const collateralModule = defineModule({
  name: 'collateral',
  summary: 'goods tokens, the collateral vault, inventory / pledge / margin CTs, margin calls and liquidation auctions',
  uses: ['identity', 'currency', 'credit', 'claims', 'receivables'],
  contracts: collateralContracts,
  revertExplanations: collateralExplanations,
  migrations: new URL('./migrations/', import.meta.url),
  readModel: collateralReadModel,
  routes: (ctx) => collateralRoutes(ctx),
  cli: collateralCli,
  demo: collateralDemo,
  creditFacts: collateralCreditFacts,
});
