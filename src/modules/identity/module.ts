import { defineModule } from '../../platform/module.ts';
import { identityCli } from './cli.ts';
import { identityContracts, identityExplanations } from './contracts.ts';
import { identityReadModel } from './projections.ts';
import { consortiumRoutes } from './routes/consortia.ts';
import { memberRoutes } from './routes/members.ts';

/** Identity: members (enterprises) with their users and API keys, certification, consortia. */
export const identityModule = defineModule({
  name: 'identity',
  summary: 'members, their users and API keys, certification and roles, consortia',
  uses: [],
  contracts: identityContracts,
  revertExplanations: identityExplanations,
  migrations: new URL('./migrations/', import.meta.url),
  readModel: identityReadModel,
  routes: (ctx) => [memberRoutes(ctx), consortiumRoutes(ctx)],
  cli: identityCli,
});
