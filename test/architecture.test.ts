/**
 * The shape of the code (docs/adr/009-modules.md). On every import of every non-test file:
 * - the engines (src/chain, src/ledger, src/indexer, src/db, src/api) import no module and not the composition root;
 * - a module uses another only through its public entry points (index.ts on the server, schemas.ts for wire shapes,
 *   client.ts for the SDK part), and only a module its descriptor lists in `uses`;
 * - outside src/modules, only the composition roots import a module: src/platform (the server), src/sdk/client.ts and
 *   src/sdk/index.ts (the SDK, their client.ts only), web/src/modules (the console, their pages).
 * And on every file under src/, test/, bench/, scripts/ and web/src/, tests and their support included (generated
 * bindings and the stylesheet aside): none passes 600 lines, past which a file asks to be split (STYLE.md).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { test } from 'node:test';
import { modules } from '../src/platform/modules.ts';

const ROOT = resolve(new URL('..', import.meta.url).pathname);
const ENGINES = ['src/chain', 'src/ledger', 'src/indexer', 'src/db', 'src/api'];
const PUBLIC_ENTRIES = new Set(['index.ts', 'schemas.ts', 'client.ts']);
const SIZE_ROOTS = ['src', 'test', 'bench', 'scripts', 'web/src'];
const MAX_LINES = 600;

const posix = (p: string) => p.split(sep).join('/');

/** Every file under `dir`, relative to the repository; installed, built and generated files are not ours to shape. */
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      if (name === 'node_modules' || name === 'dist' || name === 'generated') continue;
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(posix(relative(ROOT, path)));
    }
  };
  walk(join(ROOT, dir));
  return out;
}

const sourceFiles = (dir: string) => filesUnder(dir).filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f));

/** Lines as an editor numbers them: a final newline ends the last line rather than starting another. */
const lineCount = (text: string) => text.split('\n').length - (text.endsWith('\n') ? 1 : 0);

/** Every relative import of a file, resolved to a path relative to the repository. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const specs = [
    ...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'";]*?from\s*['"](\.[^'"]+)['"]/g),
    ...text.matchAll(/(?:^|\n)\s*import\s*['"](\.[^'"]+)['"]/g),
    ...text.matchAll(/import\(\s*['"](\.[^'"]+)['"]\s*\)/g),
  ];
  return specs.map((m) => posix(relative(ROOT, resolve(dirname(join(ROOT, file)), m[1]!))));
}

const moduleOf = (path: string) => /^src\/modules\/([^/]+)\//.exec(path)?.[1];

const files = [...sourceFiles('src'), ...sourceFiles('bench'), ...sourceFiles('scripts'), ...sourceFiles('web/src')];

test('the engines import no module and not the composition root', () => {
  const wrong: string[] = [];
  for (const file of files.filter((f) => ENGINES.some((e) => f.startsWith(`${e}/`)))) {
    for (const target of importsOf(file)) {
      if (target.startsWith('src/modules/') || target.startsWith('src/platform/')) wrong.push(`${file} imports ${target}`);
    }
  }
  assert.deepEqual(wrong, []);
});

test('a module uses another only through its public entries, and only the modules its descriptor lists', () => {
  const uses = new Map(modules.map((m) => [m.name, new Set(m.uses)]));
  const wrong: string[] = [];
  for (const file of files.filter((f) => f.startsWith('src/modules/'))) {
    const own = moduleOf(file)!;
    for (const target of importsOf(file)) {
      const other = moduleOf(target);
      if (!other || other === own) continue;
      const entry = target.slice(`src/modules/${other}/`.length);
      if (!PUBLIC_ENTRIES.has(entry)) wrong.push(`${file} imports ${target}, not ${other}'s index.ts, schemas.ts or client.ts`);
      else if (!uses.get(own)?.has(other)) wrong.push(`${file} imports ${other}, which module ${own} does not list in uses`);
    }
  }
  assert.deepEqual(wrong, []);
});

test('outside src/modules only the composition roots import a module', () => {
  const roots = (file: string, target: string) =>
    file.startsWith('src/platform/') ||
    (['src/sdk/client.ts', 'src/sdk/index.ts'].includes(file) && target.endsWith('/client.ts')) ||
    (file.startsWith('web/src/') && target.endsWith('/client.ts'));
  const wrong: string[] = [];
  for (const file of files.filter((f) => !f.startsWith('src/modules/'))) {
    for (const target of importsOf(file)) {
      if (target.startsWith('src/modules/') && !roots(file, target)) wrong.push(`${file} imports ${target}`);
    }
  }
  assert.deepEqual(wrong, []);
});

test('every module in the list has the same folder shape', () => {
  const missing: string[] = [];
  for (const m of modules) {
    const dir = join(ROOT, 'src', 'modules', m.name);
    // A module with no contract and no read model of its own (banking moves currency's XT) has no contracts.ts,
    // projections.ts or contracts/<name>/ (ADR 018); every other part of the shape it has.
    const onChain = m.contracts !== undefined || m.readModel !== undefined;
    const entries = ['README.md', 'index.ts', 'module.ts', 'schemas.ts', 'client.ts', 'cli.ts', 'migrations', ...(onChain ? ['contracts.ts', 'projections.ts'] : [])];
    for (const entry of entries) {
      try {
        statSync(join(dir, entry));
      } catch {
        missing.push(`src/modules/${m.name}/${entry}`);
      }
    }
    try {
      if (onChain) statSync(join(ROOT, 'contracts', m.name));
    } catch {
      missing.push(`contracts/${m.name}/`);
    }
    try {
      statSync(join(ROOT, 'web', 'src', 'modules', m.name));
    } catch {
      missing.push(`web/src/modules/${m.name}/`);
    }
  }
  assert.deepEqual(missing, []);
});

test(`no file passes ${MAX_LINES} lines, tests and their support included`, () => {
  const long = SIZE_ROOTS.flatMap(filesUnder)
    .filter((f) => !f.endsWith('.css'))
    .map((f) => [f, lineCount(readFileSync(join(ROOT, f), 'utf8'))] as const)
    .filter(([, lines]) => lines > MAX_LINES)
    .map(([f, lines]) => `${f}: ${lines} lines`);
  assert.deepEqual(long, []);
});
