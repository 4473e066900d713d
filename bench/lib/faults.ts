import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiClient } from '../../src/demo/client.ts';
import { startService, waitUntilGone, type ServiceProcess } from './service.ts';
import { claimJob, sendJob, setUpMembers, sleep, tally, waitForQuiet, xtJobs, type Answer, type Job } from './faultWorkload.ts';

/**
 * The fault runs (bench/README.md, "Fault figures"): a real `tierchain start` process with its embedded anvil, real
 * faults (kill -9 of the whole service or of the platform alone; SIGSTOP of the chain), and a count, on the chain, of
 * what became of every request. Shared by the test suite (test/faults/) and `npm run bench -- --faults`.
 */

export type Progress = (step: string, detail: string) => void;

export interface KillFigures {
  /** Requests sent, each one command (XT transfers, each with its own Idempotency-Key and amount). */
  commands: number;
  /** Requests sent whose command was not confirmed when the fault struck (unanswered, accepted or submitted). */
  inFlightAtFault: number;
  /** Requests that had no answer when the fault struck. */
  unansweredAtFault: number;
  /** Requests whose command is not confirmed in the end, or that never got a 202. */
  lost: number;
  /** Extra landings on the chain (a request found there more than once). */
  duplicated: number;
  /** Commands whose status disagrees with the chain. */
  statusMismatches: number;
  /** Resubmissions with a key already answered that named another command. */
  replayMismatches: number;
  /** Blocks the chain lost in the fault: its head when the fault struck minus its head at the restart. */
  blocksLostByChain: number;
  /** Commands the restart found mined in blocks the chain no longer had, broadcast again. */
  reopenedAtRestart: number;
  /**
   * The highest block the platform had recorded a confirmation in, read from its API just before the fault (a lower
   * bound: the newest page of confirmed commands). Above the chain's head at the restart, the platform had confirmed
   * commands that the chain then lost, and the restart must reopen them.
   */
  confirmedBlockAtFault: number;
  /** The platform had recorded a confirmation in a block the chain lost: `confirmedBlockAtFault` above its head at the restart. */
  confirmedInLostBlock: boolean;
  /** From the restart to the moment the last command was confirmed. */
  recoverSeconds: number;
  /** How long `tierchain start` took to print its banner after the fault. */
  restartSeconds: number;
  /** The embedded chain still ran 15 s after its platform died (it must not: its watchdog stops it). */
  chainOrphaned: boolean;
}

