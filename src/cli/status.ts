import { parseArgs } from 'node:util';
import { platformUrl } from './runningPlatform.ts';
import { CliError } from './errors.ts';

/** `tierchain status [--url <url>] [--json]`: asks a running platform whether it is ready (GET /ready). */
export async function statusCommand(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { url: { type: 'string' }, json: { type: 'boolean', default: false } },
    strict: true,
    allowPositionals: false,
  });
  const base = (values.url ?? platformUrl(env)).replace(/\/+$/, '');
  let response: Response;
  try {
    response = await fetch(`${base}/ready`, { signal: AbortSignal.timeout(10_000) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    throw new CliError(`no Tierchain platform answers at ${base} (${cause})`, {
      hint: 'is `tierchain start` running? Set TIERCHAIN_DATA_DIR to its data directory, or TIERCHAIN_PORT (or --url) to where it listens',
    });
  }
  const body = (await response.json().catch(() => null)) as { ready?: boolean; checks?: Record<string, string> } | null;
  if (!body || typeof body.ready !== 'boolean') {
    throw new CliError(`${base}/ready answered HTTP ${response.status} without a readiness report`, {
      hint: 'is that a Tierchain platform? Check --url / TIERCHAIN_PORT',
    });
  }
  if (values.json) {
    process.stdout.write(JSON.stringify(body, null, 2) + '\n');
  } else {
    const checks = Object.entries(body.checks ?? {});
    const width = Math.max(0, ...checks.map(([name]) => name.length)) + 2;
    process.stdout.write(
      [`${base} is ${body.ready ? 'ready' : 'NOT ready'}`, ...checks.map(([name, value]) => `  ${name.padEnd(width)}${value}`), ''].join('\n'),
    );
  }
  return body.ready ? 0 : 1;
}
