import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Database } from '../../db/database.ts';
import { availableTestDatabases } from '../../../test/support/databases.ts';
import { createAuthenticator, createUserWithKey } from './apiKeys.ts';

const OPERATOR = '0x00000000000000000000000000000000000000aa';
const MEMBER = '0x00000000000000000000000000000000000000bb';
const SUPPLIER = 1 << 1;
const FUNDER = 1 << 3;

for (const backend of await availableTestDatabases()) {
  describe(`API key authentication cache (${backend.name})`, () => {
    let db: Database;
    let apiKey: string;
    const setRoles = (roles: number, status = 'certified') =>
      db.query('UPDATE member_states SET roles = $2, status = $3 WHERE address = $1', [MEMBER, roles, status]);

    before(async () => {
      db = await backend.open();
      const memberId = randomUUID();
      await db.query(
        `INSERT INTO members (id, name, registration_number, legal_id_hash, address) VALUES ($1, 'Cache Test Ltd', 'R-1', $2, $3)`,
        [memberId, `0x${'11'.repeat(32)}`, MEMBER],
      );
      await db.query(
        `INSERT INTO member_states (address, legal_id_hash, documents_hash, roles, status, registered_at, updated_at, updated_block)
         VALUES ($1, $2, $2, $3, 'certified', now(), now(), 1)`,
        [MEMBER, `0x${'11'.repeat(32)}`, SUPPLIER],
      );
      ({ apiKey } = await createUserWithKey(db, { memberId, name: 'clerk', role: 'member' }));
    });
    after(() => db?.close());

    test('a known key is answered from the cache until invalidated; standing changes show after invalidate()', async () => {
      const auth = createAuthenticator(db, OPERATOR, { ttlMs: 60_000 });
      assert.deepEqual((await auth.authenticate(apiKey))?.memberRoles, ['supplier']);
      await setRoles(SUPPLIER | FUNDER);
      // Cached: the change is not seen yet (the platform invalidates when the indexer applies a member event).
      assert.deepEqual((await auth.authenticate(apiKey))?.memberRoles, ['supplier']);
      auth.invalidate();
      assert.deepEqual((await auth.authenticate(apiKey))?.memberRoles, ['supplier', 'funder']);
      await setRoles(SUPPLIER | FUNDER, 'suspended');
      auth.invalidate();
      assert.deepEqual((await auth.authenticate(apiKey))?.memberRoles, [], 'a suspended member keeps no certified roles');
      await setRoles(SUPPLIER);
    });

    test('entries expire after ttlMs; revoked keys stop working then', async () => {
      const auth = createAuthenticator(db, OPERATOR, { ttlMs: 50 });
      assert.ok(await auth.authenticate(apiKey));
      await db.query('UPDATE api_keys SET revoked_at = now()');
      await sleep(80);
      assert.equal(await auth.authenticate(apiKey), null);
      await db.query('UPDATE api_keys SET revoked_at = NULL');
    });

    test('unknown and malformed keys are never cached', async () => {
      const auth = createAuthenticator(db, OPERATOR, { ttlMs: 60_000 });
      assert.equal(await auth.authenticate('tck_not-a-key'), null);
      assert.equal(await auth.authenticate('nonsense'), null);
      assert.ok(await auth.authenticate(apiKey), 'a real key still authenticates');
    });
  });
}
