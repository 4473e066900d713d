/**
 * Fault (b): kill -9 of the platform's process alone, with more than 1,000 commands in flight, on a real `tierchain
 * start` process. Its embedded chain must not outlive it (the watchdog stops it, and it saves its state on the way);
 * the restart on the same data directory finishes every command once, while clients resubmit unanswered requests
 * with their Idempotency-Keys. Figures are printed; nothing here is timed.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runKillScenario } from '../../bench/lib/faults.ts';

test('kill -9 of the platform alone with 1,000+ commands in flight: its chain stops with it, and after a restart and resubmission none is lost or duplicated', { timeout: 900_000 }, async (t) => {
  // 2,400 requests, so that 1,000+ are still in flight even when the chain keeps up with half of them as they are sent.
  const f = await runKillScenario({ fault: 'platform', commands: 2400, inFlight: 1100, settleTimeoutMs: 240_000, progress: (step, detail) => t.diagnostic(`${step}: ${detail}`) });
  t.diagnostic(`figures ${JSON.stringify(f)}`);
  assert.ok(f.inFlightAtFault >= 1000, `only ${f.inFlightAtFault} commands were in flight when the fault struck`);
  assert.ok(f.unansweredAtFault > 0, 'some requests were unanswered when the fault struck');
  assert.equal(f.chainOrphaned, false, 'the embedded chain outlived its platform');
  assert.equal(f.blocksLostByChain, 0, 'the chain saved its whole state when its watchdog stopped it');
  assert.equal(f.lost, 0, 'lost');
  assert.equal(f.duplicated, 0, 'duplicated');
  assert.equal(f.statusMismatches, 0, 'commands whose status disagrees with the chain');
  assert.equal(f.replayMismatches, 0, 'resubmissions that named another command');
});
