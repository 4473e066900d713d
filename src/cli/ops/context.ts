/**
 * What every operation command shares: the global flags (--url, --key, --json, --no-wait, --timeout), the SDK
 * client, waiting for commands with progress on stderr (accepted → submitted → confirmed), output (human or
 * JSON) and SDK errors turned into one clear line with the API's code, message and field.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { loadConfig } from '../../config.ts';
import {
  createTierchainClient,
  TierchainApiError,
  TierchainCommandError,
  TierchainNetworkError,
  TierchainTimeoutError,
  type Accepted,
  type Command,
  type CommandOptions,
  type TierchainClient,
} from '../../sdk/index.ts';
import { platformUrl } from '../runningPlatform.ts';
import { CliError } from '../errors.ts';
import { createProgressPrinter } from '../progress.ts';
import { done } from './format.ts';
import { integerValue } from './values.ts';

type Options = NonNullable<ParseArgsConfig['options']>;
export type Flags = Record<string, string | boolean | undefined>;

/** One action of a resource, e.g. `claims transfer <claimId> <toMemberId> <amount>`. */
export interface Action {
  /** Positional arguments; a name ending in `?` is optional. */
  args?: string[];
  /** The action's own flags (the global ones are added). */
  options?: Options;
  run(ctx: OpContext, args: Record<string, string | undefined>, flags: Flags): Promise<void>;
}

/** A resource's actions by name; `''` is the action of a resource used without one (`tierchain position`). */
export type Resource = Record<string, Action>;

export interface OpContext {
  client: TierchainClient;
  json: boolean;
  /** False with --no-wait. */
  wait: boolean;
  /** Writes to stdout. */
  out(text: string): void;
  /** Prints `value` as JSON with --json, else the human text. */
  print(value: unknown, human: () => string): void;
  /**
   * Prints the answer of a command action: JSON with --json; else `title` (what was done, or with --no-wait what
   * was accepted), the details and the commands.
   */
  done(result: { commands: Command[]; [field: string]: unknown }, title: string, details?: Array<[string, string | number | null | undefined]>): void;
  /**
   * Sends a command-creating request and (unless --no-wait) waits for its commands with progress on stderr;
   * a failed command throws. With --no-wait, prints how to wait for them later.
   */
  command<T extends object>(send: (o: CommandOptions) => Promise<Accepted<T>>): Promise<Accepted<T>>;
  /** A member's name for human output (its id when the directory does not answer). */
  nameOf(memberId: string): Promise<string>;
}

const globalOptions: Options = {
  url: { type: 'string' },
  key: { type: 'string' },
  json: { type: 'boolean', default: false },
  'no-wait': { type: 'boolean', default: false },
  timeout: { type: 'string' },
};

const usageError = (message: string) => new CliError(message, { hint: 'tierchain help lists the commands and their arguments', exitCode: 2 });

/** Runs `tierchain <resource> <action> [args] [--flags]`; resolves with the exit code. */
export async function runResource(name: string, resource: Resource, argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const actionName = resource[''] ? '' : argv[0];
  const action = actionName === undefined ? undefined : resource[actionName];
  if (!action) {
    const actions = Object.keys(resource).join(', ');
    throw usageError(actionName === undefined ? `${name}: an action is required (${actions})` : `${name}: unknown action "${actionName}" (${actions})`);
  }
  const label = actionName ? `${name} ${actionName}` : name;
  const { values, positionals } = parseArgs({
    args: actionName ? argv.slice(1) : argv,
    options: { ...globalOptions, ...action.options },
    strict: true,
    allowPositionals: true,
  });
  const names = action.args ?? [];
  const required = names.filter((a) => !a.endsWith('?')).length;
  if (positionals.length < required || positionals.length > names.length) {
    throw usageError(`${label}: expected ${names.map((a) => (a.endsWith('?') ? `[<${a.slice(0, -1)}>]` : `<${a}>`)).join(' ') || 'no arguments'}, got ${positionals.length ? positionals.join(' ') : 'none'}`);
  }
  const args = Object.fromEntries(names.map((a, i) => [a.replace(/\?$/, ''), positionals[i]]));
  const flags = values as Flags;
  const json = flags.json === true;
  const ctx = createContext(flags, env);
  try {
    await action.run(ctx, args, flags);
    return 0;
  } catch (error) {
    const failure = explain(error, ctx.client.baseUrl);
    if (json && failure !== error) process.stdout.write(JSON.stringify({ error: jsonError(error) }) + '\n');
    throw failure;
  }
}

