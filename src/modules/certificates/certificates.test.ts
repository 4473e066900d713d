/**
 * End-to-end through the HTTP API, per algorithm: the operator trusts a CA made in the test and loads its CRL; a
 * member is onboarded with its certificate (hashes on-chain, event indexed); expired, revoked and foreign ones are
 * refused by name; the member's document signatures verify against it; a new CRL revoking it revokes it on-chain and
 * its signatures are refused from then on.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Address } from 'viem';
import { startTestPlatform, onboard, type TestPlatform } from '../../../test/support/platform.ts';
import { assertError, newKey, post, postConfirmed } from '../../../test/support/e2e.ts';
import { certificateRegistry } from './contracts.ts';
import { createCa, crl, issue, revoke, type KeyAlgorithm } from '../../../test/support/pki.ts';
import { digests, signDocument } from './x509.ts';

for (const algorithm of ['sm2', 'p256'] as const satisfies readonly KeyAlgorithm[]) {
  describe(`member certificates and signed documents, ${algorithm} (pglite)`, () => {
    let t: TestPlatform;
    let supplier: { id: string; address: string; apiKey: string };
    let other: { id: string; address: string; apiKey: string };
    const reg = `9131000066${algorithm === 'sm2' ? 'SM2' : 'P25'}TEST`;
    const ca = createCa(`Tierchain Test CA ${algorithm}`, algorithm);
    const foreign = createCa(`Unknown CA ${algorithm}`, algorithm);
    const good = issue(ca, { commonName: 'Tier One Parts', serialNumber: reg });
    const expired = issue(ca, { commonName: 'Tier One Parts', serialNumber: reg, notBefore: new Date('2024-01-01'), notAfter: new Date('2025-01-01') });
    const stranger = issue(foreign, { commonName: 'Tier One Parts', serialNumber: reg });
    const record = (path: string, key: string | undefined, body: unknown) => t.api('POST', path, { key, body, idempotencyKey: newKey('cert') });
    const onChain = () => {
      const registry = certificateRegistry(t);
      return t.client.readContract({ address: registry.address, abi: registry.abi, functionName: 'certificateOf', args: [supplier.address as Address] });
    };

    before(async () => {
      t = await startTestPlatform();
      [supplier, other] = await Promise.all([
        onboard(t, { name: `Tier One Parts ${algorithm}`, registrationNumber: reg, roles: ['supplier'] }),
        onboard(t, { name: `Other ${algorithm}`, registrationNumber: `OTHER-${algorithm}`, roles: ['supplier'] }),
      ]);
    });
    after(async () => {
      await t?.close();
    });

    test('the operator configures the CA and its CRL; nobody else may', async () => {
      assertError(await record('/v1/certificates/authorities', supplier.apiKey, { pem: ca.certPem }), 403, 'forbidden');
      const added = await record('/v1/certificates/authorities', undefined, { pem: ca.certPem });
      assert.equal(added.status, 201, JSON.stringify(added.body));
      assert.equal(added.body.algorithm, algorithm);
      // Before any CRL, a certificate cannot be checked for revocation.
      assertError(await post(t, `/v1/members/${supplier.id}/certificate`, { key: supplier.apiKey, body: { certificatePem: good.certPem } }), 422, 'CertificateRevocationUnknown');
      const loaded = await postConfirmed(t, '/v1/certificates/crls', { body: { pem: crl(ca) } });
      assert.equal(loaded.body.revokedSerials, 0);
      assertError(await post(t, '/v1/certificates/crls', { body: { pem: crl(foreign) } }), 422, 'CertificateChainUntrusted');
    });

    test('a member is onboarded with its certificate: SHA-256 and SM3 on-chain; expired, foreign and others’ refused', async () => {
      assertError(await post(t, `/v1/members/${supplier.id}/certificate`, { key: supplier.apiKey, body: { certificatePem: expired.certPem } }), 422, 'CertificateExpired');
      assertError(await post(t, `/v1/members/${supplier.id}/certificate`, { key: supplier.apiKey, body: { certificatePem: stranger.certPem } }), 422, 'CertificateChainUntrusted');
      assertError(await post(t, `/v1/members/${other.id}/certificate`, { key: other.apiKey, body: { certificatePem: good.certPem } }), 422, 'CertificateSubjectMismatch');
      assertError(await post(t, `/v1/members/${supplier.id}/certificate`, { key: other.apiKey, body: { certificatePem: good.certPem } }), 403, 'forbidden');

      const r = await postConfirmed(t, `/v1/members/${supplier.id}/certificate`, { key: supplier.apiKey, body: { certificatePem: good.certPem } });
      assert.deepEqual(r.commands.map((c) => c.kind), ['certificate.record']);
      const der = new Uint8Array(Buffer.from(good.certPem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64'));
      const d = digests(der);
      const chain = await onChain();
      assert.equal(chain.sha256Hash, `0x${d.sha256}`);
      assert.equal(chain.sm3Hash, `0x${d.sm3}`);
      assert.equal(chain.revoked, false);
      const shown = await t.api('GET', `/v1/members/${supplier.id}/certificate`, { key: other.apiKey });
      assert.equal(shown.status, 200);
      assert.deepEqual([shown.body.sha256, shown.body.algorithm, shown.body.recorded, shown.body.revoked], [d.sha256, algorithm, true, false]);
    });

    test("the member's document signatures verify with its certificate's key; a forged one is refused", async () => {
      const document = Buffer.from(`Purchase contract PC-2026-118 (${algorithm})`);
      const { signature } = signDocument(document, good.keyPem);
      const body = { document: document.toString('base64'), signature: Buffer.from(signature).toString('base64') };
      const ok = await record('/v1/signatures', supplier.apiKey, body);
      assert.equal(ok.status, 201, JSON.stringify(ok.body));
      assert.deepEqual([ok.body.documentSha256, ok.body.documentSm3, ok.body.verified], [digests(document).sha256, digests(document).sm3, true]);
      const listed = await t.api('GET', `/v1/signatures?documentSha256=${digests(document).sha256}`, { key: other.apiKey });
      assert.deepEqual(listed.body.items.map((s: { memberId: string }) => s.memberId), [supplier.id]);
      // Someone else's key, or another document: refused.
      const forged = signDocument(document, stranger.keyPem).signature;
      assertError(await record('/v1/signatures', supplier.apiKey, { ...body, signature: Buffer.from(forged).toString('base64') }), 422, 'SignatureInvalid');
      assertError(await record('/v1/signatures', supplier.apiKey, { ...body, document: Buffer.from('another').toString('base64') }), 422, 'SignatureInvalid');
      assertError(await record('/v1/signatures', other.apiKey, body), 422, 'CertificateMissing');
    });

    test('a CRL revoking the certificate revokes it on-chain; it signs nothing more and cannot be onboarded again', async () => {
      revoke(ca, good);
      const r = await postConfirmed(t, '/v1/certificates/crls', { body: { pem: crl(ca) } });
      assert.deepEqual(r.body.revokedMembers.map((m: { memberId: string }) => m.memberId), [supplier.id]);
      assert.deepEqual(r.commands.map((c) => c.kind), ['certificate.revoke']);
      assert.equal((await onChain()).revoked, true);
      assert.equal((await t.api('GET', `/v1/members/${supplier.id}/certificate`, { key: supplier.apiKey })).body.revoked, true);
      const document = Buffer.from('after revocation');
      const { signature } = signDocument(document, good.keyPem);
      assertError(await record('/v1/signatures', supplier.apiKey, { document: document.toString('base64'), signature: Buffer.from(signature).toString('base64') }), 422, 'CertificateMissing');
      assertError(await post(t, `/v1/members/${supplier.id}/certificate`, { key: supplier.apiKey, body: { certificatePem: good.certPem } }), 422, 'CertificateRevoked');
    });
  });
}
