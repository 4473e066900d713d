import { execFileSync } from 'node:child_process';
import { chmodSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { TierchainError } from '../common/errors.ts';

/**
 * Who runs the embedded chain of a state file. `<dir of the state file>/anvil.pid` names the anvil a platform process
 * started on it (its pid, the owner's pid, the state file); a later start reads it to find that anvil if the platform
 * died without stopping it, and stops it before starting its own: two chains on one state file would overwrite each
 * other's dumps.
 */
export interface ChainPidRecord {
  pid: number;
  /** The process that started it (the platform). */
  owner: number;
  stateFile: string;
  startedAt: string;
}

export const chainPidFile = (stateFile: string): string => join(dirname(resolve(stateFile)), 'anvil.pid');

export function writeChainPidFile(stateFile: string, record: Omit<ChainPidRecord, 'stateFile' | 'startedAt'>): void {
  const full: ChainPidRecord = { ...record, stateFile: resolve(stateFile), startedAt: new Date().toISOString() };
  const file = chainPidFile(stateFile);
  // Private like every file of the data directory (the mode applies only when the file is created).
  writeFileSync(file, `${JSON.stringify(full)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
}

/** Removes the pid file if it still names `pid`. */
export function removeChainPidFile(stateFile: string, pid: number): void {
  if (readChainPidFile(stateFile)?.pid === pid) rmSync(chainPidFile(stateFile), { force: true });
}

export function readChainPidFile(stateFile: string): ChainPidRecord | null {
  try {
    const record = JSON.parse(readFileSync(chainPidFile(stateFile), 'utf8')) as ChainPidRecord;
    return Number.isInteger(record.pid) && record.pid > 0 ? record : null;
  } catch {
    return null;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The process's command line as its arguments; null when it does not run (or cannot be read). */
export function commandLineOf(pid: number): string[] | null {
  if (process.platform === 'linux') {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter((a) => a !== '');
    } catch {
      return null;
    }
  }
  try {
    // Arguments with spaces are ambiguous here; the state file is compared as a suffix of the line below.
    return execFileSync('ps', ['-p', String(pid), '-o', 'args='], { encoding: 'utf8' }).trim().split(/\s+/);
  } catch {
    return null;
  }
}

/** True when `args` is an anvil running on `stateFile` (`--state <stateFile>`). */
export function isAnvilOn(args: string[] | null, stateFile: string): boolean {
  if (!args || args.length === 0 || !/^anvil(\.exe)?$/.test(basename(args[0]!))) return false;
  const at = args.indexOf('--state');
  if (at < 0) return false;
  const target = resolve(stateFile);
  const given = args.slice(at + 1).join(' ');
  return given === target || given.startsWith(`${target} `);
}

/** Every running anvil whose command line names `stateFile` (Linux: from /proc; elsewhere: from ps). */
export function findAnvilsOn(stateFile: string): number[] {
  const pids: number[] = [];
  if (process.platform === 'linux') {
    for (const entry of readdirSync('/proc')) {
      const pid = Number(entry);
      if (Number.isInteger(pid) && pid !== process.pid && isAnvilOn(commandLineOf(pid), stateFile)) pids.push(pid);
    }
    return pids;
  }
  let listing = '';
  try {
    listing = execFileSync('ps', ['-axo', 'pid=,args='], { encoding: 'utf8' });
  } catch {
    return pids;
  }
  for (const line of listing.split('\n')) {
    const m = /^\s*(\d+)\s+(.*)$/.exec(line);
    if (m && isAnvilOn(m[2]!.split(/\s+/), stateFile)) pids.push(Number(m[1]));
  }
  return pids;
}

/** SIGTERM (anvil dumps its state on it), then SIGKILL after `graceMs`; resolves once the process is gone. */
export async function stopProcess(pid: number, graceMs = 10_000): Promise<'stopped' | 'killed'> {
  const gone = async (ms: number) => {
    const deadline = Date.now() + ms;
    while (isAlive(pid)) {
      if (Date.now() > deadline) return false;
      await new Promise((r) => setTimeout(r, 50));
    }
    return true;
  };
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return 'stopped';
  }
  if (await gone(graceMs)) return 'stopped';
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // exited meanwhile
  }
  await gone(5_000);
  return 'killed';
}

/**
 * Makes sure no other chain runs on `stateFile` before one is started on it. The anvil the pid file names (checked by
 * its command line, so a reused pid is never touched) is stopped when its owner is gone (the platform died, e.g. by
 * kill -9, and the chain outlived it); while its owner runs, the state file is in use and this fails. Any other anvil
 * running on the file (not started by a platform of this version) also makes this fail, naming its pid.
 */
export async function claimStateFile(stateFile: string, log: (message: string) => void = () => {}): Promise<void> {
  const recorded = readChainPidFile(stateFile);
  if (recorded && isAnvilOn(commandLineOf(recorded.pid), stateFile)) {
    if (recorded.owner !== process.pid && isAlive(recorded.owner)) {
      throw new TierchainError(
        'anvil_state_in_use',
        `the chain state ${resolve(stateFile)} is in use by anvil (pid ${recorded.pid}), started by process ${recorded.owner}, which still runs`,
        { details: { pid: recorded.pid, owner: recorded.owner } },
      );
    }
    log(`stopping the embedded chain left running by process ${recorded.owner}, which is gone (anvil pid ${recorded.pid})`);
    const how = await stopProcess(recorded.pid);
    log(how === 'stopped' ? `anvil ${recorded.pid} stopped (its state saved)` : `anvil ${recorded.pid} did not stop on SIGTERM and was killed`);
  }
  rmSync(chainPidFile(stateFile), { force: true });
  const others = findAnvilsOn(stateFile);
  if (others.length) {
    throw new TierchainError(
      'anvil_state_in_use',
      `the chain state ${resolve(stateFile)} is in use by another anvil (pid ${others.join(', ')}) that no Tierchain platform recorded; stop it first`,
      { details: { pids: others } },
    );
  }
}
