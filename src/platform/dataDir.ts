import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePrivateDir, makePrivate } from '../common/privateFiles.ts';

/** What Tierchain keeps in its data directory; only these are touched, whatever else an operator put there. */
export const DATA_DIR_ENTRIES = ['db', 'chain', 'secrets', 'operator-api-key', 'tierchain.pid', 'instance-id', 'api-url'] as const;

/**
 * Creates the data directory 0700 (or tightens it) and makes Tierchain's own entries in it private: directories
 * 0700, files 0600, including those an earlier version left readable by others.
 */
export function makeDataDirPrivate(dataDir: string): void {
  ensurePrivateDir(dataDir);
  for (const entry of DATA_DIR_ENTRIES) makePrivate(join(dataDir, entry));
}

/**
 * This data directory's instance id (`<dataDir>/instance-id`, created on its first start): the holder named in the
 * leases of the instance running on it (docs/adr/014-instances.md). The data directory's lock allows one process on it,
 * so a restart after a crash is the same instance and takes its leases back at once instead of waiting out their term.
 */
export function instanceId(dataDir: string): string {
  const file = join(dataDir, 'instance-id');
  if (existsSync(file)) {
    const id = readFileSync(file, 'utf8').trim();
    if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)) return id;
  }
  const id = randomUUID();
  writeFileSync(file, id + '\n', { mode: 0o600 });
  return id;
}
