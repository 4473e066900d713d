import { defineModule } from '../../platform/module.ts';
import { currencyCli } from './cli.ts';
import { currencyContracts, currencyExplanations } from './contracts.ts';
import { currencyReadModel } from './projections.ts';
import { xtRoutes } from './routes.ts';

/** Currency: XT, the settlement token, credited and paid out by bank gateways, moved between members. */
export const currencyModule = defineModule({
  name: 'currency',
  summary: 'XT, the settlement currency: deposits, withdrawals, transfers, pause, balances and movements',
  uses: ['identity'],
  contracts: currencyContracts,
  revertExplanations: currencyExplanations,
  migrations: new URL('./migrations/', import.meta.url),
  readModel: currencyReadModel,
  routes: (ctx) => xtRoutes(ctx),
  cli: currencyCli,
});