export interface PauseFigures {
  /** Commands accepted (202) over the whole run, resubmissions of 503s included. */
  commands: number;
  lost: number;
  duplicated: number;
  statusMismatches: number;
  /** From SIGCONT to the moment the last command was confirmed. */
  recoverSeconds: number;
  pauseSeconds: number;
  /** Requests sent while the chain was paused, and how they were answered. */
  duringPause: { requests: number; accepted: number; chainUnavailable: number };
  /** Every request of the run: answers that were neither 202 nor 503 chain_unavailable, no answer at all, slower than 2 s. */
  requests: number;
  otherAnswers: number;
  unanswered: number;
  /** Up to 5 requests without an answer: kind, when sent, after how long, the client's error. */
  unansweredExamples: string[];
  slowAnswers: number;
  maxAnswerMs: number;
  /** GET /ready's `chain` check while the chain was paused, and how long /ready took. */
  readyDuringPause: { chain: string; ms: number; status: number } | null;
  /** The other answers, for the record (status and code), at most 5. */
  otherExamples: string[];
}

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const rpc = async <T>(rpcUrl: string, method: string, params: unknown[] = []): Promise<T> => {
  const r = await fetch(rpcUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
  return ((await r.json()) as { result: T }).result;
};

/** The open commands that /ready reports ("N accepted, M submitted"). */
async function backlog(url: string): Promise<number> {
  try {
    const r = await fetch(`${url}/ready`, { signal: AbortSignal.timeout(5_000) });
    const m = /(\d+) accepted, (\d+) submitted/.exec(((await r.json()) as { checks: Record<string, string> }).checks.transactionManager ?? '');
    return m ? Number(m[1]) + Number(m[2]) : 0;
  } catch {
    return 0;
  }
}

/** The highest block among the newest page of confirmed commands (0 when none, or when the API does not answer). */
async function highestConfirmedBlock(url: string, key: string): Promise<number> {
  try {
    const r = await fetch(`${url}/v1/commands?status=confirmed&limit=100`, { headers: { authorization: `Bearer ${key}` }, signal: AbortSignal.timeout(5_000) });
    const page = (await r.json()) as { items?: Array<{ blockNumber: string | null }> };
    return Math.max(0, ...(page.items ?? []).map((c) => Number(c.blockNumber ?? 0)));
  } catch {
    return 0;
  }
}

/** Sends `jobs` with their keys until each has a 202 (a few rounds); counts replays that named another command. */
export async function resubmit(url: string, jobs: Job[], concurrency: number): Promise<{ replayMismatches: number; unaccepted: number }> {
  let replayMismatches = 0;
  let pending = jobs;
  for (let round = 0; round < 10 && pending.length; round++) {
    const queue = [...pending];
    const again: Job[] = [];
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let job = queue.shift(); job; job = queue.shift()) {
          const a = await sendJob(url, job);
          if (a.status !== 202) {
            again.push(job);
            continue;
          }
          if (job.commandId && a.commandId !== job.commandId) replayMismatches += 1;
          job.commandId = a.commandId;
        }
      }),
    );
    pending = again;
    if (pending.length) await sleep(1_000);
  }
  return { replayMismatches, unaccepted: pending.length };
}

/**
 * kill -9 of the whole service (platform, watchdog and anvil at once: a power cut or an OOM kill) or of the platform
 * alone, while `commands` XT transfers are sent and at least `inFlight` of them are not yet confirmed; then a restart on
 * the same data directory, every request sent again with its Idempotency-Key, and a count on the chain.
 */
