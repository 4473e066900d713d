import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { postgresForTests } from '../test/support/databases.ts';

/**
 * Runs `tierchain bench --scale --quick --claims 200 --json` on PostgreSQL: the scale bench's whole path (members
 * onboarded through the API, payables issued, split, sold, paid and redeemed on an anvil, the index, latency at a tenth
 * and at the full size, the raw read and the indexer's catch-up twice each, alternated, each in a process of its own), at a size that takes
 * half a minute. Checks what it prints: one JSON object, the counts of the three readings of the chain in agreement
 * (the bench throws otherwise), every figure present and positive. No timing assertions.
 */
test('tierchain bench --scale --quick --claims 200 --json prints the scale figures of one consistent run', { timeout: 600_000 }, async (t) => {
  const url = await postgresForTests();
  if (!url) return t.skip('PostgreSQL is not reachable (required when CI is set)');
  const root = new URL('..', import.meta.url).pathname;
  const run = spawnSync(process.execPath, ['bin/tierchain.mjs', 'bench', '--scale', '--quick', '--claims', '200', '--json', '--database-url', url], {
    cwd: root,
    encoding: 'utf8',
    timeout: 590_000,
  });
  assert.equal(run.status, 0, `bench --scale exited with ${run.status}\n--- stderr ---\n${run.stderr}`);
  assert.match(run.stderr, /catch-up .* events in .* s/);
  const lines = run.stdout.trim().split('\n');
  assert.equal(lines.length, 1, `stdout must be one JSON line, got:\n${run.stdout}`);
  const r = JSON.parse(lines[0]!);
  const s = r.scale;
  assert.equal(s.claims, 200);
  assert.ok(s.events > s.claims && s.blocks > 0 && s.transactions > 0, JSON.stringify(s));
  for (const figure of ['indexerEventsPerSec', 'rawGetLogsDecodeEventsPerSec', 'indexerVsRaw']) assert.ok(s[figure] > 0, `scale.${figure} = ${s[figure]}`);
  for (const endpoint of ['listClaims', 'trace', 'position', 'overview']) {
    for (const table of ['p99Ms', 'p50Ms', 'p99MsAtATenth']) assert.ok(s[table][endpoint] > 0, `scale.${table}.${endpoint} = ${s[table][endpoint]}`);
  }
  // Two of each, alternated (raw, catch-up, catch-up, raw); the rates are over the mean times.
  for (const times of [r.meta.catchUpSeconds, r.meta.rawSeconds]) assert.ok(times.length === 2 && times.every((x: number) => x > 0), JSON.stringify(r.meta));
  assert.match(run.stderr, /raw .* events in [\s\S]*catch-up .* events in [\s\S]*catch-up .* events in [\s\S]*raw .* events in /);
  const meanOf = (xs: number[]) => (xs[0]! + xs[1]!) / 2;
  assert.equal(s.indexerEventsPerSec, Math.round(s.events / meanOf(r.meta.catchUpSeconds)));
  assert.equal(s.rawGetLogsDecodeEventsPerSec, Math.round(s.events / meanOf(r.meta.rawSeconds)));
  assert.ok('indexerVsRaw' in r.targets, JSON.stringify(r.targets));
});
