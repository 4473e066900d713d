/**
 * X.509 and the signatures in it, by algorithm (ADR 018): ECDSA P-256 with SHA-256 through Node's crypto; SM2 with
 * SM3 through sm-crypto-v2, with the GM/T 0009 default distinguishing id `1234567812345678` (Node 20's OpenSSL 3.0
 * cannot set one and hashes an empty id, so it cannot verify a standard SM2 signature: GB/T 32918.5's own example
 * fails there). Certificates are read with Node's X509Certificate; the signed part of a certificate or a CRL is taken
 * from its DER bytes as they are, and CRLs are read with @peculiar/asn1-x509 (Node has no CRL reader).
 */
import { createHash, createPrivateKey, createPublicKey, sign as nodeSign, verify as nodeVerify, X509Certificate, type KeyObject } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { CertificateList } from '@peculiar/asn1-x509';
import { sm2 } from 'sm-crypto-v2';

export type KeyAlgorithm = 'sm2' | 'p256';
export const SM2_DEFAULT_ID = '1234567812345678';

const OID_SM2_CURVE = Buffer.from('06082a811ccf5501822d', 'hex');
const SIGNATURE_ALGORITHMS: Record<string, KeyAlgorithm> = { '1.2.840.10045.4.3.2': 'p256', '1.2.156.10197.1.501': 'sm2' };

/** SHA-256 and SM3 (GB/T 32905) of the same bytes, hex: what the platform keeps for every document and certificate. */
export const digests = (bytes: Uint8Array | string) => ({
  sha256: createHash('sha256').update(bytes).digest('hex'),
  sm3: createHash('sm3').update(bytes).digest('hex'),
});

/** The key's algorithm, or null for anything but an SM2 or a P-256 key. */
export function keyAlgorithmOf(key: KeyObject): KeyAlgorithm | null {
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'p256';
  const spki = key.export({ type: 'spki', format: 'der' });
  return spki.includes(OID_SM2_CURVE) ? 'sm2' : null;
}

/** The uncompressed public point (04 ‖ x ‖ y) of an SM2 or P-256 key, hex. */
const publicPointHex = (key: KeyObject) => key.export({ type: 'spki', format: 'der' }).subarray(-65).toString('hex');

/** Verifies a DER (r, s) signature of `data` by `key`: SM2/SM3 with the default id, or ECDSA P-256/SHA-256. */
export function verifySignature(algorithm: KeyAlgorithm, data: Uint8Array, signature: Uint8Array, key: KeyObject): boolean {
  if (keyAlgorithmOf(key) !== algorithm) return false;
  try {
    if (algorithm === 'p256') return nodeVerify('sha256', data, key, signature);
    return sm2.doVerifySignature(data, Buffer.from(signature).toString('hex'), publicPointHex(key), { der: true, hash: true, userId: SM2_DEFAULT_ID });
  } catch {
    return false;
  }
}

/** Reads one DER TLV at `offset`: where its content starts and where it ends. */
function tlv(der: Uint8Array, offset: number): { start: number; end: number } {
  let i = offset + 1;
  let length = der[i++]!;
  if (length & 0x80) {
    const n = length & 0x7f;
    if (n === 0 || n > 4) throw new Error('unsupported DER length');
    length = 0;
    for (let k = 0; k < n; k++) length = length * 256 + der[i++]!;
  }
  if (i + length > der.length) throw new Error('DER runs past its end');
  return { start: i, end: i + length };
}

/**
 * The three parts of a signed X.509 object (certificate or CRL): the signed bytes exactly as encoded, the signature
 * algorithm's OID and the signature (the BIT STRING's content).
 */
export function signedParts(der: Uint8Array): { tbs: Uint8Array; algorithmOid: string; signature: Uint8Array } {
  const outer = tlv(der, 0);
  const tbs = tlv(der, outer.start);
  const alg = tlv(der, tbs.end);
  const oid = tlv(der, alg.start);
  const bits = tlv(der, alg.end);
  return { tbs: der.subarray(outer.start, tbs.end), algorithmOid: decodeOid(der.subarray(oid.start, oid.end)), signature: der.subarray(bits.start + 1, bits.end) };
}

