import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { lstatSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { openDatabase } from './database.ts';

/** Entries under `root` whose mode is not 0700 (directories) or 0600 (files). */
function loose(root: string): string[] {
  const found: string[] = [];
  const walk = (path: string) => {
    const info = lstatSync(path);
    const expected = info.isDirectory() ? 0o700 : 0o600;
    if ((info.mode & 0o777) !== expected) found.push(`${relative(root, path) || '.'} ${(info.mode & 0o777).toString(8)}`);
    if (info.isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
  };
  walk(root);
  return found;
}

describe('a PGlite directory is private to the service user', { skip: process.platform === 'win32' && 'POSIX modes' }, () => {
  let root: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'tierchain-pglite-modes-'));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  test('0700 directories and 0600 files while open and after close (PGlite itself creates them 0666)', async () => {
    const dir = join(root, 'nested', 'db');
    const db = await openDatabase({ dir });
    await db.query('CREATE TABLE modes_check (v text)');
    await db.query("INSERT INTO modes_check VALUES ('x')");
    const files = readdirSync(dir, { recursive: true }).length;
    assert.ok(files > 100, `${files} entries`);
    assert.deepEqual(loose(dir), []);
    assert.equal(lstatSync(join(root, 'nested')).mode & 0o777, 0o700);
    await db.close();
    assert.deepEqual(loose(dir), []);
    console.log(`PGlite directory: ${files} entries, all 0700/0600`);
  });
});
