import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeDataDirPrivate } from './dataDir.ts';

const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);

test('an older data directory is made private, and only what Tierchain keeps in it', { skip: process.platform === 'win32' && 'POSIX modes' }, () => {
  const root = mkdtempSync(join(tmpdir(), 'tierchain-datadir-'));
  try {
    const dataDir = join(root, 'data');
    mkdirSync(join(dataDir, 'db', 'base'), { recursive: true });
    mkdirSync(join(dataDir, 'chain'));
    writeFileSync(join(dataDir, 'db', 'base', '1259'), '');
    writeFileSync(join(dataDir, 'chain', 'state.json'), '{}');
    writeFileSync(join(dataDir, 'operator-api-key'), 'tck_x\n');
    writeFileSync(join(dataDir, 'notes.txt'), 'the operator’s own file');
    for (const [path, m] of [['', 0o755], ['db', 0o755], ['db/base', 0o777], ['db/base/1259', 0o666], ['chain', 0o755], ['chain/state.json', 0o644], ['operator-api-key', 0o644], ['notes.txt', 0o644]] as const) {
      chmodSync(join(dataDir, path), m);
    }

    makeDataDirPrivate(dataDir);
    assert.equal(mode(dataDir), '700');
    for (const dir of ['db', 'db/base', 'chain']) assert.equal(mode(join(dataDir, dir)), '700', dir);
    for (const file of ['db/base/1259', 'chain/state.json', 'operator-api-key']) assert.equal(mode(join(dataDir, file)), '600', file);
    assert.equal(mode(join(dataDir, 'notes.txt')), '644');

    const fresh = join(root, 'new', 'data');
    makeDataDirPrivate(fresh);
    assert.equal(mode(fresh), '700');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
