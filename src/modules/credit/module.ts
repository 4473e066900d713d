import { defineModule } from '../../platform/module.ts';
import { creditCli } from './cli.ts';
import { creditRoutes } from './routes.ts';

/**
 * Credit scores: every member's score from on-chain history alone, by one documented formula, over the facts the other
 * modules contribute through their descriptors' `creditFacts` (docs/adr/021-credit-score.md).
 */
export const creditModule = defineModule({
  name: 'credit',
  summary: "members' credit scores from on-chain history (payments on time, days overdue, defaults, liquidations, volume, ratings)",
  uses: ['identity'],
  routes: (ctx) => creditRoutes(ctx),
  cli: creditCli,
});
