/**
 * Where the platform running on a data directory answers. `tierchain start` writes the URL it listens at into
 * `<dataDir>/api-url` once the API is up (the real port, also when TIERCHAIN_PORT=0 let the system pick one) and
 * removes it when it stops; the other commands (`status`, `demo`, the operation commands) read it, so they find the
 * platform without being told its port. The operator key is found the same way (`<dataDir>/operator-api-key`).
 */
import { existsSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../config.ts';
import { CliError } from './errors.ts';

const URL_FILE = 'api-url';

/** Records that the platform holding `dataDir`'s lock answers at `url`. */
export function recordApiUrl(dataDir: string, url: string): void {
  writeFileSync(join(dataDir, URL_FILE), url + '\n', { mode: 0o600 });
}

/** Forgets the recorded URL (the platform stopped). */
export function forgetApiUrl(dataDir: string): void {
  try {
    unlinkSync(join(dataDir, URL_FILE));
  } catch {
    // already gone
  }
}

/**
 * The URL recorded in `dataDir` by a platform that still runs (the process holding `<dataDir>/tierchain.pid` is
 * alive), or null. A URL left by a process that died without cleaning up is ignored.
 */
export function runningPlatformUrl(dataDir: string): string | null {
  const urlFile = join(dataDir, URL_FILE);
  const pidFile = join(dataDir, 'tierchain.pid');
  if (!existsSync(urlFile) || !existsSync(pidFile)) return null;
  const pid = Number.parseInt(readFileSync(pidFile, 'utf8'), 10);
  if (!Number.isInteger(pid) || !isRunning(pid)) return null;
  const url = readFileSync(urlFile, 'utf8').trim();
  return /^https?:\/\/\S+$/.test(url) ? url : null;
}

/**
 * The API a command talks to when no --url is given: TIERCHAIN_PORT when it names a port; otherwise (unset, or 0:
 * "any free port") the platform running on the data directory; otherwise port 8080. With TIERCHAIN_PORT=0 and no
 * platform running on the data directory there is nothing to guess: that is said, with what to do.
 */
export function platformUrl(env: NodeJS.ProcessEnv): string {
  let config;
  try {
    config = loadConfig(env);
  } catch (error) {
    throw new CliError((error as Error).message, { hint: 'or pass --url', exitCode: 2 });
  }
  const explicitPort = env.TIERCHAIN_PORT !== undefined && env.TIERCHAIN_PORT.trim() !== '' && config.port !== 0;
  if (explicitPort) return browsableUrl(config.host, config.port);
  const running = runningPlatformUrl(config.dataDir);
  if (running) return running;
  if (config.port === 0) {
    throw new CliError(`no Tierchain platform runs on the data directory ${config.dataDir}, and TIERCHAIN_PORT=0 names no port`, {
      hint: 'start one with `tierchain start` (same TIERCHAIN_DATA_DIR), or pass --url',
    });
  }
  return browsableUrl(config.host, config.port);
}

/** A URL a browser can open for a listening address (0.0.0.0 and :: are reachable on loopback). */
export function browsableUrl(host: string, port: number): string {
  if (host === '0.0.0.0' || host === '') return `http://127.0.0.1:${port}`;
  if (host === '::') return `http://[::1]:${port}`;
  return host.includes(':') ? `http://[${host}]:${port}` : `http://${host}:${port}`;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
