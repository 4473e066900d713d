/**
 * The national algorithms against their standards' own test vectors (GB/T 32905 for SM3, GB/T 32918.5 Annex A for
 * SM2), and certificate chains made in the test with the openssl tool (test/support/pki.ts): valid, expired, not yet
 * valid, revoked, from a CA nobody configured, without a CRL, naming someone else — in SM2 and in ECDSA P-256.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createPrivateKey, createPublicKey, sign, verify, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TierchainError } from '../../common/errors.ts';
import { createCa, crl, issue, revoke, type KeyAlgorithm } from '../../../test/support/pki.ts';
import { verifyChain } from './chain.ts';
import { digests, keyAlgorithmOf, keyId, parseCrl, publicKeyOf, signDocument, verifySignature, type ParsedCrl } from './x509.ts';

const der = (h: string) => Buffer.from(h, 'hex');
const derInteger = (h: string) => {
  let b = der(h);
  if (b[0]! & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
  return Buffer.concat([Buffer.from([0x02, b.length]), b]);
};
const derSignature = (r: string, s: string) => {
  const body = Buffer.concat([derInteger(r), derInteger(s)]);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
};

test('SM3 (GB/T 32905-2016, Appendix A): "abc" and the 512-bit message', () => {
  assert.equal(digests('abc').sm3, '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  assert.equal(digests('abcd'.repeat(16)).sm3, 'debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732');
  assert.equal(digests('abc').sha256, 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
});

test('SM2 (GB/T 32918.5-2017, Annex A): the key pair, and the signature of "message digest" verifies with the default id', () => {
  // The private key d of the example; OpenSSL derives the public key P = dG from it.
  const d = '3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8';
  const sec1 = Buffer.concat([der('30310201010420'), der(d), der('a00a06082a811ccf5501822d')]);
  const publicKey = createPublicKey(createPrivateKey({ key: sec1, format: 'der', type: 'sec1' }));
  assert.equal(
    publicKey.export({ type: 'spki', format: 'der' }).subarray(-64).toString('hex').toUpperCase(),
    '09F9DF311E5421A150DD7D161E4BC5C672179FAD1833FC076BB08FF356F35020' + 'CCEA490CE26775A52DC6EA718CC1AA600AED05FBF35E084A6632F6072DA9AD13',
  );
  assert.equal(keyAlgorithmOf(publicKey), 'sm2');
  const signature = derSignature('F5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3', 'B1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA');
  const message = Buffer.from('message digest');
  assert.equal(verifySignature('sm2', message, signature, publicKey), true);
  assert.equal(verifySignature('sm2', Buffer.from('message digesT'), signature, publicKey), false);
  assert.equal(verifySignature('p256', message, signature, publicKey), false);
  // Node's own SM2 (OpenSSL 3.0, no way to set the id) hashes an empty id and refuses the standard's signature.
  assert.equal(verify('sm3', message, publicKey, signature), false);
});

for (const algorithm of ['sm2', 'p256'] as const satisfies readonly KeyAlgorithm[]) {
  describe(`certificate chains, ${algorithm}`, () => {
    const ca = createCa(`Tierchain Test Root ${algorithm}`, algorithm);
    const other = createCa(`Someone Else's Root ${algorithm}`, algorithm);
    const reg = '91310000MA1FL0TEST';
    const valid = issue(ca, { commonName: 'Tier One Parts', serialNumber: reg });
    const expired = issue(ca, { commonName: 'Tier One Parts', serialNumber: reg, notBefore: new Date('2024-01-01'), notAfter: new Date('2025-01-01') });
    const future = issue(ca, { commonName: 'Tier One Parts', serialNumber: reg, notBefore: new Date(Date.now() + 30 * 86_400_000) });
    const revoked = issue(ca, { commonName: 'Tier One Parts', serialNumber: reg });
    revoke(ca, revoked);
    const strange = issue(other, { commonName: 'Tier One Parts', serialNumber: reg });
    const inter = issue(ca, { commonName: `Issuing CA ${algorithm}`, intermediate: true });
    const viaInter = issue(inter.ca!, { commonName: 'Tier One Parts', serialNumber: reg });
    const anchors = [new X509Certificate(ca.certPem)];
    const crlOf = (pem: string, issuerPem: string): [string, ParsedCrl] => [keyId(publicKeyOf(new X509Certificate(issuerPem))), parseCrl(pem)];
    const crls = new Map([crlOf(crl(ca), ca.certPem), crlOf(crl(inter.ca!), inter.certPem)]);
    const check = (certPem: string, o: { intermediates?: string[]; crls?: Map<string, ParsedCrl>; registrationNumber?: string } = {}) =>
      verifyChain({
        leaf: new X509Certificate(certPem),
        intermediates: (o.intermediates ?? []).map((p) => new X509Certificate(p)),
        anchors,
        crls: o.crls ?? crls,
        at: new Date(),
        registrationNumber: o.registrationNumber ?? reg,
      });
    const refusal = (f: () => unknown): string => {
      try {
        f();
      } catch (e) {
        assert.ok(e instanceof TierchainError, String(e));
        return e.code;
      }
      assert.fail('accepted');
    };

    test('a certificate from the configured CA verifies, directly or through an intermediate', () => {
      const direct = check(valid.certPem);
      assert.equal(direct.algorithm, algorithm);
      assert.equal(direct.path.length, 2);
      const chained = check(viaInter.certPem, { intermediates: [inter.certPem] });
      assert.equal(chained.path.length, 3);
      // The CRL on file lists the revoked one, signed by the CA's key.
      assert.equal(crls.get(keyId(publicKeyOf(anchors[0]!)))!.revoked.size, 1);
    });

    test('expired, not yet valid, revoked, wrong CA, missing intermediate, no CRL, another member: each refused by name', () => {
      assert.equal(refusal(() => check(expired.certPem)), 'CertificateExpired');
      assert.equal(refusal(() => check(future.certPem)), 'CertificateNotYetValid');
      assert.equal(refusal(() => check(revoked.certPem)), 'CertificateRevoked');
      assert.equal(refusal(() => check(strange.certPem)), 'CertificateChainUntrusted');
      assert.equal(refusal(() => check(viaInter.certPem)), 'CertificateChainUntrusted');
      assert.equal(refusal(() => check(valid.certPem, { crls: new Map() })), 'CertificateRevocationUnknown');
      assert.equal(refusal(() => check(viaInter.certPem, { intermediates: [inter.certPem], crls: new Map([crlOf(crl(ca), ca.certPem)]) })), 'CertificateRevocationUnknown');
      assert.equal(refusal(() => check(valid.certPem, { registrationNumber: '91110000100012345X' })), 'CertificateSubjectMismatch');
      assert.equal(refusal(() => check(ca.certPem, { registrationNumber: 'x' })), 'CertificateKeyUnsupported');
    });

    test("a document signed with the certificate's key verifies with its public key, and only that document", () => {
      const key = createPrivateKey(valid.keyPem);
      const document = Buffer.from('Warehouse receipt WR-2026-0042: 400 pallets of brake rotors');
      const publicKey = publicKeyOf(new X509Certificate(valid.certPem));
      if (algorithm === 'p256') {
        const signature = sign('sha256', document, key);
        assert.equal(verifySignature('p256', document, signature, publicKey), true);
        assert.equal(verifySignature('p256', Buffer.concat([document, Buffer.from('!')]), signature, publicKey), false);
      } else {
        // Signed by the openssl tool (another implementation), and by the platform's CLI helper.
        const signature = signWithOpenssl(valid.keyPem, document);
        const ours = signDocument(document, valid.keyPem);
        assert.equal(ours.algorithm, 'sm2');
        assert.equal(verifySignature('sm2', document, ours.signature, publicKey), true);
        assert.equal(verifySignature('sm2', document, signature, publicKey), true);
        assert.equal(verifySignature('sm2', Buffer.concat([document, Buffer.from('!')]), signature, publicKey), false);
        assert.equal(verifySignature('sm2', document, signature, publicKeyOf(new X509Certificate(strange.certPem))), false);
      }
    });
  });
}

/** The openssl tool's SM2 signature with the GM/T 0009 default id: another implementation than the platform's. */
function signWithOpenssl(keyPem: string, data: Buffer): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'tierchain-sign-'));
  writeFileSync(join(dir, 'k.pem'), keyPem);
  writeFileSync(join(dir, 'm'), data);
  execFileSync('openssl', ['pkeyutl', '-sign', '-rawin', '-digest', 'sm3', '-inkey', 'k.pem', '-in', 'm', '-out', 's', '-pkeyopt', 'distid:1234567812345678'], { cwd: dir });
  return readFileSync(join(dir, 's'));
}