function decodeOid(bytes: Uint8Array): string {
  const parts = [Math.floor(bytes[0]! / 40), bytes[0]! % 40];
  let v = 0;
  for (const b of bytes.subarray(1)) {
    v = v * 128 + (b & 0x7f);
    if (!(b & 0x80)) {
      parts.push(v);
      v = 0;
    }
  }
  return parts.join('.');
}

/** Whether `der` (a certificate or a CRL) was signed by `issuerKey`, with an algorithm the platform takes. */
export function signedBy(der: Uint8Array, issuerKey: KeyObject): boolean {
  const { tbs, algorithmOid, signature } = signedParts(der);
  const algorithm = SIGNATURE_ALGORITHMS[algorithmOid];
  return algorithm !== undefined && verifySignature(algorithm, tbs, signature, issuerKey);
}

export const certificateDer = (c: X509Certificate) => new Uint8Array(c.raw);

/** SHA-256 of a key's SPKI: how CRLs are filed by the key that signs them. */
export const keyId = (key: KeyObject) => createHash('sha256').update(key.export({ type: 'spki', format: 'der' })).digest('hex');

/** Every certificate in a PEM bundle, in order. */
export function certificatesFromPem(pem: string): X509Certificate[] {
  return [...pem.matchAll(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g)].map((m) => new X509Certificate(m[0]));
}

export interface ParsedCrl {
  der: Uint8Array;
  thisUpdate: Date;
  nextUpdate: Date | null;
  /** Revoked serial numbers, upper-case hex without leading zeros (as X509Certificate.serialNumber). */
  revoked: Set<string>;
}

const serialHex = (bytes: ArrayBuffer) => Buffer.from(bytes).toString('hex').toUpperCase().replace(/^(00)+(?=.)/, '');

/** Reads a CRL from PEM or DER (its signature is not checked here: see signedBy). */
export function parseCrl(input: string | Uint8Array): ParsedCrl {
  const der =
    typeof input === 'string'
      ? new Uint8Array(Buffer.from((/-----BEGIN X509 CRL-----([\s\S]+?)-----END X509 CRL-----/.exec(input)?.[1] ?? '').replace(/\s+/g, ''), 'base64'))
      : input;
  if (der.length === 0) throw new Error('no X509 CRL in the input');
  const list = AsnConvert.parse(der, CertificateList);
  const t = list.tbsCertList;
  return {
    der,
    thisUpdate: t.thisUpdate.getTime(),
    nextUpdate: t.nextUpdate ? t.nextUpdate.getTime() : null,
    revoked: new Set((t.revokedCertificates ?? []).map((r) => serialHex(r.userCertificate))),
  };
}

export const publicKeyOf = (c: X509Certificate) => createPublicKey(c.publicKey.export({ type: 'spki', format: 'pem' }));

/**
 * The 32-byte private scalar of an EC private key (the `ECPrivateKey.privateKey` inside its PKCS#8), hex. Not through
 * a SEC1 export: Node 20 aborts the process exporting an SM2 key as SEC1.
 */
function privateScalarHex(key: KeyObject): string {
  const sec1 = key.export({ type: 'pkcs8', format: 'der' });
  const at = sec1.indexOf(Buffer.from('0201010420', 'hex'));
  if (at < 0) throw new Error('not an EC private key');
  return sec1.subarray(at + 5, at + 37).toString('hex');
}

/**
 * Signs `data` as a member's signing tool does: SM2/SM3 with the default id, or ECDSA P-256/SHA-256; DER (r, s).
 * Used by the CLI, where the member's key is (it never reaches the platform).
 */
export function signDocument(data: Uint8Array, privateKeyPem: string): { algorithm: KeyAlgorithm; signature: Uint8Array } {
  const key = createPrivateKey(privateKeyPem);
  const algorithm = keyAlgorithmOf(createPublicKey(key));
  if (algorithm === 'p256') return { algorithm, signature: new Uint8Array(nodeSign('sha256', data, key)) };
  if (algorithm === 'sm2') {
    const hex = sm2.doSignature(data, privateScalarHex(key), { der: true, hash: true, userId: SM2_DEFAULT_ID });
    return { algorithm, signature: new Uint8Array(Buffer.from(hex, 'hex')) };
  }
  throw new Error('the key is neither SM2 nor ECDSA P-256');
}
