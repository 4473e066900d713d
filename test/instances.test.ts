/**
 * Several platform instances on one PostgreSQL and one chain (docs/adr/014-instances.md): two real `tierchain start`
 * processes share the outbox, the index and the chain; under load one is killed with kill -9, and the other takes
 * over its signers once their leases expire. Every request sent again with its Idempotency-Key; nothing lost, nothing
 * duplicated, every command's status the chain's. Figures are printed; nothing here is timed.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runInstanceKill } from '../bench/lib/instances.ts';
import { postgresForTests } from './support/databases.ts';

test('two instances on one database: kill -9 of one under load, the other takes over its signers; 0 lost, 0 duplicated', { timeout: 600_000 }, async (t) => {
  const url = await postgresForTests();
  if (!url) return t.skip('PostgreSQL is not reachable (required when CI is set)');
  const f = await runInstanceKill({ databaseUrl: url, commands: 600, progress: (step, detail) => t.diagnostic(`${step}: ${detail}`) });
  t.diagnostic(`figures ${JSON.stringify(f)}`);
  assert.ok(f.acceptedByKilled > 0, 'the killed instance had accepted requests');
  assert.ok(f.signersHeldByKilled > 0, 'the killed instance held signer leases');
  assert.equal(f.signersTakenOver, f.signersHeldByKilled, 'the survivor took over every signer the killed instance held');
  assert.equal(f.lost, 0, 'lost');
  assert.equal(f.duplicated, 0, 'duplicated');
  assert.equal(f.statusMismatches, 0, 'commands whose status disagrees with the chain');
  assert.equal(f.replayMismatches, 0, 'resubmissions that named another command');
});
