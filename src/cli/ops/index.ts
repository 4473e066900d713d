/**
 * The operation commands, `tierchain <resource> <action> [args] [--flags]`, each a call of the SDK (src/sdk)
 * against a running platform. The resources come from the modules' cli.ts (src/platform/cliResources.ts, which loads
 * no server, database or chain code); the global flags and waiting are in context.ts, amounts and other values in
 * values.ts.
 */
import { cliResources } from '../../platform/cliResources.ts';
import { commands } from './commands.ts';
import { runResource, type Resource } from './context.ts';

/** Every resource: the modules', and `commands` (the outbox, which every module's writes go through). */
export const resources: Readonly<Record<string, Resource>> = { ...cliResources, commands };

/** Runs `tierchain <resource> …`; resolves with the exit code. */
export function runOperation(resource: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return runResource(resource, resources[resource]!, args, env);
}
