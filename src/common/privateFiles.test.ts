import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensurePrivateDir, makePrivate } from './privateFiles.ts';

const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);

describe('private files', { skip: process.platform === 'win32' && 'POSIX modes' }, () => {
  let root: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'tierchain-private-'));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  test('ensurePrivateDir creates missing directories 0700 and tightens an existing one', () => {
    const nested = join(root, 'a', 'b', 'c');
    ensurePrivateDir(nested);
    for (const dir of [join(root, 'a'), join(root, 'a', 'b'), nested]) assert.equal(mode(dir), '700', dir);
    const loose = join(root, 'loose');
    mkdirSync(loose);
    chmodSync(loose, 0o755);
    ensurePrivateDir(loose);
    assert.equal(mode(loose), '700');
  });

  test('makePrivate removes group and other bits below a directory, keeps owner bits, skips symbolic links', () => {
    const dir = join(root, 'data');
    mkdirSync(join(dir, 'db', 'base'), { recursive: true });
    writeFileSync(join(dir, 'db', 'base', 'PG_VERSION'), '17');
    chmodSync(join(dir, 'db', 'base', 'PG_VERSION'), 0o666); // as PGlite creates its files
    writeFileSync(join(dir, 'tool'), '#!/bin/sh');
    chmodSync(join(dir, 'tool'), 0o755);
    chmodSync(join(dir, 'db'), 0o777);
    const outside = join(root, 'outside.txt');
    writeFileSync(outside, 'not ours to change');
    chmodSync(outside, 0o644);
    symlinkSync(outside, join(dir, 'link'));

    makePrivate(dir);
    assert.equal(mode(dir), '700');
    assert.equal(mode(join(dir, 'db')), '700');
    assert.equal(mode(join(dir, 'db', 'base')), '700');
    assert.equal(mode(join(dir, 'db', 'base', 'PG_VERSION')), '600');
    assert.equal(mode(join(dir, 'tool')), '700');
    assert.equal(mode(outside), '644');
  });

  test('makePrivate of a missing path does nothing', () => {
    makePrivate(join(root, 'never-created'));
  });
});
