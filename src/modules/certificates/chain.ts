/**
 * A member's certificate checked the way a relying party must: a path from it to an authority the operator
 * configured (each link's names chaining and its signature verifying, each CA a CA), every certificate on the path
 * within its validity at `at`, none on its issuer's current CRL, an SM2 or P-256 key, and the member's registration
 * number in its subject. Each refusal is named (422).
 */
import type { X509Certificate } from 'node:crypto';
import { RuleViolationError } from '../../common/errors.ts';
import { certificateDer, keyAlgorithmOf, keyId, publicKeyOf, signedBy, type KeyAlgorithm, type ParsedCrl } from './x509.ts';

export type CertificateRefusal =
  | 'CertificateMalformed'
  | 'CertificateKeyUnsupported'
  | 'CertificateChainUntrusted'
  | 'CertificateNotYetValid'
  | 'CertificateExpired'
  | 'CertificateRevoked'
  | 'CertificateRevocationUnknown'
  | 'CertificateSubjectMismatch';

export const refuseCertificate = (code: CertificateRefusal, message: string, details: Record<string, unknown> = {}) => new RuleViolationError(code, message, details);

export interface VerifiedChain {
  leaf: X509Certificate;
  /** From the leaf up to (and with) the trusted authority. */
  path: X509Certificate[];
  algorithm: KeyAlgorithm;
}

const MAX_DEPTH = 5;

/** Attribute values of a subject (`CN=…\nserialNumber=…`), normalised as registration numbers are. */
const subjectValues = (c: X509Certificate) => c.subject.split('\n').map((l) => l.slice(l.indexOf('=') + 1).replace(/\s+/g, '').toUpperCase());

export function verifyChain(p: {
  leaf: X509Certificate;
  intermediates: X509Certificate[];
  anchors: X509Certificate[];
  /** Current CRLs by the SHA-256 of the signing key's SPKI (keyId). */
  crls: Map<string, ParsedCrl>;
  at: Date;
  registrationNumber: string;
}): VerifiedChain {
  const algorithm = keyAlgorithmOf(publicKeyOf(p.leaf));
  if (!algorithm) throw refuseCertificate('CertificateKeyUnsupported', 'the certificate key is neither SM2 nor ECDSA P-256', { field: 'certificate' });
  if (p.leaf.ca) throw refuseCertificate('CertificateKeyUnsupported', 'a CA certificate cannot identify a member', { field: 'certificate' });
  const wanted = p.registrationNumber.replace(/\s+/g, '').toUpperCase();
  if (!subjectValues(p.leaf).includes(wanted)) {
    throw refuseCertificate('CertificateSubjectMismatch', `the certificate's subject (${p.leaf.subject.replace(/\n/g, ', ')}) does not carry the member's registration number ${p.registrationNumber}`, { field: 'certificate' });
  }

  const path: X509Certificate[] = [p.leaf];
  for (let current = p.leaf; ; ) {
    const anchor = p.anchors.find((a) => current.checkIssued(a) && signedBy(certificateDer(current), publicKeyOf(a)));
    if (anchor) {
      if (anchor.raw.equals(current.raw) === false) path.push(anchor);
      break;
    }
    const next = p.intermediates.find((c) => c.ca && current.checkIssued(c) && signedBy(certificateDer(current), publicKeyOf(c)) && !path.includes(c));
    if (!next || path.length >= MAX_DEPTH) {
      throw refuseCertificate('CertificateChainUntrusted', `no path from ${current.subject.replace(/\n/g, ', ')} (issued by ${current.issuer.replace(/\n/g, ', ')}) to a certificate authority the operator configured`, {
        field: 'certificate',
      });
    }
    path.push(next);
    current = next;
  }

  for (const [i, c] of path.entries()) {
    const what = i === 0 ? 'the certificate' : `CA certificate ${c.subject.replace(/\n/g, ', ')}`;
    if (new Date(c.validFrom) > p.at) throw refuseCertificate('CertificateNotYetValid', `${what} is valid from ${new Date(c.validFrom).toISOString()}`, { field: 'certificate', validFrom: c.validFrom });
    if (new Date(c.validTo) < p.at) throw refuseCertificate('CertificateExpired', `${what} expired on ${new Date(c.validTo).toISOString()}`, { field: 'certificate', validTo: c.validTo });
  }
  // Every certificate below the anchor is checked against its issuer's current CRL.
  for (let i = 0; i < path.length - 1; i++) {
    const issuerKey = keyId(publicKeyOf(path[i + 1]!));
    const crl = p.crls.get(issuerKey);
    if (!crl || crl.thisUpdate > p.at || (crl.nextUpdate !== null && crl.nextUpdate < p.at)) {
      throw refuseCertificate('CertificateRevocationUnknown', `no current revocation list of ${path[i + 1]!.subject.replace(/\n/g, ', ')}; the operator must load one`, { field: 'certificate' });
    }
    if (crl.revoked.has(path[i]!.serialNumber.toUpperCase().replace(/^(00)+(?=.)/, ''))) {
      throw refuseCertificate('CertificateRevoked', `${i === 0 ? 'the certificate' : path[i]!.subject.replace(/\n/g, ', ')} (serial ${path[i]!.serialNumber}) is revoked`, { field: 'certificate', serial: path[i]!.serialNumber });
    }
  }
  return { leaf: p.leaf, path, algorithm };
}
