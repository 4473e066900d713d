import { readFileSync } from 'node:fs';
import { CliError, debugDescription, describeFailure } from './errors.ts';
import { usage } from './usage.ts';

type Command = (args: string[], env: NodeJS.ProcessEnv) => Promise<number>;

/**
 * The platform's own commands, each loaded only when it runs: they bring the server, database and chain code,
 * which help and the operation commands do without.
 */
const commands: Record<string, Command> = {
  start: async (args, env) => (await import('./start.ts')).startCommand(args, env),
  deploy: async (args, env) => (await import('./deploy.ts')).deployCommand(args, env),
  status: async (args, env) => (await import('./status.ts')).statusCommand(args, env),
  bench: async (args, env) => (await import('./bench.ts')).benchCommand(args, env),
  demo: async (args, env) => (await import('./demo.ts')).demoCommand(args, env),
  devnet: async (args, env) => (await import('./devnet.ts')).devnetCommand(args, env),
};

/** One of the commands above, or an operation command (`tierchain <resource> <action> …`, src/cli/ops): a module's resource, through the SDK. */
async function commandNamed(name: string): Promise<Command | undefined> {
  if (Object.hasOwn(commands, name)) return commands[name];
  const { resources, runOperation } = await import('./ops/index.ts');
  return Object.hasOwn(resources, name) ? (args, env) => runOperation(name, args, env) : undefined;
}

/** Runs the `tierchain` command line and exits the process with the command's exit code. */
export async function main(argv: string[]): Promise<void> {
  process.exit(await run(argv, process.env));
}

/** Runs one command; resolves with its exit code (0 success, 1 failure, 2 usage error). */
export async function run(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const [name, ...args] = argv;
  if (name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(usage);
    return 0;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`tierchain ${version()}\n`);
    return 0;
  }
  const command = name === undefined ? undefined : await commandNamed(name);
  if (!command) {
    process.stderr.write(name === undefined ? 'tierchain: a command is required\n\n' : `tierchain: unknown command "${name}"\n\n`);
    process.stderr.write(usage);
    return 2;
  }
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(usage);
    return 0;
  }
  try {
    return await command(args, env);
  } catch (error) {
    return reportFailure(asUsageError(error, name!), env);
  }
}

function reportFailure(error: unknown, env: NodeJS.ProcessEnv): number {
  const failure = describeFailure(error);
  process.stderr.write(`tierchain: error: ${failure.message}\n`);
  if (failure.hint) process.stderr.write(`  hint: ${failure.hint}\n`);
  if (env.TIERCHAIN_DEBUG === '1') process.stderr.write(`\n${debugDescription(error)}\n`);
  else if (!failure.hint && !(error instanceof CliError)) process.stderr.write('  (TIERCHAIN_DEBUG=1 shows the details)\n');
  return failure.exitCode;
}

/** node:util parseArgs refusals (unknown option, missing value, stray argument) are usage errors. */
function asUsageError(error: unknown, command: string): unknown {
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_')) {
    return new CliError(`${command}: ${(error as Error).message}`, { hint: 'tierchain help lists the options', exitCode: 2 });
  }
  return error;
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
  return pkg.version ?? 'unknown';
}
