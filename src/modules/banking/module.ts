import { defineModule } from '../../platform/module.ts';
import { bankingCli } from './cli.ts';
import { bankRoutes } from './routes.ts';

/** Banking: the bank gateway's ISO 20022 messages (camt.054 in, pain.001 out) that move XT against fiat. */
export const bankingModule = defineModule({
  name: 'banking',
  summary: 'ISO 20022 bank messages: camt.054 notifications credit XT and book payouts, pain.001 pays withdrawals out',
  uses: ['identity', 'currency'],
  migrations: new URL('./migrations/', import.meta.url),
  routes: (ctx) => bankRoutes(ctx),
  cli: bankingCli,
});
