import { runInstanceKill, type InstanceKillFigures } from './lib/instances.ts';
import { runChainPause, runKillScenario, type KillFigures, type PauseFigures, type Progress } from './lib/faults.ts';

/** What `tierchain bench --faults --json` prints (bench/README.md, "Fault figures"). */
export interface FaultBenchResult {
  faults: {
    wholeServiceKill: KillFigures;
    platformKill: KillFigures;
    chainPause: PauseFigures;
    /** kill -9 of one of two instances sharing a PostgreSQL (null without --database-url, see meta.notMeasured). */
    instanceKill: InstanceKillFigures | null;
  };
  meta: { date: string; node: string; durationMs: number; quick: boolean; notMeasured: Record<string, string> };
}

export interface FaultBenchOptions {
  /** Small runs (for the test of the command's output): 300 commands per kill, a 5 s pause. */
  quick?: boolean;
  /** XT transfers per kill run (default 5,000); the fault strikes once 60 % of them are in flight. */
  commands?: number;
  /** Seconds the chain is paused (default 30). */
  pauseSeconds?: number;
  /** A PostgreSQL server for the instance kill (a fresh schema, dropped afterwards); without it that run is skipped. */
  databaseUrl?: string;
  progress?: Progress;
}

/**
 * The fault runs at bench scale, one after the other, each on its own `tierchain start` process and data directory:
 * kill -9 of the whole service, kill -9 of the platform alone, and the chain paused under load.
 */
export async function runFaultBench(o: FaultBenchOptions = {}): Promise<FaultBenchResult> {
  const started = performance.now();
  const quick = o.quick ?? false;
  const commands = o.commands ?? (quick ? 300 : 5_000);
  const inFlight = Math.floor(commands * 0.6);
  const progress = o.progress ?? (() => {});
  const wholeServiceKill = await runKillScenario({ fault: 'wholeService', commands, inFlight, progress });
  const platformKill = await runKillScenario({ fault: 'platform', commands, inFlight, progress });
  const chainPause = await runChainPause({ pauseSeconds: o.pauseSeconds ?? (quick ? 5 : 30), rate: quick ? 10 : 50, progress });
  const notMeasured: Record<string, string> = {};
  let instanceKill: InstanceKillFigures | null = null;
  if (o.databaseUrl) instanceKill = await runInstanceKill({ databaseUrl: o.databaseUrl, commands, progress });
  else notMeasured['faults.instanceKill'] = 'needs a shared PostgreSQL (--database-url)';
  return {
    faults: { wholeServiceKill, platformKill, chainPause, instanceKill },
    meta: { date: new Date().toISOString(), node: process.version, durationMs: Math.round(performance.now() - started), quick, notMeasured },
  };
}

/** The figures as a table, for people. */
export function formatFaultTable(r: FaultBenchResult): string {
  const { wholeServiceKill: a, platformKill: b, chainPause: c, instanceKill: d } = r.faults;
  const row = (name: string, f: { commands: number; lost: number; duplicated: number; statusMismatches: number; recoverSeconds: number }, more: string) =>
    `  ${name.padEnd(20)}${String(f.commands).padStart(9)}${String(f.lost).padStart(6)}${String(f.duplicated).padStart(12)}${String(f.statusMismatches).padStart(11)}${f.recoverSeconds.toFixed(1).padStart(10)}   ${more}`;
  return [
    'Faults (a real tierchain start process; counted on the chain)',
    `  ${'fault'.padEnd(20)}${'commands'.padStart(9)}${'lost'.padStart(6)}${'duplicated'.padStart(12)}${'mismatch'.padStart(11)}${'recover s'.padStart(10)}`,
    row('kill -9, whole', a, `${a.inFlightAtFault} in flight, chain lost ${a.blocksLostByChain} blocks, ${a.reopenedAtRestart} broadcast again`),
    row('kill -9, platform', b, `${b.inFlightAtFault} in flight, chain ${b.chainOrphaned ? 'ORPHANED' : 'stopped with it'}`),
    row(`chain paused ${c.pauseSeconds} s`, c, `slowest answer ${c.maxAnswerMs} ms, ${c.slowAnswers} over 2 s, ${c.duringPause.chainUnavailable} x 503 chain_unavailable`),
    ...(d ? [row('kill -9, 1 of 2 inst.', d, `${d.acceptedByKilled} accepted by it, ${d.signersTakenOver}/${d.signersHeldByKilled} signers taken over`)] : []),
    ...Object.entries(r.meta.notMeasured).map(([figure, reason]) => `  not measured: ${figure}: ${reason}`),
    '',
  ].join('\n');
}
