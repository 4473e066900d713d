/**
 * `tierchain <resource> <action>`: the modules' CLI resources, taken from their `cli.ts` alone. A module's
 * index.ts brings its server side (routes, database drivers, viem); through modules.ts every operation command
 * started in 1.7 s rather than 0.34 s (2 cores, quiet), so the operation commands load this list instead. Same
 * modules, same order, same resources as the descriptors in modules.ts: cliResources.test.ts fails when they differ.
 */
import type { Action, Resource } from '../cli/ops/context.ts';
import { identityCli } from '../modules/identity/cli.ts';
import { currencyCli } from '../modules/currency/cli.ts';
import { creditCli } from '../modules/credit/cli.ts';
import { claimsCli } from '../modules/claims/cli.ts';
import { receivablesCli } from '../modules/receivables/cli.ts';
import { collateralCli } from '../modules/collateral/cli.ts';
import { investmentCli } from '../modules/investment/cli.ts';
import { bankingCli } from '../modules/banking/cli.ts';
import { invoicesCli } from '../modules/invoices/cli.ts';
import { certificatesCli } from '../modules/certificates/cli.ts';
import { documentsCli } from '../modules/documents/cli.ts';
import { reportsCli } from '../modules/reports/cli.ts';
import { devicesCli } from '../modules/devices/cli.ts';
import { leasingCli } from '../modules/leasing/cli.ts';

/** A module's name and its `cli` (what its descriptor declares as `cli`). */
export interface ModuleCli {
  name: string;
  cli?: Readonly<Record<string, Resource>>;
}

/** Every module that has CLI resources, in the order of modules.ts. */
export const moduleClis: readonly ModuleCli[] = [
  { name: 'identity', cli: identityCli },
  { name: 'currency', cli: currencyCli },
  { name: 'credit', cli: creditCli },
  { name: 'claims', cli: claimsCli },
  { name: 'receivables', cli: receivablesCli },
  { name: 'collateral', cli: collateralCli },
  { name: 'investment', cli: investmentCli },
  { name: 'banking', cli: bankingCli },
  { name: 'invoices', cli: invoicesCli },
  { name: 'certificates', cli: certificatesCli },
  { name: 'documents', cli: documentsCli },
  { name: 'reports', cli: reportsCli },
  { name: 'devices', cli: devicesCli },
  { name: 'leasing', cli: leasingCli },
];

/** The modules' resources, actions of one resource name merged (claims' `claims transfer`, receivables' `claims pay`). */
export const cliResources: Readonly<Record<string, Resource>> = mergeCliResources(moduleClis);

/** Merges the modules' resources in list order; an action two modules declare is refused. */
export function mergeCliResources(list: readonly ModuleCli[]): Readonly<Record<string, Resource>> {
  const resources: Record<string, Record<string, Action>> = {};
  for (const m of list) {
    for (const [name, actions] of Object.entries(m.cli ?? {})) {
      const into = (resources[name] ??= {});
      for (const [action, run] of Object.entries(actions)) {
        if (into[action]) throw new Error(`tierchain ${name} ${action} is declared by two modules`);
        into[action] = run;
      }
    }
  }
  return resources;
}
