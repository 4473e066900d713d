/**
 * End-to-end: API keys are listed without their secret, issued for rotation, and revoked at once (the platform
 * caches principals briefly; a revocation drops the cache before it answers). A member keeps one active admin key.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { onboard, startTestPlatform, type TestPlatform } from '../../../../test/support/platform.ts';
import { assertError } from '../../../../test/support/e2e.ts';

describe('API keys: list, rotate, revoke', () => {
  let t: TestPlatform;
  let A: { id: string; apiKey: string };
  let B: { id: string; apiKey: string };
  let clerk: { userId: string; apiKey: string };

  before(async () => {
    t = await startTestPlatform();
    [A, B] = await Promise.all([
      onboard(t, { name: 'Keys Supplier A', roles: ['supplier'] }),
      onboard(t, { name: 'Keys Supplier B', roles: ['supplier'] }),
    ]);
    const added = await t.api('POST', `/v1/members/${A.id}/users`, { key: A.apiKey, body: { name: 'Clerk', role: 'member' } });
    assert.equal(added.status, 201);
    clerk = added.body;
  });
  after(() => t?.close());

  const keysOf = async (memberId: string, key: string) => (await t.api('GET', `/v1/members/${memberId}/api-keys`, { key })).body.items as any[];

  test("a member's admins list its keys: prefixes, users and roles, never the key itself", async () => {
    const items = await keysOf(A.id, A.apiKey);
    assert.equal(items.length, 2);
    assert.deepEqual(items.map((k) => k.userRole).sort(), ['admin', 'member']);
    for (const k of items) {
      assert.equal(k.revokedAt, null);
      assert.ok(k.prefix.length <= 8 && [A.apiKey, clerk.apiKey].some((key) => key.startsWith(k.prefix)));
      assert.ok(!JSON.stringify(k).includes(A.apiKey) && !JSON.stringify(k).includes(clerk.apiKey));
    }
    // The operator's admins see them too; other members and non-admin users do not.
    assert.equal((await keysOf(A.id, t.operator.apiKey!)).length, 2);
    assertError(await t.api('GET', `/v1/members/${A.id}/api-keys`, { key: B.apiKey }), 403, 'forbidden');
    assertError(await t.api('GET', `/v1/members/${A.id}/api-keys`, { key: clerk.apiKey }), 403, 'forbidden');
  });

  test('a revoked key stops working at once, even though it was just used (and cached)', async () => {
    assert.equal((await t.api('GET', '/v1/me', { key: clerk.apiKey })).status, 200);
    const key = (await keysOf(A.id, A.apiKey)).find((k) => k.userId === clerk.userId)!;
    const revoked = await t.api('POST', `/v1/members/${A.id}/api-keys/${key.id}/revoke`, { key: A.apiKey });
    assert.equal(revoked.status, 200);
    assert.ok(revoked.body.revokedAt);
    assertError(await t.api('GET', '/v1/me', { key: clerk.apiKey }), 401, 'unauthenticated');
    // Repeating the revocation answers the same.
    const again = await t.api('POST', `/v1/members/${A.id}/api-keys/${key.id}/revoke`, { key: A.apiKey });
    assert.deepEqual(again.body, revoked.body);
  });

  test("rotation: an admin issues another key for a user; a user may revoke its own key; others' keys are 403/404", async () => {
    const issued = await t.api('POST', `/v1/members/${A.id}/users/${clerk.userId}/api-keys`, { key: A.apiKey });
    assert.equal(issued.status, 201);
    assert.equal((await t.api('GET', '/v1/me', { key: issued.body.apiKey })).body.userId, clerk.userId);
    assertError(await t.api('POST', `/v1/members/${A.id}/users/${clerk.userId}/api-keys`, { key: issued.body.apiKey }), 403, 'forbidden');
    assertError(await t.api('POST', `/v1/members/${A.id}/users/${randomUUID()}/api-keys`, { key: A.apiKey }), 404, 'user_not_found');
    // Another member's admin can neither revoke it nor find it under its own member.
    assertError(await t.api('POST', `/v1/members/${A.id}/api-keys/${issued.body.keyId}/revoke`, { key: B.apiKey }), 403, 'forbidden');
    assertError(await t.api('POST', `/v1/members/${B.id}/api-keys/${issued.body.keyId}/revoke`, { key: B.apiKey }), 404, 'api_key_not_found');
    const own = await t.api('POST', `/v1/members/${A.id}/api-keys/${issued.body.keyId}/revoke`, { key: issued.body.apiKey });
    assert.equal(own.status, 200);
    assertError(await t.api('GET', '/v1/me', { key: issued.body.apiKey }), 401, 'unauthenticated');
  });

  test("a member keeps one active admin key: revoking the last one is a 409 until another is issued", async () => {
    const adminKey = (await keysOf(B.id, B.apiKey)).find((k) => k.userRole === 'admin')!;
    assertError(await t.api('POST', `/v1/members/${B.id}/api-keys/${adminKey.id}/revoke`, { key: B.apiKey }), 409, 'last_admin_key');
    assert.equal((await t.api('GET', '/v1/me', { key: B.apiKey })).status, 200, 'the refused revocation changed nothing');
    const fresh = await t.api('POST', `/v1/members/${B.id}/users/${adminKey.userId}/api-keys`, { key: B.apiKey });
    const done = await t.api('POST', `/v1/members/${B.id}/api-keys/${adminKey.id}/revoke`, { key: fresh.body.apiKey });
    assert.equal(done.status, 200);
    assertError(await t.api('GET', '/v1/me', { key: B.apiKey }), 401, 'unauthenticated');
    assert.equal((await t.api('GET', '/v1/me', { key: fresh.body.apiKey })).status, 200);
  });

  test('bad ids are 400s naming the parameter', async () => {
    assertError(await t.api('POST', `/v1/members/${A.id}/api-keys/not-a-uuid/revoke`, { key: A.apiKey }), 400, 'validation_failed', 'params.keyId');
    assertError(await t.api('GET', '/v1/members/nope/api-keys', { key: A.apiKey }), 400, 'validation_failed', 'params.id');
  });
});
