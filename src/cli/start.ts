import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, type Config } from '../config.ts';
import { startPlatform, type Platform } from '../platform/startPlatform.ts';
import { lockDataDir } from './dataDirLock.ts';
import { CliError, debugDescription } from './errors.ts';
import { isPortFree } from '../chain/freePort.ts';
import { consoleBuilt, contractLines, describeDatabase, operatorKeyAddress } from './describe.ts';
import { createProgressPrinter } from './progress.ts';
import { browsableUrl, forgetApiUrl, recordApiUrl } from './runningPlatform.ts';
import { ensureConsole } from '../../web/build.ts';

const out = (text: string) => process.stdout.write(text);
const err = (text: string) => process.stderr.write(text);

/**
 * `tierchain start`: starts the platform, prints where everything is, and runs until SIGINT or SIGTERM,
 * then stops it (anvil dumps its state on the way out). A second signal exits at once.
 * Resolves with the exit code once the platform has stopped.
 */
export async function startCommand(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  parseArgs({ args, options: {}, strict: true, allowPositionals: false });
  const config = loadConfig(env);
  const importedOperator = operatorKeyAddress(env);
  const debug = env.TIERCHAIN_DEBUG === '1';

  const lock = lockDataDir(config.dataDir);
  let signalled: ((signal: NodeJS.Signals) => void) | undefined;
  const stopRequested = new Promise<NodeJS.Signals>((resolve) => (signalled = resolve));
  let signals = 0;
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) {
      err(`\n${signal} again: exiting without waiting for a clean stop\n`);
      process.exit(130);
    }
    stopping = true;
    err(`\n${signal}: stopping (press Ctrl-C again to exit at once)\n`);
    signalled!(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    // Fail before the slow steps rather than after them (the listen error is still mapped, for races).
    if (config.port !== 0 && !(await isPortFree(config.port, config.host))) {
      throw new CliError(`cannot serve the API: ${config.host}:${config.port} is already in use`, {
        hint: 'stop whatever holds it (another tierchain start?), or set TIERCHAIN_PORT to a free port',
      });
    }
    err(`Starting Tierchain (data directory ${config.dataDir})\n`);
    const progress = createProgressPrinter({ write: err });
    // The web console (web/dist) is built when missing or older than web/src; a failed build only leaves it out.
    const consoleBuild = await ensureConsole({ onProgress: (detail) => progress.step('console', detail) });
    if (consoleBuild.status === 'failed') {
      progress.step('console', 'build failed (the API starts anyway):');
      err(`${consoleBuild.detail.replace(/^/gm, '    ')}\n`);
    }
    let platform: Platform;
    try {
      platform = await startPlatform({
        config,
        onProgress: (p) => progress.step(p.step, p.detail),
        // Engine notices (rebroadcasts, reorgs, retries); while stopping they are noise unless debugging.
        log: (message) => {
          if (!stopping || debug) err(`${new Date().toISOString()} ${message}\n`);
        },
      });
    } catch (error) {
      // Interrupted while starting (in a terminal, Ctrl-C also reaches anvil): startPlatform has undone its steps.
      if (!stopping) throw error;
      if (debug) err(`${debugDescription(error)}\n`);
      progress.step('stopped', 'before the start completed');
      return 0;
    }
    if (!stopping) {
      recordApiUrl(config.dataDir, apiUrl(config, platform));
      progress.step('ready', `in ${progress.elapsed()}`);
      out(banner(config, platform, importedOperator, consoleBuild.status === 'failed'));
      await stopRequested;
    }
    const stopProgress = createProgressPrinter({ write: err });
    await platform.stop();
    stopProgress.step('stopped', platform.anvil ? `chain state saved in ${join(config.dataDir, 'chain')}` : undefined);
    return 0;
  } finally {
    forgetApiUrl(config.dataDir);
    lock.release();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

function consoleNote(built: boolean, buildFailed: boolean): string {
  if (buildFailed) return built ? '   (the previous build: the console build failed, see above)' : '   (not served: the console build failed, see above)';
  return built ? '' : '   (no console build yet: web/dist is missing)';
}

/** The URL the API listens at (the port the system chose when TIERCHAIN_PORT=0). */
function apiUrl(config: Config, platform: Platform): string {
  const address = platform.server?.server.address();
  return browsableUrl(config.host, typeof address === 'object' && address ? address.port : config.port);
}

function banner(config: Config, platform: Platform, importedOperator: string | undefined, consoleFailed = false): string {
  const base = apiUrl(config, platform);
  const keyFile = join(config.dataDir, 'operator-api-key');
  const label = (name: string) => `  ${name.padEnd(18)}`;
  const indent = ' '.repeat(20);
  const lines = [
    '',
    '  Tierchain is running',
    '',
    `${label('Console')}${base}/${consoleNote(consoleBuilt(), consoleFailed)}`,
    `${label('API docs')}${base}/docs`,
    `${label('OpenAPI')}${base}/openapi.json`,
    platform.operator.apiKey
      ? `${label('Operator API key')}${platform.operator.apiKey}   (kept in ${keyFile})`
      : `${label('Operator API key')}not shown: it is kept in ${keyFile}, which is missing`,
    `${indent}send it as "Authorization: Bearer <key>"`,
    `${label('Data directory')}${config.dataDir}`,
    `${label('Database')}${describeDatabase(config)}`,
    platform.chainNodes
      ? `${label('Chain')}chain id ${platform.chainId}, nodes ${platform.chainNodes.urls.join(', ')} (one at a time; using ${platform.chainNodes.current()})`
      : `${label('Chain')}${platform.rpcUrl}, chain id ${platform.chainId}` + (platform.anvil ? ` (embedded anvil, pid ${platform.anvil.pid})` : ''),
    `${label('Operator account')}${platform.operator.address}`,
    ...(platform.services.devices ? [`${label('Telemetry MQTT')}${String(platform.services.devices.mqtt)} (${String(platform.services.devices.broker)} broker; devices publish to tierchain/devices/<id>/readings)`] : []),
    `${label('Instance')}${platform.instance}   (its leases: the signers and engines it works for)`,
    ...contractLines(platform.deployment.contracts, indent).map((line, i) => (i === 0 ? label('Contracts') + line.trimStart() : line)),
  ];
  if (importedOperator && importedOperator !== platform.operator.address.toLowerCase()) {
    lines.push(
      '',
      `  Note: TIERCHAIN_OPERATOR_KEY (${importedOperator}) is ignored: this database's operator was created on its first start.`,
    );
  }
  if (config.host === '0.0.0.0' || config.host === '::') {
    lines.push('', `  Listening on every interface (TIERCHAIN_HOST=${config.host}).`);
  }
  lines.push('', '  Press Ctrl-C to stop.', '');
  return lines.join('\n') + '\n';
}