function createContext(flags: Flags, env: NodeJS.ProcessEnv): OpContext {
  const baseUrl = typeof flags.url === 'string' ? flags.url : defaultUrl(env);
  const client = createTierchainClient({ baseUrl, apiKey: apiKey(flags, env) });
  const json = flags.json === true;
  const wait = flags['no-wait'] !== true;
  const timeoutMs = typeof flags.timeout === 'string' ? integerValue('--timeout', flags.timeout, { min: 1 }) * 1000 : 120_000;
  const out = (text: string) => void process.stdout.write(text);
  const names = new Map<string, Promise<string>>();
  return {
    nameOf(memberId) {
      if (!names.has(memberId)) names.set(memberId, client.members.get(memberId).then((m) => m.name, () => memberId));
      return names.get(memberId)!;
    },
    client,
    json,
    wait,
    out,
    print: (value, human) => out(json ? JSON.stringify(value, null, 2) + '\n' : human()),
    done: (result, title, details = []) =>
      out(json ? JSON.stringify(result, null, 2) + '\n' : done(wait ? title : `accepted, not yet on-chain: ${title}`, result.commands, details)),
    async command(send) {
      if (!wait) {
        const accepted = await send({});
        if (!json && accepted.commands.length) process.stderr.write(`not waiting (--no-wait): tierchain commands wait <id>\n`);
        return accepted;
      }
      const printer = createProgressPrinter({ write: (line) => process.stderr.write(line) });
      return send({
        wait: {
          timeoutMs,
          onProgress: json
            ? undefined
            : ({ command, previous }) => {
                // A fast chain may confirm between two polls: the transaction was still submitted first.
                if (command.txHash && command.status !== 'submitted' && previous !== 'submitted') printer.step('submitted', describeCommand({ ...command, status: 'submitted' }));
                printer.step(command.status, describeCommand(command));
              },
        },
      });
    },
  };
}

function describeCommand(c: Command): string {
  const parts = [c.kind, c.id];
  if (c.status === 'submitted' && c.txHash) parts.push(`tx ${c.txHash}`);
  if (c.status === 'confirmed' && c.blockNumber) parts.push(`block ${c.blockNumber}`);
  if (c.status === 'failed' && c.error) parts.push(`${c.error.code}: ${c.error.message}`);
  return parts.join('  ');
}

/** TIERCHAIN_PORT's URL, else the platform running on the data directory, else port 8080 (runningPlatform.ts). */
export function defaultUrl(env: NodeJS.ProcessEnv): string {
  return platformUrl(env);
}

/** --key, else TIERCHAIN_API_KEY, else the operator key file of the data directory. */
export function apiKey(flags: Flags, env: NodeJS.ProcessEnv): string {
  if (typeof flags.key === 'string' && flags.key) return flags.key;
  if (env.TIERCHAIN_API_KEY) return env.TIERCHAIN_API_KEY;
  const file = join(loadConfig({ TIERCHAIN_DATA_DIR: env.TIERCHAIN_DATA_DIR }).dataDir, 'operator-api-key');
  if (!existsSync(file)) {
    throw new CliError('no API key: pass --key, set TIERCHAIN_API_KEY, or run where the platform keeps its operator key', {
      hint: `looked for ${file} (TIERCHAIN_DATA_DIR)`,
    });
  }
  return readFileSync(file, 'utf8').trim();
}

/** An SDK error as one line and a hint (exit 1); anything else unchanged. */
function explain(error: unknown, baseUrl: string): unknown {
  if (error instanceof TierchainApiError) {
    const field = error.field ? ` (field ${error.field})` : '';
    const hint =
      error.status === 401
        ? `${baseUrl} refused the API key: pass a valid one with --key or TIERCHAIN_API_KEY`
        : error.status === 403
          ? 'this key acts for an enterprise without the right role: use the key of the member that may do this'
          : undefined;
    return new CliError(`${error.code}: ${error.message}${field}`, { hint });
  }
  if (error instanceof TierchainCommandError) {
    const c = error.command;
    return new CliError(`command ${c.kind} failed: ${error.code}: ${error.message}`, { hint: `tierchain commands show ${c.id}` });
  }
  if (error instanceof TierchainTimeoutError) {
    return new CliError(error.message, { hint: `it may still finish: tierchain commands wait ${error.command.id}` });
  }
  if (error instanceof TierchainNetworkError) {
    return new CliError(`no Tierchain platform answers at ${baseUrl} (${error.reason})`, { hint: 'start one with `tierchain start`, or pass --url (TIERCHAIN_PORT)' });
  }
  return error;
}

function jsonError(error: unknown): Record<string, unknown> {
  if (error instanceof TierchainApiError) return { status: error.status, code: error.code, message: error.message, details: error.details };
  if (error instanceof TierchainCommandError) return { code: error.code, message: error.message, command: error.command };
  if (error instanceof TierchainTimeoutError) return { code: 'timeout', message: error.message, command: error.command };
  if (error instanceof TierchainNetworkError) return { code: 'unreachable', message: error.message };
  return { code: 'error', message: String(error) };
}
