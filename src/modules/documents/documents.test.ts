/**
 * Documents private by default, per role, end to end: the owner uploads a contract concerning the core enterprise;
 * it is stored encrypted, its key wrapped for the owner, the party and the regulator; each opens it with its own
 * private key and the digests on-chain prove it unchanged; a funder and an outsider are refused (and logged) until
 * the owner grants the funder access on-chain, and again once it is revoked.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { onboard, startTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { assertError, newKey, post, postConfirmed } from '../../../test/support/e2e.ts';
import { newDocumentKeyPair, openSealed, rewrapKey } from './envelope.ts';

interface Who {
  id: string;
  address: string;
  apiKey: string;
  keys: { publicKeyPem: string; privateKeyPem: string };
}

describe('encrypted documents and access per role (pglite)', () => {
  let t: TestPlatform;
  let owner: Who;
  let core: Who;
  let funder: Who;
  let outsider: Who;
  let regulator: Who;
  let documentId: string;
  const content = Buffer.from('PURCHASE CONTRACT PC-2026-118 — brake rotors, 2,000 units, CNY 624,500.00, delivery 2027-01-15');
  const read = (who: Who) => t.api('GET', `/v1/documents/${documentId}`, { key: who.apiKey });

  before(async () => {
    t = await startTestPlatform();
    const people = await Promise.all([
      onboard(t, { name: 'Doc Supplier', registrationNumber: 'DOC-SUP', roles: ['supplier'] }),
      onboard(t, { name: 'Doc Core', registrationNumber: 'DOC-CORE', roles: ['core_enterprise'] }),
      onboard(t, { name: 'Doc Funder', registrationNumber: 'DOC-FUND', roles: ['funder'] }),
      onboard(t, { name: 'Doc Outsider', registrationNumber: 'DOC-OUT', roles: ['supplier'] }),
      onboard(t, { name: 'Doc Regulator', registrationNumber: 'DOC-REG', roles: ['regulator'] }),
    ]);
    [owner, core, funder, outsider, regulator] = people.map((p) => ({ ...p, keys: newDocumentKeyPair() })) as unknown as [Who, Who, Who, Who, Who];
    // Each registers its document key, except the outsider for now.
    for (const who of [owner, core, funder, regulator]) {
      const r = await t.api('POST', '/v1/documents/keys', { key: who.apiKey, body: { publicKeyPem: who.keys.publicKeyPem }, idempotencyKey: newKey('dockey') });
      assert.equal(r.status, 201, JSON.stringify(r.body));
    }
  });
  after(async () => {
    await t?.close();
  });

  test('an upload is encrypted at once, wrapped for the owner, the party and the regulator; its digests go on-chain', async () => {
    const body = { name: 'PC-2026-118.txt', kind: 'contract', content: content.toString('base64'), partyMemberIds: [core.id] };
    assertError(await post(t, '/v1/documents', { key: owner.apiKey, body: { ...body, partyMemberIds: [outsider.id] } }), 422, 'DocumentKeyMissing');
    const r = await postConfirmed(t, '/v1/documents', { key: owner.apiKey, body });
    documentId = r.body.document.id;
    assert.deepEqual(new Set(r.body.readers), new Set([owner.id, core.id, regulator.id]));
    assert.equal(r.body.document.sha256, createHash('sha256').update(content).digest('hex'));
    assert.equal(r.body.document.sm3, createHash('sm3').update(content).digest('hex'));
    const { rows } = await t.db.query<{ ciphertext: Buffer }>('SELECT ciphertext FROM documents WHERE id = $1', [documentId]);
    assert.equal(rows[0]!.ciphertext.length, content.length);
    assert.equal(rows[0]!.ciphertext.includes(Buffer.from('PURCHASE')), false);
  });

  test('the owner, the party and the regulator each open it with their own key; the chain’s digests match', async () => {
    for (const who of [owner, core, regulator]) {
      const r = await read(who);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.deepEqual(openSealed(r.body, who.keys.privateKeyPem), content);
      assert.equal(r.body.onChain.sha256, r.body.document.sha256);
      // Another member's private key cannot open it.
      assert.throws(() => openSealed(r.body, funder.keys.privateKeyPem));
    }
  });

  test('a funder and an outsider are refused and logged; the owner grants the funder on-chain, then revokes it', async () => {
    assertError(await read(funder), 403, 'DocumentAccessDenied');
    assertError(await read(outsider), 403, 'DocumentAccessDenied');
    // Only the owner grants; the grant carries the key re-wrapped by the owner's client.
    const mine = (await read(owner)).body;
    const wrappedKey = rewrapKey(mine.wrappedKey, owner.keys.privateKeyPem, funder.keys.publicKeyPem);
    assertError(await post(t, `/v1/documents/${documentId}/grants`, { key: core.apiKey, body: { memberId: funder.id, wrappedKey } }), 403, 'NotDocumentOwner');
    const granted = await postConfirmed(t, `/v1/documents/${documentId}/grants`, { key: owner.apiKey, body: { memberId: funder.id, wrappedKey } });
    assert.deepEqual(granted.commands.map((c) => c.kind), ['document.grant']);
    const opened = await read(funder);
    assert.equal(opened.status, 200);
    assert.deepEqual(openSealed(opened.body, funder.keys.privateKeyPem), content);
    const grants = await t.db.query<{ grantee: string; active: boolean }>('SELECT grantee, active FROM document_grants WHERE document_id = $1 ORDER BY grantee', [documentId]);
    assert.deepEqual(new Set(grants.rows.map((g) => `${g.grantee}:${g.active}`)), new Set([`${core.address}:true`, `${funder.address}:true`]));

    await postConfirmed(t, `/v1/documents/${documentId}/grants/${funder.id}/revoke`, { key: owner.apiKey });
    assertError(await read(funder), 403, 'DocumentAccessDenied');
    assertError(await post(t, `/v1/documents/${documentId}/grants/${regulator.id}/revoke`, { key: owner.apiKey }), 422, 'AccessNotGranted');
    const after = await t.db.query<{ active: boolean }>('SELECT active FROM document_grants WHERE document_id = $1 AND grantee = $2', [documentId, funder.address]);
    assert.equal(after.rows[0]!.active, false);
  });

  test('every read is logged; the owner and the regulator see the log, the party does not', async () => {
    const log = await t.api('GET', `/v1/documents/${documentId}/reads`, { key: regulator.apiKey });
    assert.equal(log.status, 200);
    const byMember = (id: string) => log.body.items.filter((r: { memberId: string }) => r.memberId === id).map((r: { allowed: boolean }) => r.allowed);
    assert.deepEqual(byMember(funder.id), [false, true, false]);
    assert.deepEqual(byMember(outsider.id), [false]);
    assert.ok(byMember(regulator.id).every(Boolean));
    assert.equal((await t.api('GET', `/v1/documents/${documentId}/reads`, { key: owner.apiKey })).status, 200);
    assertError(await t.api('GET', `/v1/documents/${documentId}/reads`, { key: core.apiKey }), 403, 'forbidden');
  });

  test('a changed copy is caught: GCM refuses tampered ciphertext, and the chain’s digests refuse another plaintext', async () => {
    const sealed = (await read(owner)).body;
    const flipped = Buffer.from(sealed.ciphertext, 'base64');
    flipped[0] = flipped[0]! ^ 1;
    assert.throws(() => openSealed({ ...sealed, ciphertext: flipped.toString('base64') }, owner.keys.privateKeyPem));
    assert.throws(() => openSealed({ ...sealed, onChain: { ...sealed.onChain, sha256: '00'.repeat(32) } }, owner.keys.privateKeyPem), /changed/);
  });
});
