/**
 * The composition root: the modules this platform runs, in dependency order, and what the engines get from them.
 * Adding a module is one line here, and one in cliResources.ts for its `cli` (docs/adr/009-modules.md, "How to add
 * a module"): the operation commands read the modules' resources from there, without loading the modules.
 */
import { fileURLToPath } from 'node:url';
import { composeSuite, type ContractSuite } from '../chain/contracts.ts';
import { createRevertDecoder, type RevertDecoder } from '../chain/decodeRevert.ts';
import { ENGINE_MIGRATIONS, type MigrationSet } from '../db/migrate.ts';
import { composeReadModels, type ReadModels } from '../indexer/projections.ts';
import type { RouteModule } from '../api/server.ts';
import { commandRoutes } from '../api/routes/commands.ts';
import { eventRoutes } from '../api/routes/events.ts';
import type { DemoScenario } from '../demo/scenario.ts';
import type { ModuleContext } from './context.ts';
import type { CreditFactContribution, TierchainModule } from './module.ts';
import { identityModule } from '../modules/identity/index.ts';
import { currencyModule } from '../modules/currency/index.ts';
import { creditModule } from '../modules/credit/index.ts';
import { claimsModule } from '../modules/claims/index.ts';
import { receivablesModule } from '../modules/receivables/index.ts';
import { collateralModule } from '../modules/collateral/index.ts';
import { investmentModule } from '../modules/investment/index.ts';
import { bankingModule } from '../modules/banking/index.ts';
import { invoicesModule } from '../modules/invoices/index.ts';
import { certificatesModule } from '../modules/certificates/index.ts';
import { documentsModule } from '../modules/documents/index.ts';
import { reportsModule } from '../modules/reports/index.ts';
import { devicesModule } from '../modules/devices/index.ts';
import { leasingModule } from '../modules/leasing/index.ts';

/** Every module of the platform; a module comes after the modules it uses. */
export const modules: readonly TierchainModule[] = checkOrder([
  identityModule,
  currencyModule,
  creditModule,
  claimsModule,
  receivablesModule,
  collateralModule,
  investmentModule,
  bankingModule,
  invoicesModule,
  certificatesModule,
  documentsModule,
  reportsModule,
  devicesModule,
  leasingModule,
]);

/** The contract suite: every module's logical contracts, deployments and configuration calls. */
export const contractSuite: ContractSuite = composeSuite(modules.flatMap((m) => (m.contracts ? [m.contracts] : [])));

/** Decodes any revert of the suite, explained in the modules' words. */
export const decodeRevert: RevertDecoder = createRevertDecoder({
  errorsAbi: contractSuite.errorsAbi,
  explanations: modules.flatMap((m) => (m.revertExplanations ? [m.revertExplanations] : [])),
});

/** The engines' migrations, then each module's, in module order. */
export const migrationSets: readonly MigrationSet[] = [
  ENGINE_MIGRATIONS,
  ...modules.flatMap((m) => (m.migrations ? [{ name: m.name, dir: fileURLToPath(m.migrations) }] : [])),
];

/** The indexer's read models: every module's tables and projections. */
export const readModels: ReadModels = composeReadModels(modules.flatMap((m) => (m.readModel ? [m.readModel] : [])));

/** Every HTTP route of the platform: the modules', then the engines' own (commands, the event stream). */
export function platformRoutes(ctx: ModuleContext): RouteModule[] {
  return [
    ...modules.flatMap((m) => {
      const routes = m.routes?.(ctx) ?? [];
      return Array.isArray(routes) ? routes : [routes];
    }),
    commandRoutes(ctx),
    eventRoutes(ctx),
  ];
}

/** The modules' parts of every member's credit history, which the credit module scores. */
export const creditFactSources: readonly CreditFactContribution[] = modules.flatMap((m) => (m.creditFacts ? [{ module: m.name, facts: m.creditFacts }] : []));

/** `tierchain demo --scenario <name>`: the modules that have an end-to-end scenario. */
export const demoScenarios: Readonly<Record<string, DemoScenario>> = Object.fromEntries(
  modules.flatMap((m) => (m.demo ? [[m.demoName ?? m.name, m.demo] as const] : [])),
);

function checkOrder(list: TierchainModule[]): TierchainModule[] {
  const seen = new Set<string>();
  for (const m of list) {
    for (const used of m.uses) {
      if (!seen.has(used)) throw new Error(`module ${m.name} uses ${used}, which must be listed before it`);
    }
    if (seen.has(m.name)) throw new Error(`module ${m.name} is listed twice`);
    seen.add(m.name);
  }
  return list;
}
