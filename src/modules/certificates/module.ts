import { defineModule } from '../../platform/module.ts';
import { certificatesCli } from './cli.ts';
import { certificatesContracts, certificatesExplanations } from './contracts.ts';
import { certificatesReadModel } from './projections.ts';
import { certificateRoutes } from './routes.ts';

/** Certificates: members onboarded with X.509 (SM2 or P-256) chained to the operator's authorities, signed documents. */
export const certificatesModule = defineModule({
  name: 'certificates',
  summary: 'X.509 certificates (SM2 / P-256) chained to configured authorities, checked against CRLs, recorded on-chain; document signatures; SM3 digests',
  uses: ['identity'],
  contracts: certificatesContracts,
  revertExplanations: certificatesExplanations,
  migrations: new URL('./migrations/', import.meta.url),
  readModel: certificatesReadModel,
  routes: (ctx) => certificateRoutes(ctx),
  cli: certificatesCli,
});
