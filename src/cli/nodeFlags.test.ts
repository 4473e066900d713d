// The platform's Node flags are passed wherever a platform process starts: npm start, the tierchain command's first line,
// and the bench's processes; and node accepts them.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { PLATFORM_NODE_FLAGS } from './nodeFlags.ts';

const ROOT = join(import.meta.dirname, '..', '..');

test('npm start, the tierchain command and the bench start node with the platform\'s flags, and node takes them', () => {
  const flags = PLATFORM_NODE_FLAGS.join(' ');
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  assert.equal(pkg.scripts.start, `node ${flags} bin/tierchain.mjs start`);
  assert.equal(readFileSync(join(ROOT, 'bin', 'tierchain.mjs'), 'utf8').split('\n')[0], `#!/usr/bin/env -S node ${flags}`);
  assert.match(readFileSync(join(ROOT, 'docs', 'operations.md'), 'utf8'), new RegExp(`ExecStart=/usr/bin/node ${flags} bin/tierchain\\.mjs start`));
  for (const file of ['bench/lib/scaleMeasure.ts', 'bench/lib/service.ts']) {
    assert.match(readFileSync(join(ROOT, file), 'utf8'), /spawn\(process\.execPath, \[\.\.\.PLATFORM_NODE_FLAGS, /, file);
  }
  // The young generation node sets up with them: twice the semi-space (from-space and to-space; V8's own accounting).
  const run = spawnSync(process.execPath, [...PLATFORM_NODE_FLAGS, '-e', 'const v8 = require("node:v8"); const a = []; for (let i = 0; i < 4e6; i++) a.push({ i }); console.log(v8.getHeapSpaceStatistics().find((s) => s.space_name === "new_space").space_size)'], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const megabytes = Number(/--max-semi-space-size=(\d+)/.exec(flags)![1]);
  assert.ok(Number(run.stdout) > 16 * 2 * 2 ** 20, `new space ${run.stdout.trim()} bytes, above the default 32 MB (semi-space ${megabytes} MB)`);
});
