import { defineModule } from '../../platform/module.ts';
import { documentsCli } from './cli.ts';
import { documentsContracts, documentsExplanations } from './contracts.ts';
import { documentsReadModel } from './projections.ts';
import { documentRoutes } from './routes.ts';

/** Documents: private by default — encrypted per document, keys wrapped per reader, grants on-chain, reads logged. */
export const documentsModule = defineModule({
  name: 'documents',
  summary: 'Encrypted documents (AES-256-GCM, one key each, wrapped per entitled member and the regulator), grants on-chain, reads logged',
  uses: ['identity', 'certificates'],
  contracts: documentsContracts,
  revertExplanations: documentsExplanations,
  migrations: new URL('./migrations/', import.meta.url),
  readModel: documentsReadModel,
  routes: (ctx) => documentRoutes(ctx),
  cli: documentsCli,
});
