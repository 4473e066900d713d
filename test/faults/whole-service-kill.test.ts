/**
 * Fault (a): kill -9 of the whole service, the platform and its embedded chain at the same instant (a power cut, an
 * OOM kill), with more than 1,000 commands in flight, on a real `tierchain start` process. The chain restarts from its
 * last state dump (every 5 s), so it has lost its newest blocks; the restarted platform must find the commands that
 * were confirmed in them, broadcast them again, and finish everything else, while clients resubmit unanswered
 * requests with their Idempotency-Keys. Figures are printed; nothing here is timed.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runKillScenario } from '../../bench/lib/faults.ts';

test('kill -9 of the platform and its chain with 1,000+ commands in flight: after a restart and resubmission, none lost, none duplicated, every status as on the chain', { timeout: 900_000 }, async (t) => {
  // Strikes once 1,100 are in flight: a few finish between that count and the kill (997 were left once in CI at 1,000).
  // 2,400 requests: the platform usually accepts them far faster than the chain mines them, but once in CI the chain
  // kept up with half of 1,400 while they were being sent, and only 776 were in flight at the kill.
  const f = await runKillScenario({ fault: 'wholeService', commands: 2400, inFlight: 1100, settleTimeoutMs: 240_000, progress: (step, detail) => t.diagnostic(`${step}: ${detail}`) });
  t.diagnostic(`figures ${JSON.stringify(f)}`);
  assert.ok(f.inFlightAtFault >= 1000, `only ${f.inFlightAtFault} commands were in flight when the fault struck`);
  assert.ok(f.unansweredAtFault > 0, 'some requests were unanswered when the fault struck');
  // The chain dumps its state every 5 s: a kill just after a dump loses no block (seen once in CI), and then there is
  // nothing to reopen; the counts below must hold either way. The platform may also not yet have read the receipts of
  // the lost blocks (a slow pass over 1,000 receipts): those commands are still `submitted`, and are simply broadcast
  // again. Reopening is required when it had recorded a confirmation in a block the restarted chain no longer has.
  if (f.confirmedInLostBlock) assert.ok(f.reopenedAtRestart > 0, 'commands confirmed in the lost blocks were found at the restart and broadcast again');
  else t.diagnostic(f.blocksLostByChain > 0 ? 'the platform had confirmed nothing in the lost blocks when the fault struck' : 'the kill came just after a state dump: the chain lost no block this time');
  assert.equal(f.lost, 0, 'lost');
  assert.equal(f.duplicated, 0, 'duplicated');
  assert.equal(f.statusMismatches, 0, 'commands whose status disagrees with the chain');
  assert.equal(f.replayMismatches, 0, 'resubmissions that named another command');
});
