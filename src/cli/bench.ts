import { parseArgs } from 'node:util';
import { formatTable, runBench } from '../../bench/runBench.ts';
import { formatFaultTable, runFaultBench } from '../../bench/runFaultBench.ts';
import { formatScaleTable, runScaleBench } from '../../bench/runScaleBench.ts';
import { CliError } from './errors.ts';
import { createProgressPrinter } from './progress.ts';

/**
 * `tierchain bench [--json] [--quick] [--no-api] [--raw <n>] [--api <n>] [--database-url <postgres url>] [--quiet]`: gas and throughput
 * figures of the platform on a fresh embedded anvil (see bench/README.md). Progress goes to stderr; stdout
 * gets the table, or exactly one JSON object with --json. Exit code 0 when the bench ran (whether or not
 * the targets are met), 1 when it could not.
 * `tierchain bench --faults [--commands <n>] [--pause <s>] [--database-url <postgres url>]`: the fault runs instead (kill -9
 * of the whole service and of the platform, the chain paused; with a PostgreSQL, kill -9 of one of two instances), each on
 * real `tierchain start` processes.
 * `tierchain bench --scale [--claims <n>] [--samples <n>] [--database-url <postgres url>]`: data at scale on PostgreSQL
 * (default 100,000 claims) and what it costs: the indexer's catch-up against raw eth_getLogs + decode, API latency.
 */
export async function benchCommand(args: string[], _env: NodeJS.ProcessEnv): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      json: { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
      'no-api': { type: 'boolean', default: false },
      raw: { type: 'string' },
      api: { type: 'string' },
      quiet: { type: 'boolean', default: false },
      'database-url': { type: 'string' },
      faults: { type: 'boolean', default: false },
      scale: { type: 'boolean', default: false },
      claims: { type: 'string' },
      samples: { type: 'string' },
      commands: { type: 'string' },
      pause: { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
  const count = (name: string, value: string | undefined) => {
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > 100_000) throw new CliError(`bench: --${name} must be a whole number from 1 to 100000, got "${value}"`, { exitCode: 2 });
    return n;
  };
  const printer = createProgressPrinter({ write: (line) => process.stderr.write(line) });
  const progress = values.quiet ? undefined : (step: string, detail?: string) => printer.step(step, detail);
  if (values.scale) {
    const databaseUrl = values['database-url'] ?? process.env.DATABASE_URL;
    if (!databaseUrl) throw new CliError('bench --scale runs on PostgreSQL: give --database-url <postgres url> (or set DATABASE_URL); it works in a schema of its own, dropped at the end', { exitCode: 2 });
    const claims = values.claims === undefined ? undefined : Number(values.claims);
    if (claims !== undefined && !(Number.isInteger(claims) && claims >= 10 && claims <= 10_000_000)) {
      throw new CliError(`bench: --claims must be a whole number from 10 to 10000000, got "${values.claims}"`, { exitCode: 2 });
    }
    const scale = await runScaleBench({ databaseUrl, claims, samples: count('samples', values.samples), quick: values.quick, progress });
    process.stdout.write(values.json ? JSON.stringify(scale) + '\n' : '\n' + formatScaleTable(scale));
    return 0;
  }
  if (values.faults) {
    const faults = await runFaultBench({ quick: values.quick, commands: count('commands', values.commands), pauseSeconds: count('pause', values.pause), databaseUrl: values['database-url'], progress });
    process.stdout.write(values.json ? JSON.stringify(faults) + '\n' : '\n' + formatFaultTable(faults));
    return 0;
  }
  const result = await runBench({
    quick: values.quick,
    skipApi: values['no-api'],
    databaseUrl: values['database-url'],
    rawTransfers: count('raw', values.raw),
    apiTransfers: count('api', values.api),
    progress,
  });
  process.stdout.write(values.json ? JSON.stringify(result) + '\n' : '\n' + formatTable(result));
  return 0;
}
