import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { loadConfig, type Config } from '../config.ts';
import { startPlatform, type Platform } from '../platform/startPlatform.ts';
import { createApiClient } from '../demo/client.ts';
import { demoScenarios } from '../platform/modules.ts';
import { platformUrl } from './runningPlatform.ts';
import { CliError } from './errors.ts';
import { createProgressPrinter } from './progress.ts';

/**
 * `tierchain demo [--scenario <module>] [--embedded] [--url <url>] [--key <key>] [--json]`: runs a module's
 * end-to-end scenario through the HTTP API (default: receivables), on a running platform or, with --embedded, on
 * one of its own whose chain it may time-travel. Prints the scenario's report (or its result as JSON). Progress goes
 * to stderr.
 */
export async function demoCommand(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      scenario: { type: 'string', default: 'receivables' },
      embedded: { type: 'boolean', default: false },
      url: { type: 'string' },
      key: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const scenario = demoScenarios[values.scenario];
  if (!scenario) {
    throw new CliError(`demo: no scenario "${values.scenario}"; the modules with one: ${Object.keys(demoScenarios).join(', ')}`, { exitCode: 2 });
  }
  if (values.embedded && (values.url || values.key)) {
    throw new CliError('demo: --embedded starts its own platform; --url and --key are for a running one', { exitCode: 2 });
  }
  const printer = createProgressPrinter({ write: (line) => process.stderr.write(line) });
  const progress = (step: string, detail?: string) => printer.step(step, detail);
  const tag = randomBytes(3).toString('hex');

  let platform: Platform | null = null;
  let dataDir: string | null = null;
  try {
    let baseUrl: string;
    let key: string;
    let advanceTo: ((unixSeconds: number) => Promise<void>) | undefined;
    if (values.embedded) {
      dataDir = mkdtempSync(join(tmpdir(), 'tierchain-demo-'));
      const config: Config = { ...loadConfig({}), dataDir, port: 0, chainPort: 0 };
      progress('platform', `starting an embedded platform in ${dataDir} (database, anvil, contracts, API)`);
      platform = await startPlatform({ config, onProgress: (s) => (s.step === 'deploy' || s.step === 'chain' ? progress(s.step, s.detail) : undefined) });
      baseUrl = platform.url!;
      key = platform.operator.apiKey!;
      const rpcUrl = platform.rpcUrl;
      advanceTo = async (target) => {
        const latest = (await rpc(rpcUrl, 'eth_getBlockByNumber', ['latest', false])) as { timestamp: string };
        const now = Number(BigInt(latest.timestamp));
        if (target > now) await rpc(rpcUrl, 'evm_increaseTime', [target - now]);
        await rpc(rpcUrl, 'evm_mine', []);
      };
      progress('platform', `ready at ${baseUrl}`);
    } else {
      const config = loadConfig(env);
      baseUrl = (values.url ?? platformUrl(env)).replace(/\/+$/, '');
      key = values.key ?? (env.TIERCHAIN_API_KEY || readKeyFile(join(config.dataDir, 'operator-api-key')));
      await reachable(baseUrl);
    }

    const api = createApiClient({ baseUrl, key });
    const me = await api.request<{ isOperator?: boolean }>('GET', '/v1/me');
    if (me.status === 401) throw new CliError(`the API key was refused by ${baseUrl}`, { hint: "pass the operator's key with --key or TIERCHAIN_API_KEY" });
    if (me.status !== 200 || !me.body.isOperator) {
      throw new CliError('the demo onboards enterprises, which only the platform operator may do: this key is not the operator\'s', {
        hint: `use the key in <TIERCHAIN_DATA_DIR>/operator-api-key (or run tierchain demo --embedded)`,
      });
    }
    progress('demo', `${values.scenario}: ${scenario.summary}; run ${tag} against ${baseUrl}`);
    const result = await scenario.run({ api, advanceTo, tag, tagNames: !values.embedded, progress });
    progress('done', `in ${printer.elapsed()}`);
    process.stdout.write(values.json ? JSON.stringify({ ...(result as object), consoleUrl: values.embedded ? null : `${baseUrl}/` }) + '\n' : scenario.report(result) + signInNote(baseUrl, values.embedded));
    return 0;
  } finally {
    if (platform) {
      progress('platform', 'stopping the embedded platform');
      await platform.stop();
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Where to sign in with the keys the report lists: the running platform's console (an embedded one is gone). */
function signInNote(baseUrl: string, embedded: boolean): string {
  if (embedded) {
    return '  The embedded platform stopped with the demo: to sign in with these keys, run `tierchain start`, then `tierchain demo`.\n';
  }
  return `\n  Console  ${baseUrl}/   (sign in with a key above)\n`;
}

function readKeyFile(file: string): string {
  if (!existsSync(file)) {
    throw new CliError('no API key: pass --key, set TIERCHAIN_API_KEY, or run where the platform keeps its operator key', {
      hint: `looked for ${file} (TIERCHAIN_DATA_DIR); or run tierchain demo --embedded`,
    });
  }
  return readFileSync(file, 'utf8').trim();
}

async function reachable(baseUrl: string): Promise<void> {
  try {
    await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(10_000) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    throw new CliError(`no Tierchain platform answers at ${baseUrl} (${cause})`, {
      hint: 'start one with `tierchain start` (or pass --url), or run `tierchain demo --embedded`',
    });
  }
}

async function rpc(url: string, method: string, params: unknown[]): Promise<unknown> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
  const body = (await res.json()) as { result?: unknown; error?: { message?: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}
