import { defineModule } from '../../platform/module.ts';
import { claimsCli } from './cli.ts';
import { claimsContracts, claimsExplanations } from './contracts.ts';
import { claimsReadModel } from './projections.ts';
import { claimRoutes } from './routes/claims.ts';
import { marketRoutes } from './routes/market.ts';

/**
 * The conditional-token ledger and its market: every product's claims are ids of one ERC-6909 ledger with their
 * terms, split-transferred, narrowed by modify, traced, and sold for XT against funders' offers.
 */
export const claimsModule = defineModule({
  name: 'claims',
  summary: 'the conditional-token ledger (terms, split-transfers, modify, trace) and its market (offers, quotes, delivery versus payment)',
  uses: ['identity', 'currency', 'credit'],
  contracts: claimsContracts,
  revertExplanations: claimsExplanations,
  migrations: new URL('./migrations/', import.meta.url),
  readModel: claimsReadModel,
  routes: (ctx) => [claimRoutes(ctx), marketRoutes(ctx)],
  cli: claimsCli,
});
