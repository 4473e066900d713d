/**
 * Certificates, command side: the operator configures the authorities it trusts and loads their CRLs; a member is
 * onboarded with a certificate that chains to them (./chain.ts) and whose hashes go on-chain with it; a CRL that
 * revokes a recorded certificate revokes it on-chain too; members' document signatures are verified against their
 * recorded certificate and kept with the document's SHA-256 and SM3.
 */
import { randomUUID, X509Certificate } from 'node:crypto';
import type { Address } from 'viem';
import type { Queryable } from '../../db/database.ts';
import { ForbiddenError, RuleViolationError, ValidationError } from '../../common/errors.ts';
import { contractCall, enqueueCommands } from '../../ledger/commands.ts';
import type { ModuleContext } from '../../platform/context.ts';
import { getMember, requireActingUser, type Principal } from '../identity/index.ts';
import { refuseCertificate, verifyChain } from './chain.ts';
import { certificateRegistry } from './contracts.ts';
import { certificatesFromPem, digests, keyAlgorithmOf, keyId, parseCrl, publicKeyOf, signedBy, verifySignature, type KeyAlgorithm, type ParsedCrl } from './x509.ts';
import { currentCertificate, memberCertificate } from './queries.ts';

function requireOperator(by: Principal, what: string) {
  if (!by.isOperator) throw new ForbiddenError(`only the operator can ${what}`);
  requireActingUser(by);
}

function onePem(pem: string, field: string): X509Certificate {
  let certs: X509Certificate[];
  try {
    certs = certificatesFromPem(pem);
  } catch (e) {
    throw new ValidationError(field, `not a PEM certificate: ${(e as Error).message}`);
  }
  if (certs.length !== 1) throw new ValidationError(field, `one PEM certificate expected, found ${certs.length}`);
  return certs[0]!;
}

async function anchors(tx: Queryable): Promise<X509Certificate[]> {
  const { rows } = await tx.query<{ pem: string }>('SELECT pem FROM certificate_authorities ORDER BY created_at');
  return rows.map((r) => new X509Certificate(r.pem));
}

/** The operator trusts a certificate authority (a CA certificate with an SM2 or P-256 key). */
export async function addAuthority(tx: Queryable, by: Principal, p: { pem: string }) {
  requireOperator(by, 'configure certificate authorities');
  const ca = onePem(p.pem, 'body.pem');
  if (!ca.ca) throw new ValidationError('body.pem', 'not a CA certificate (basicConstraints CA:TRUE)');
  const algorithm = keyAlgorithmOf(publicKeyOf(ca));
  if (!algorithm) throw refuseCertificate('CertificateKeyUnsupported', 'the authority key is neither SM2 nor ECDSA P-256', { field: 'pem' });
  const { sha256 } = digests(new Uint8Array(ca.raw));
  await tx.query(
    `INSERT INTO certificate_authorities (sha256, pem, subject, key_id, algorithm, not_after, added_by) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (sha256) DO NOTHING`,
    [sha256, ca.toString(), ca.subject, keyId(publicKeyOf(ca)), algorithm, new Date(ca.validTo), by.userId ?? null],
  );
  return { sha256, subject: ca.subject, algorithm, notAfter: new Date(ca.validTo).toISOString() };
}

/**
 * Loads a CRL signed by an authority (or by `issuerPem`, an intermediate issued by one); an older one than on file is
 * refused. Recorded member certificates it revokes are revoked on-chain in the same request.
 */
export async function loadCrl(ctx: ModuleContext, tx: Queryable, by: Principal, p: { pem: string; issuerPem?: string }) {
  requireOperator(by, 'load revocation lists');
  let crl: ParsedCrl;
  try {
    crl = parseCrl(p.pem);
  } catch (e) {
    throw new ValidationError('body.pem', `not a PEM X509 CRL: ${(e as Error).message}`);
  }
  const trusted = await anchors(tx);
  const candidates = [...trusted];
  if (p.issuerPem) {
    const issuer = onePem(p.issuerPem, 'body.issuerPem');
    if (!issuer.ca || !trusted.some((a) => issuer.checkIssued(a) && signedBy(new Uint8Array(issuer.raw), publicKeyOf(a)))) {
      throw refuseCertificate('CertificateChainUntrusted', 'the CRL issuer is not a CA issued by a configured authority', { field: 'issuerPem' });
    }
    candidates.push(issuer);
  }
  const issuer = candidates.find((c) => signedBy(crl.der, publicKeyOf(c)));
  if (!issuer) throw refuseCertificate('CertificateChainUntrusted', 'the CRL is not signed by a configured authority (or the issuer given)', { field: 'pem' });
  const id = keyId(publicKeyOf(issuer));
  const { rows: older } = await tx.query<{ this_update: Date }>('SELECT this_update FROM certificate_crls WHERE key_id = $1 FOR UPDATE', [id]);
  if (older[0] && older[0].this_update > crl.thisUpdate) {
    throw new RuleViolationError('CrlOutdated', `a newer CRL of ${issuer.subject.replace(/\n/g, ', ')} is on file (${older[0].this_update.toISOString()})`, { field: 'pem' });
  }
  await tx.query(
    `INSERT INTO certificate_crls (key_id, issuer, der, this_update, next_update, revoked) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (key_id) DO UPDATE SET issuer = EXCLUDED.issuer, der = EXCLUDED.der, this_update = EXCLUDED.this_update, next_update = EXCLUDED.next_update, revoked = EXCLUDED.revoked, created_at = now()`,
    [id, issuer.subject, Buffer.from(crl.der), crl.thisUpdate, crl.nextUpdate, [...crl.revoked]],
  );
  // Member certificates this CRL revokes, still current on-chain.
  const { rows } = await tx.query<{ sha256: string; member_id: string; serial: string }>(
    `SELECT mc.sha256, mc.member_id, mc.serial FROM member_certificates mc
       JOIN certificate_states s ON s.sha256 = '0x' || mc.sha256 AND NOT s.revoked
      WHERE mc.issuer_key = $1`,
    [id],
  );
  const revoked = rows.filter((r) => crl.revoked.has(r.serial));
  const commandIds: string[] = [];
  for (const r of revoked) {
    const member = await getMember(tx, r.member_id);
    commandIds.push(
      ...(await enqueueCommands(tx, [
        contractCall({
          kind: 'certificate.revoke',
          signer: ctx.operator,
          target: certificateRegistry(ctx),
          functionName: 'revokeCertificate',
          args: [member.address as Address, `0x${r.sha256}`],
          requestedBy: by.userId,
        }),
      ])),
    );
  }
  return {
    commandIds,
    body: {
      issuer: issuer.subject,
      keyId: id,
      thisUpdate: crl.thisUpdate.toISOString(),
      nextUpdate: crl.nextUpdate?.toISOString() ?? null,
      revokedSerials: crl.revoked.size,
      revokedMembers: revoked.map((r) => ({ memberId: r.member_id, certificateSha256: r.sha256 })),
    },
  };
}

