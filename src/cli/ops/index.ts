/**
 * The operation commands, `tierchain <resource> <action> [args] [--flags]`, each a call of the SDK (src/sdk)
 * against a running platform. Global flags and waiting: context.ts; amounts and other values: values.ts.
 */
import { claims } from './claims.ts';
import { commands } from './commands.ts';
import { runResource, type Resource } from './context.ts';
import { offers, quotes } from './market.ts';
import { consortia, members } from './members.ts';
import { creditLines, payables, position, settlements, trades } from './receivables.ts';
import { xt } from './xt.ts';

const resources: Record<string, Resource> = {
  members,
  consortia,
  xt,
  'credit-lines': creditLines,
  trades,
  payables,
  claims,
  offers,
  quotes,
  settlements,
  position,
  commands,
};

/** Runs `tierchain <resource> …`; resolves with the exit code. */
export function runOperation(resource: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return runResource(resource, resources[resource]!, args, env);
}
