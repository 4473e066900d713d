import { defineModule } from '../../platform/module.ts';
import { devicesCli } from './cli.ts';
import { devicesContracts, devicesExplanations } from './contracts.ts';
import { devicesReadModel } from './projections.ts';
import { deviceRoutes } from './routes.ts';
import { telemetryRoutes } from './telemetryRoutes.ts';
import { startDevicesService } from './service.ts';
import { devicesCreditFacts } from './credit.ts';

/**
 * Devices and their telemetry (seed 004, Lease Chain): IoT equipment as ERC-721 tokens registered by certified
 * manufacturers, readings signed by each device's own key, ingested over MQTT and HTTP, batched into Merkle trees
 * whose roots are anchored on-chain.
 */
export const devicesModule = defineModule({
  name: 'devices',
  summary: "device tokens, manufacturers' deposits, signed telemetry ingested over MQTT and HTTP, Merkle anchors on-chain",
  uses: ['identity', 'currency'],
  contracts: devicesContracts,
  revertExplanations: devicesExplanations,
  migrations: new URL('./migrations/', import.meta.url),
  readModel: devicesReadModel,
  routes: (ctx) => [deviceRoutes(ctx), telemetryRoutes(ctx)],
  cli: devicesCli,
  start: startDevicesService,
  creditFacts: devicesCreditFacts,
});
