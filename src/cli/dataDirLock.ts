import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePrivateDir } from '../common/privateFiles.ts';
import { CliError } from './errors.ts';

export interface DataDirLock {
  /** Removes the lock file if it is still ours. Idempotent. */
  release(): void;
}

/**
 * Claims the data directory for this process with `<dataDir>/tierchain.pid`. Two processes on one directory
 * would open the same PGlite database (which corrupts it) and the same anvil state file.
 * A lock left by a process that no longer runs is taken over. The embedded chain is covered too: it is this process's
 * child, stopped by its watchdog when this process dies (kill -9 included), and a chain that a dead holder left running
 * on `<dataDir>/chain/state.json` is found through `<dataDir>/chain/anvil.pid` and stopped before the next start
 * starts its own (src/chain/chainOwnership.ts).
 */
export function lockDataDir(dataDir: string): DataDirLock {
  ensurePrivateDir(dataDir);
  const file = join(dataDir, 'tierchain.pid');
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error;
      const holder = Number.parseInt(readFileSync(file, 'utf8'), 10);
      if (Number.isInteger(holder) && holder !== process.pid && isRunning(holder)) {
        throw new CliError(`the data directory ${dataDir} is in use by another tierchain process (pid ${holder})`, {
          hint: `stop that process, or set TIERCHAIN_DATA_DIR to another directory (if pid ${holder} is not tierchain, delete ${file})`,
        });
      }
      unlinkSync(file);
    }
  }

  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off('exit', release);
    try {
      if (Number.parseInt(readFileSync(file, 'utf8'), 10) === process.pid) unlinkSync(file);
    } catch {
      // already gone
    }
  };
  // A forced exit (second Ctrl-C) must not leave the directory locked.
  process.on('exit', release);
  return { release };
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
