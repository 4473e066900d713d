/**
 * Fault (c): the embedded chain paused for 30 s (SIGSTOP of anvil) under a steady load of XT transfers and claim
 * split-transfers, on a real `tierchain start` process. Every request is answered within 2 s (202, or 503
 * chain_unavailable when its pre-checks need the chain), /ready names the chain as not answering, and once the chain
 * is back every accepted command lands exactly once.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runChainPause } from '../../bench/lib/faults.ts';

test('the chain paused 30 s under load: every request answered within 2 s (202 or 503 naming the chain), none lost, none duplicated', { timeout: 900_000 }, async (t) => {
  const f = await runChainPause({ pauseSeconds: 30, rate: 20, settleTimeoutMs: 240_000, progress: (step, detail) => t.diagnostic(`${step}: ${detail}`) });
  t.diagnostic(`figures ${JSON.stringify(f)}`);
  assert.equal(f.unanswered, 0, `requests without an answer: ${f.unansweredExamples.join('; ')}`);
  assert.equal(f.otherAnswers, 0, `answers other than 202 or 503 chain_unavailable: ${f.otherExamples.join('; ')}`);
  assert.equal(f.slowAnswers, 0, `requests answered after more than 2 s (slowest ${f.maxAnswerMs} ms)`);
  assert.ok(f.duringPause.accepted > 0, 'requests that need no chain read were accepted during the pause');
  assert.ok(f.duringPause.chainUnavailable > 0, 'requests whose pre-checks read the chain were answered 503 chain_unavailable');
  assert.ok(f.readyDuringPause, '/ready was asked during the pause');
  assert.equal(f.readyDuringPause.status, 503);
  assert.match(f.readyDuringPause.chain, /^not answering: embedded anvil at http:\/\/127\.0\.0\.1:\d+ gave no reply within \d+ ms$/);
  assert.equal(f.lost, 0, 'lost');
  assert.equal(f.duplicated, 0, 'duplicated');
  assert.equal(f.statusMismatches, 0, 'commands whose status disagrees with the chain');
});
