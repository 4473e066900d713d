/**
 * Files only the service's own user may read: the data directory holds the database (API-key hashes, encrypted
 * signing keys), the master key and the chain state. Directories are made 0700 and files 0600 (owner bits kept,
 * group and other bits removed), including what an older version or PGlite (which creates its files 0666) left.
 * No-ops on Windows, where modes do not carry these permissions.
 */
import { chmodSync, lstatSync, mkdirSync, readdirSync, type Stats } from 'node:fs';
import { join } from 'node:path';

const PRIVATE_DIR_MODE = 0o700;
const GROUP_AND_OTHER = 0o077;
const supported = process.platform !== 'win32';

/** Creates `dir` and its missing parents with mode 0700; an existing `dir` loses its group and other permissions. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (supported) tighten(dir, lstatSync(dir));
}

/**
 * Removes group and other permissions from `root` and everything under it (0755 → 0700, 0666 → 0600), without
 * following symbolic links. Throws when a file cannot be changed (it belongs to another user), saying which.
 */
export function makePrivate(root: string): void {
  if (!supported) return;
  const stack = [root];
  while (stack.length > 0) {
    const path = stack.pop()!;
    let info: Stats;
    try {
      info = lstatSync(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue; // removed meanwhile
      throw error;
    }
    if (info.isSymbolicLink()) continue;
    tighten(path, info);
    if (info.isDirectory()) for (const name of readdirSync(path)) stack.push(join(path, name));
  }
}

function tighten(path: string, info: Stats): void {
  if ((info.mode & GROUP_AND_OTHER) === 0) return;
  try {
    chmodSync(path, info.mode & 0o7700);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    throw new Error(
      `cannot make ${path} private to this user (mode ${(info.mode & 0o7777).toString(8)}, owner uid ${info.uid}): ${code ?? String(error)}; ` +
        'the data directory and its files must belong to the user that runs Tierchain',
      { cause: error },
    );
  }
}