export async function runKillScenario(p: {
  fault: 'wholeService' | 'platform';
  commands: number;
  inFlight: number;
  senders?: number;
  concurrency?: number;
  /** How long to wait for every command to finish after the restart before counting (default 10 min). */
  settleTimeoutMs?: number;
  progress?: Progress;
}): Promise<KillFigures> {
  const progress = p.progress ?? (() => {});
  const step = p.fault === 'wholeService' ? 'wholeServiceKill' : 'platformKill';
  const dataDir = mkdtempSync(join(tmpdir(), `tierchain-fault-${step}-`));
  let svc: ServiceProcess | null = null;
  try {
    progress(step, `starting tierchain on ${dataDir}`);
    svc = await startService({ dataDir });
    const f = await setUpMembers({ baseUrl: svc.url, operatorKey: svc.apiKey!, senders: p.senders ?? 4, recipients: 2, progress: (m) => progress(step, m) });
    const jobs = xtJobs(f, p.commands);
    const concurrency = p.concurrency ?? 32;
    const tail = Math.min(200, Math.floor(p.commands / 5));
    const first = svc;
    const headOf = async () => Number(await rpc<string>(first.rpcUrl, 'eth_blockNumber'));
    const stateFile = join(dataDir, 'chain', 'state.json');
    const dumpedAt = () => {
      try {
        return statSync(stateFile).mtimeMs;
      } catch {
        return 0;
      }
    };

    // The service has been running: anvil's state file holds the deployment and the members (a power cut within its
    // first dump interval would take the deployment itself: see docs/operations.md).
    const setUpAt = Date.now();
    while (dumpedAt() <= setUpAt && Date.now() - setUpAt < 15_000) await sleep(100);

    // 1. Most requests at once: the platform accepts them faster than the chain mines them.
    progress(step, `sending ${p.commands - tail} XT transfers`);
    let faulted = false;
    let outstanding = 0;
    const send = (queue: Job[]) =>
      Array.from({ length: concurrency }, async () => {
        while (!faulted) {
          const job = queue.shift();
          if (!job) return;
          outstanding += 1;
          const a = await sendJob(first.url, job);
          outstanding -= 1;
          if (a.status === 202 && !faulted) job.commandId = a.commandId;
        }
      });
    await Promise.all(send(jobs.slice(0, p.commands - tail)));

    // 2. Let the chain mine for a while: the fault must strike while commands are being confirmed. For the whole
    // service, also wait until anvil's last state dump (every 5 s) is 1.5 to 3 s old, blocks were mined since, and the
    // platform has recorded a confirmation in one of them: those blocks are what the power cut takes from the chain,
    // and the restart must find those commands. (On a slow machine, a pass of the transaction manager over 1,000
    // receipts can take longer than the blocks the chain is about to lose; in CI it once confirmed none of them.)
    const h0 = await headOf();
    let dump = dumpedAt();
    let headAtDump = h0;
    const deadline = Date.now() + 60_000;
    for (;;) {
      await sleep(100);
      const h = await headOf();
      if (dumpedAt() !== dump) {
        dump = dumpedAt();
        headAtDump = h;
      }
      const mining = h - h0 >= 50;
      const age = Date.now() - dump;
      const chainWillLose =
        p.fault !== 'wholeService' ||
        (age >= 1_500 && age <= 3_000 && h - headAtDump >= 10 && (await highestConfirmedBlock(first.url, first.apiKey!)) > headAtDump);
      if ((mining && chainWillLose) || (await backlog(first.url)) + tail <= p.inFlight || Date.now() > deadline) break;
    }

    // 3. The last requests, and the fault while they are unanswered.
    progress(step, `sending the last ${tail}; the fault strikes while they are unanswered`);
    const workers = send(jobs.slice(p.commands - tail));
    const t0 = Date.now();
    while (outstanding < Math.min(concurrency, tail) && Date.now() - t0 < 1_000) await sleep(10);
    await sleep(200);
    const inFlightAtFault = (await backlog(first.url)) + outstanding;
    const unansweredAtFault = outstanding;
    const [headAtFault, confirmedBlockAtFault] = await Promise.all([headOf(), highestConfirmedBlock(first.url, first.apiKey!)]);
    faulted = true;
    if (p.fault === 'wholeService') await first.killAll();
    else await first.killPlatform();
    const chainOrphaned = !(await waitUntilGone(first.anvilPid!, 15_000));
    progress(step, `kill -9 of ${p.fault === 'wholeService' ? 'the platform and its chain' : 'the platform'}: ${inFlightAtFault} commands in flight, ${unansweredAtFault} requests unanswered, chain head ${headAtFault}`);
    await Promise.all(workers);
    svc = null;

    const restarted = performance.now();
    const restartedAt = Date.now();
    const second = await startService({ dataDir });
    svc = second;
    const restartSeconds = (performance.now() - restarted) / 1000;
    const headAtRestart = Number(/reconciled with the chain at block (\d+)/.exec(second.stderr())?.[1] ?? headAtFault);
    const reopenedAtRestart = Number(/(\d+) command\(s\) the chain lost are broadcast again/.exec(second.stderr())?.[1] ?? 0);
    progress(step, `restarted in ${restartSeconds.toFixed(1)} s at chain head ${headAtRestart}: ${reopenedAtRestart} commands the chain lost are broadcast again; resubmitting every request with its key`);

    const { replayMismatches } = await resubmit(second.url, jobs, concurrency);
    const api = createApiClient({ baseUrl: second.url, key: second.apiKey!, timeoutMs: 300_000 });
    const quiet = await waitForQuiet(api, p.settleTimeoutMs ?? 600_000);
    if (!quiet) progress(step, `commands were still open ${(p.settleTimeoutMs ?? 600_000) / 1000} s after the restart: they count as lost`);
    const t = await tally({ api, rpcUrl: second.rpcUrl, contracts: second.contracts, jobs });
    if (t.lost || t.statusMismatches) {
      // What the restarted platform said about the commands it could not finish: the lines of the transaction manager.
      const lines = second.stderr().split('\n').filter((l) => /rebroadcast|signed again|nonce|command failed|transaction manager|reconcil/i.test(l));
      progress(step, `the restarted platform's transaction manager said (${lines.length} lines, the last 40):\n${lines.slice(-40).join('\n')}`);
    }
    const figures: KillFigures = {
      commands: jobs.length,
      inFlightAtFault,
      unansweredAtFault,
      lost: t.lost,
      duplicated: t.duplicated,
      statusMismatches: t.statusMismatches,
      replayMismatches,
      blocksLostByChain: Math.max(0, headAtFault - headAtRestart),
      reopenedAtRestart,
      confirmedBlockAtFault,
      confirmedInLostBlock: confirmedBlockAtFault > headAtRestart,
      recoverSeconds: round(Math.max(0, t.lastFinishedAt - restartedAt) / 1000),
      restartSeconds: round(restartSeconds),
      chainOrphaned,
    };
    progress(step, `${figures.commands} commands: ${figures.lost} lost, ${figures.duplicated} duplicated, ${figures.statusMismatches} statuses not matching the chain; recovered in ${figures.recoverSeconds} s${Object.keys(t.failedCodes).length ? `; failed: ${JSON.stringify(t.failedCodes)}` : ''}`);
    return figures;
  } finally {
    await svc?.stop().catch(() => {});
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * The chain paused (SIGSTOP of anvil) for `pauseSeconds` under a steady load of XT transfers and claim
 * split-transfers (whose pre-checks read the chain), `rate` requests a second from `leadSeconds` before the pause to
 * `tailSeconds` after it; requests answered 503 are sent again once the chain is back. Every request must be answered
 * within 2 s: 202, or 503 `chain_unavailable`.
 */
export async function runChainPause(p: {
  pauseSeconds: number;
  rate: number;
  leadSeconds?: number;
  tailSeconds?: number;
  /** How long to wait for every command to finish after SIGCONT before counting (default 10 min). */
  settleTimeoutMs?: number;
  progress?: Progress;
}): Promise<PauseFigures> {
  const progress = p.progress ?? (() => {});
  const step = 'chainPause';
  const dataDir = mkdtempSync(join(tmpdir(), 'tierchain-fault-pause-'));
  let svc: ServiceProcess | null = null;
  let paused = false;
  try {
    progress(step, `starting tierchain on ${dataDir}`);
    svc = await startService({ dataDir });
    const s = svc;
    const f = await setUpMembers({ baseUrl: s.url, operatorKey: s.apiKey!, senders: 2, recipients: 2, holders: 2, progress: (m) => progress(step, m) });
    const lead = p.leadSeconds ?? 3;
    const tail = p.tailSeconds ?? 3;
    const total = Math.round((lead + p.pauseSeconds + tail) * p.rate);
    progress(step, `${p.rate} requests/s (XT transfers and claim split-transfers) for ${lead + p.pauseSeconds + tail} s; anvil (pid ${s.anvilPid}) paused for ${p.pauseSeconds} s after ${lead} s`);

    const jobs: Job[] = [];
    const answers: Array<{ job: Job; answer: Answer; duringPause: boolean }> = [];
    const inFlight: Array<Promise<void>> = [];
    let readyDuringPause: PauseFigures['readyDuringPause'] = null;
    let pausedAt = 0;
    let resumedAt = 0;
    const started = performance.now();
    for (let i = 0; i < total; i++) {
      const at = started + (i * 1000) / p.rate;
      const wait = at - performance.now();
      if (wait > 0) await sleep(wait);
      const elapsed = (performance.now() - started) / 1000;
      if (!paused && !pausedAt && elapsed >= lead) {
        process.kill(s.anvilPid!, 'SIGSTOP');
        paused = true;
        pausedAt = Date.now();
        progress(step, 'SIGSTOP anvil');
        inFlight.push(
          (async () => {
            await sleep(Math.min(5_000, (p.pauseSeconds * 1000) / 2));
            const t0 = performance.now();
            const r = await fetch(`${s.url}/ready`).catch(() => null);
            const body = r ? ((await r.json()) as { checks: Record<string, string> }) : null;
            readyDuringPause = { chain: body?.checks.chain ?? '(no answer)', ms: Math.round(performance.now() - t0), status: r?.status ?? 0 };
          })(),
        );
      }
      if (paused && elapsed >= lead + p.pauseSeconds) {
        process.kill(s.anvilPid!, 'SIGCONT');
        paused = false;
        resumedAt = Date.now();
        progress(step, 'SIGCONT anvil');
      }
      const job = i % 2 === 0 ? xtJobs(f, 1, i)[0]! : claimJob(f, i);
      jobs.push(job);
      const duringPause = paused;
      inFlight.push(
        sendJob(s.url, job, 10_000).then((answer) => {
          if (answer.status === 202) job.commandId = answer.commandId;
          answers.push({ job, answer, duringPause });
        }),
      );
    }
    if (paused) {
      process.kill(s.anvilPid!, 'SIGCONT');
      paused = false;
      resumedAt = Date.now();
    }
    await Promise.all(inFlight);

    // What the pause turned away did nothing; sent again now, it is accepted.
    await resubmit(s.url, jobs.filter((j) => !j.commandId), 8);
    if (!(await waitForQuiet(f.api, p.settleTimeoutMs ?? 600_000))) progress(step, 'commands were still open when counted: they count as lost');
    const t = await tally({ api: f.api, rpcUrl: s.rpcUrl, contracts: s.contracts, jobs });
    const isChain503 = (a: Answer) => a.status === 503 && a.code === 'chain_unavailable' && /chain/.test(a.message ?? '');
    const other = answers.filter(({ answer: a }) => !a.unanswered && a.status !== 202 && !isChain503(a));
    const pauseAnswers = answers.filter((a) => a.duringPause);
    const figures: PauseFigures = {
      commands: jobs.filter((j) => j.commandId).length,
      lost: t.lost,
      duplicated: t.duplicated,
      statusMismatches: t.statusMismatches,
      recoverSeconds: round(Math.max(0, t.lastFinishedAt - resumedAt) / 1000),
      pauseSeconds: p.pauseSeconds,
      duringPause: {
        requests: pauseAnswers.length,
        accepted: pauseAnswers.filter((a) => a.answer.status === 202).length,
        chainUnavailable: pauseAnswers.filter((a) => isChain503(a.answer)).length,
      },
      requests: answers.length,
      otherAnswers: other.length,
      unanswered: answers.filter((a) => a.answer.unanswered).length,
      slowAnswers: answers.filter((a) => a.answer.unanswered || a.answer.ms > 2_000).length,
      maxAnswerMs: Math.round(Math.max(0, ...answers.map((a) => a.answer.ms))),
      readyDuringPause,
      otherExamples: other.slice(0, 5).map(({ job, answer }) => `${job.kind} ${answer.status} ${answer.code ?? ''} ${answer.message ?? ''}`.trim()),
      unansweredExamples: answers
        .filter((a) => a.answer.unanswered)
        .slice(0, 5)
        .map(({ job, answer, duringPause }) => `${job.kind}${duringPause ? ' (sent during the pause)' : ''} after ${Math.round(answer.ms)} ms: ${answer.error ?? 'no answer'}`),
    };
    progress(
      step,
      `${figures.requests} requests, slowest answer ${figures.maxAnswerMs} ms; during the pause ${figures.duringPause.accepted} accepted, ` +
        `${figures.duringPause.chainUnavailable} answered 503 chain_unavailable; ${figures.commands} commands: ${figures.lost} lost, ` +
        `${figures.duplicated} duplicated; recovered ${figures.recoverSeconds} s after SIGCONT`,
    );
    return figures;
  } finally {
    if (svc && paused) process.kill(svc.anvilPid!, 'SIGCONT');
    await svc?.stop().catch(() => {});
    rmSync(dataDir, { recursive: true, force: true });
  }
}
