import { join } from 'node:path';
import { ensurePrivateDir, makePrivate } from '../common/privateFiles.ts';

/** What Tierchain keeps in its data directory; only these are touched, whatever else an operator put there. */
export const DATA_DIR_ENTRIES = ['db', 'chain', 'secrets', 'operator-api-key', 'tierchain.pid'] as const;

/**
 * Creates the data directory 0700 (or tightens it) and makes Tierchain's own entries in it private: directories
 * 0700, files 0600, including those an earlier version left readable by others.
 */
export function makeDataDirPrivate(dataDir: string): void {
  ensurePrivateDir(dataDir);
  for (const entry of DATA_DIR_ENTRIES) makePrivate(join(dataDir, entry));
}
