/**
 * The operation commands' list of the modules' resources (cliResources.ts) against the descriptors of modules.ts:
 * the same modules in the same order, the same resources and actions; and what loading it costs, which is the
 * point of having it: no module's server side, no npm package but @noble/hashes.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import type { Resource } from '../cli/ops/context.ts';
import { cliResources, mergeCliResources, moduleClis } from './cliResources.ts';
import { modules } from './modules.ts';

const ROOT = resolve(new URL('../..', import.meta.url).pathname);

test('lists every module of modules.ts that has CLI resources, in its order, with its descriptor’s own `cli`', () => {
  const declared = modules.filter((m) => m.cli !== undefined);
  assert.deepEqual(moduleClis.map((m) => m.name), declared.map((m) => m.name));
  for (const [i, m] of declared.entries()) assert.equal(moduleClis[i]!.cli, m.cli, `${m.name}: cliResources.ts names another object than its descriptor`);
});

test('merges into the same resources, actions and order as the descriptors do', () => {
  const fromDescriptors = mergeCliResources(modules);
  assert.deepEqual(Object.keys(cliResources), Object.keys(fromDescriptors));
  for (const [name, actions] of Object.entries(fromDescriptors)) {
    assert.deepEqual(Object.keys(cliResources[name]!), Object.keys(actions), name);
    for (const [action, run] of Object.entries(actions)) assert.equal(cliResources[name]![action], run, `${name} ${action}`);
  }
  // one resource, two modules: claims' holder operations and receivables' reads and settlement
  assert.ok(cliResources.claims?.transfer && cliResources.claims.pay);
});

test('refuses an action two modules declare', () => {
  const run: Resource[string] = { run: async () => {} };
  assert.throws(() => mergeCliResources([{ name: 'a', cli: { x: { go: run } } }, { name: 'b', cli: { x: { go: run } } }]), /tierchain x go is declared by two modules/);
});

/**
 * Every file `file` loads when it runs, following static imports and skipping what TypeScript erases (`import type`,
 * `export type`, imports of types only); `import()` is not followed, being loaded only by the command that needs it.
 */
function staticImports(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file) || !file.endsWith('.ts')) return seen;
  seen.add(file);
  const text = readFileSync(join(ROOT, file), 'utf8');
  const statements = [
    ...text.matchAll(/(?:^|\n)\s*(?:import|export)\s+(type\s)?\s*([^'";=()]*?)\s*from\s*['"]([^'"]+)['"]/g),
    ...text.matchAll(/(?:^|\n)\s*import()()\s*['"]([^'"]+)['"]/g),
  ];
  for (const [, typeOnly, clause, spec] of statements) {
    const names = /^\{([^}]*)\}$/.exec(clause!.trim())?.[1]?.split(',').map((s) => s.trim()).filter(Boolean);
    if (typeOnly || (names && names.length > 0 && names.every((n) => n.startsWith('type ')))) continue;
    if (spec!.startsWith('.')) staticImports(relative(ROOT, resolve(dirname(join(ROOT, file)), spec!)), seen);
    else seen.add(spec!);
  }
  return seen;
}

test('help and the operation commands load no module’s server side, no engine and no npm package but @noble/hashes', () => {
  const loaded = [...staticImports('src/cli/main.ts'), ...staticImports('src/cli/ops/index.ts')];
  const heavy = loaded.filter(
    (f) =>
      /^src\/(api|chain|db|indexer|ledger)\//.test(f) ||
      /^src\/modules\/[^/]+\/(index|module|schemas|routes|queries|commands|projections)\.ts$/.test(f) ||
      f === 'src/platform/modules.ts' ||
      (!f.startsWith('src/') && !f.startsWith('node:') && !f.startsWith('@noble/hashes/')),
  );
  assert.deepEqual(heavy, []);
  // the walk does see the light path
  assert.ok(loaded.includes('src/platform/cliResources.ts') && loaded.includes('src/modules/claims/cli.ts'));
});