async function crlsOnFile(tx: Queryable): Promise<Map<string, ParsedCrl>> {
  const { rows } = await tx.query<{ key_id: string; der: Buffer; this_update: Date; next_update: Date | null; revoked: string[] }>(
    'SELECT key_id, der, this_update, next_update, revoked FROM certificate_crls',
  );
  return new Map(rows.map((r) => [r.key_id, { der: new Uint8Array(r.der), thisUpdate: r.this_update, nextUpdate: r.next_update, revoked: new Set(r.revoked) }]));
}

/** A member (its admin or member user) or the operator onboards the member's certificate; its hashes go on-chain. */
export async function setCertificate(ctx: ModuleContext, tx: Queryable, by: Principal, p: { memberId: string; certificatePem: string; chainPem?: string }) {
  const member = await getMember(tx, p.memberId);
  if (!by.isOperator && by.memberId !== member.id) throw new ForbiddenError("only the member itself or the operator can set a member's certificate");
  requireActingUser(by);
  if (member.status === 'pending') throw new RuleViolationError('member_pending', `${member.name} is not registered on-chain yet`, { field: 'memberId' });
  const leaf = onePem(p.certificatePem, 'body.certificatePem');
  const intermediates = p.chainPem ? certificatesFromPem(p.chainPem) : [];
  const verified = verifyChain({ leaf, intermediates, anchors: await anchors(tx), crls: await crlsOnFile(tx), at: new Date(), registrationNumber: member.registrationNumber });
  const { sha256, sm3 } = digests(new Uint8Array(leaf.raw));
  const notAfter = Math.floor(new Date(leaf.validTo).getTime() / 1000);
  const [commandId] = await enqueueCommands(tx, [
    contractCall({
      kind: 'certificate.record',
      signer: ctx.operator,
      target: certificateRegistry(ctx),
      functionName: 'recordCertificate',
      args: [member.address as Address, `0x${sha256}`, `0x${sm3}`, BigInt(notAfter)],
      requestedBy: by.userId,
    }),
  ]);
  const issuer = verified.path[1]!;
  await tx.query(
    `INSERT INTO member_certificates (sha256, sm3, member_id, pem, chain_pem, serial, subject, issuer, issuer_key, algorithm, not_before, not_after, command_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
     ON CONFLICT (sha256) DO UPDATE SET command_id = EXCLUDED.command_id, created_at = now()`,
    [sha256, sm3, member.id, leaf.toString(), p.chainPem ?? '', leaf.serialNumber.toUpperCase().replace(/^(00)+(?=.)/, ''), leaf.subject, leaf.issuer, keyId(publicKeyOf(issuer)), verified.algorithm, new Date(leaf.validFrom), new Date(leaf.validTo), commandId],
  );
  return { commandIds: [commandId!], body: { certificate: (await memberCertificate(tx, member.id))! } };
}

/**
 * The calling member's signature of a document, verified with its recorded certificate (current on-chain: recorded,
 * not revoked, not expired) and kept with the document's SHA-256 and SM3.
 */
export async function recordSignature(tx: Queryable, by: Principal, p: { document: Uint8Array; signature: Uint8Array }) {
  requireActingUser(by);
  const cert = await currentCertificate(tx, by.memberAddress);
  if (!cert) throw new RuleViolationError('CertificateMissing', 'your enterprise has no current certificate recorded on-chain; onboard one first', { field: 'signature' });
  const key = publicKeyOf(new X509Certificate(cert.pem));
  if (!verifySignature(cert.algorithm as KeyAlgorithm, p.document, p.signature, key)) {
    throw new RuleViolationError('SignatureInvalid', `the signature does not verify with your certificate's ${cert.algorithm === 'sm2' ? 'SM2 (SM3, default id)' : 'ECDSA P-256 (SHA-256)'} key`, { field: 'signature' });
  }
  const d = digests(p.document);
  const id = randomUUID();
  await tx.query(
    `INSERT INTO document_signatures (id, document_sha256, document_sm3, member_id, certificate, algorithm, signature) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (document_sha256, member_id, certificate) DO NOTHING`,
    [id, d.sha256, d.sm3, by.memberId, cert.sha256, cert.algorithm, Buffer.from(p.signature)],
  );
  return { documentSha256: d.sha256, documentSm3: d.sm3, memberId: by.memberId, certificateSha256: cert.sha256, algorithm: cert.algorithm as KeyAlgorithm, verified: true };
}
