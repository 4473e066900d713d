import type { ServiceContext } from '../../services/context.ts';
import type { RouteModule } from '../server.ts';
import { memberRoutes } from './members.ts';
import { consortiumRoutes } from './consortia.ts';
import { xtRoutes } from './xt.ts';
import { commandRoutes } from './commands.ts';
import { eventRoutes } from './events.ts';
import { claimReadRoutes } from './claimReads.ts';
import { claimRoutes } from './claims.ts';
import { marketRoutes } from './market.ts';

/** Every route module of the platform API, bound to the services. */
export function platformRoutes(ctx: ServiceContext): RouteModule[] {
  return [memberRoutes(ctx), consortiumRoutes(ctx), xtRoutes(ctx), commandRoutes(ctx), eventRoutes(ctx), claimReadRoutes(ctx), claimRoutes(ctx), marketRoutes(ctx)];
}
