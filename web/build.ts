/**
 * Builds the web console (web/src → web/dist) with Vite's JavaScript API.
 *
 * `tierchain start` calls `ensureConsole()` before it starts the platform: the console is built when web/dist is
 * missing or older than its sources, so a fresh clone serves it after `npm install && npm start`. A failed build
 * never stops the API: the caller prints the error and starts without the console. `npm run build:web` runs a
 * build by hand (`--if-stale` builds only when needed).
 *
 * A build is written into a temporary directory next to web/dist and swapped in when complete, so a running
 * server never serves half a build, and two builds at once (tests, a second start) do not mix their files.
 */
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const webDir = dirname(fileURLToPath(import.meta.url));
export const consoleDist = join(webDir, 'dist');

/** Files and folders whose change makes a new build necessary. */
const SOURCES = ['index.html', 'src', 'build.ts'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

/** Why the console needs a build, or null when web/dist is complete and newer than every source. */
export function consoleStaleReason(): string | null {
  const index = join(consoleDist, 'index.html');
  if (!existsSync(index)) return 'web/dist is missing';
  const built = statSync(index).mtimeMs;
  const sources = Math.max(...SOURCES.map((s) => newestMtime(join(webDir, s))));
  return sources > built ? 'web/src changed since the last build' : null;
}

export interface ConsoleBuildResult {
  status: 'fresh' | 'built' | 'failed';
  dir: string;
  /** Why it was built, or what failed. */
  detail: string;
  ms: number;
}

/** Builds the console into web/dist (always). Throws when Vite fails. */
export async function buildConsole(p: { logLevel?: 'silent' | 'error' | 'warn' | 'info' } = {}): Promise<{ ms: number; files: number }> {
  const started = performance.now();
  const { build } = await import('vite');
  const tmp = join(webDir, `.dist-${process.pid}-${Date.now().toString(36)}`);
  try {
    await build({
      root: webDir,
      configFile: false,
      envFile: false,
      publicDir: false,
      logLevel: p.logLevel ?? 'warn',
      clearScreen: false,
      base: '/',
      build: {
        outDir: tmp,
        emptyOutDir: true,
        target: 'es2022',
        sourcemap: false,
        reportCompressedSize: false,
        chunkSizeWarningLimit: 1024,
      },
    });
    swapInto(tmp, consoleDist);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return { ms: Math.round(performance.now() - started), files: countFiles(consoleDist) };
}

/** Moves the finished build `from` to `to`, replacing what was there. */
function swapInto(from: string, to: string): void {
  const old = `${to}.old-${process.pid}-${Date.now().toString(36)}`;
  for (let attempt = 0; ; attempt++) {
    try {
      if (existsSync(to)) renameSync(to, old);
      renameSync(from, to);
      break;
    } catch (error) {
      // Another build swapped at the same moment: try again, a few times.
      if (attempt >= 4) throw error;
    }
  }
  rmSync(old, { recursive: true, force: true });
}

function countFiles(dir: string): number {
  let n = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    n += statSync(path).isDirectory() ? countFiles(path) : 1;
  }
  return n;
}

/**
 * Builds the console when it is missing or stale. Never throws: a failure is returned (status `failed`) so the
 * caller can print it and go on without the console.
 */
export async function ensureConsole(p: { onProgress?: (detail: string) => void; force?: boolean } = {}): Promise<ConsoleBuildResult> {
  const progress = p.onProgress ?? (() => {});
  const started = performance.now();
  const reason = p.force ? 'build requested' : consoleStaleReason();
  if (!reason) return { status: 'fresh', dir: consoleDist, detail: 'web/dist is up to date', ms: 0 };
  progress(`building the web console with Vite (${reason})`);
  try {
    const { ms, files } = await buildConsole({ logLevel: 'silent' });
    const detail = `built web/dist (${files} files) in ${(ms / 1000).toFixed(1)}s`;
    progress(detail);
    return { status: 'built', dir: consoleDist, detail, ms };
  } catch (error) {
    let message = error instanceof Error ? error.message : String(error);
    // eslint-disable-next-line no-control-regex
    if (!process.stderr.isTTY) message = message.replace(/\u001b\[[0-9;]*m/g, '');
    return { status: 'failed', dir: consoleDist, detail: message, ms: Math.round(performance.now() - started) };
  }
}

// `npm run build:web [-- --if-stale]`
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const ifStale = process.argv.includes('--if-stale');
  const result = await ensureConsole({ force: !ifStale, onProgress: (d) => process.stderr.write(`${d}\n`) });
  if (result.status === 'failed') {
    process.stderr.write(`console build failed: ${result.detail}\n`);
    process.exit(1);
  }
  if (result.status === 'fresh') process.stderr.write(`${result.detail}\n`);
}
