#!/usr/bin/env node
// Runs every *.test.ts under src/ and test/ with Node's test runner (through tsx).
// Usage: npm test [-- <path filter> ...]
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const filters = process.argv.slice(2);
const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith('.test.ts')) files.push(relative(root, path));
  }
};
for (const dir of ['src', 'test', 'bench']) {
  try { walk(join(root, dir)); } catch (error) { if (error.code !== 'ENOENT') throw error; }
}
const selected = filters.length ? files.filter((f) => filters.some((x) => f.includes(x))) : files;
if (selected.length === 0) {
  console.error('no test files matched', filters);
  process.exit(1);
}
selected.sort();
const result = spawnSync(
  process.execPath,
  // A test that waits on something that never comes fails after 15 minutes rather than holding CI for its 90.
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=900000', '--test-reporter=spec', ...selected],
  // TIERCHAIN_DB_GUARD: db calls inside a transaction are refused on PostgreSQL too (src/db/database.ts, guard).
  { cwd: root, stdio: 'inherit', env: { TIERCHAIN_DB_GUARD: 'on', ...process.env } },
);
process.exit(result.status ?? 1);
