/** Certificates as recorded: authorities, a member's certificate with its on-chain state, verified signatures. */
import type { Queryable } from '../../db/database.ts';
import { ForbiddenError } from '../../common/errors.ts';
import { getMember, seesEverything, type Principal } from '../identity/index.ts';
import type { CertificateAuthority, DocumentSignature, MemberCertificate } from './schemas.ts';

export async function listAuthorities(db: Queryable): Promise<CertificateAuthority[]> {
  const { rows } = await db.query<{ sha256: string; subject: string; algorithm: 'sm2' | 'p256'; not_after: Date; pem: string }>(
    'SELECT sha256, subject, algorithm, not_after, pem FROM certificate_authorities ORDER BY created_at',
  );
  return rows.map((r) => ({ sha256: r.sha256, subject: r.subject, algorithm: r.algorithm, notAfter: r.not_after.toISOString(), pem: r.pem }));
}

type Row = { sha256: string; sm3: string; member_id: string; pem: string; serial: string; subject: string; issuer: string; algorithm: 'sm2' | 'p256'; not_before: Date; not_after: Date; command_id: string };
const COLUMNS = 'sha256, sm3, member_id, pem, serial, subject, issuer, algorithm, not_before, not_after, command_id';

/** The member's latest certificate (recorded or on its way), with what the chain says of it. */
export async function memberCertificate(db: Queryable, memberId: string): Promise<MemberCertificate | null> {
  const member = await getMember(db, memberId);
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM member_certificates WHERE member_id = $1 ORDER BY created_at DESC LIMIT 1`, [member.id]);
  const r = rows[0];
  if (!r) return null;
  const { rows: chain } = await db.query<{ sha256: string; revoked: boolean }>('SELECT sha256, revoked FROM certificate_states WHERE member = $1', [member.address]);
  const onChain = chain[0]?.sha256 === `0x${r.sha256}` ? { recorded: true, revoked: chain[0]!.revoked } : { recorded: false, revoked: false };
  return {
    memberId: r.member_id,
    sha256: r.sha256,
    sm3: r.sm3,
    serial: r.serial,
    subject: r.subject,
    issuer: r.issuer,
    algorithm: r.algorithm,
    notBefore: r.not_before.toISOString(),
    notAfter: r.not_after.toISOString(),
    commandId: r.command_id,
    ...onChain,
    pem: r.pem,
  };
}

/** The certificate the chain holds current for `address` (recorded, not revoked, not expired), with its file. */
export async function currentCertificate(db: Queryable, address: string): Promise<{ sha256: string; pem: string; algorithm: string } | null> {
  const { rows } = await db.query<{ sha256: string; pem: string; algorithm: string }>(
    `SELECT mc.sha256, mc.pem, mc.algorithm FROM certificate_states s JOIN member_certificates mc ON '0x' || mc.sha256 = s.sha256
      WHERE s.member = $1 AND NOT s.revoked AND s.not_after > extract(epoch FROM now())`,
    [address],
  );
  return rows[0] ?? null;
}

/** Verified signatures of a document (by its SHA-256): anyone may check who signed what they hold. */
export async function listSignatures(db: Queryable, by: Principal, p: { documentSha256?: string; limit: number }): Promise<DocumentSignature[]> {
  if (!p.documentSha256 && !seesEverything(by)) throw new ForbiddenError('give documentSha256: only the operator and the regulator list every signature');
  const { rows } = await db.query<{ document_sha256: string; document_sm3: string; member_id: string; certificate: string; algorithm: 'sm2' | 'p256'; signature: Buffer; created_at: Date }>(
    `SELECT document_sha256, document_sm3, member_id, certificate, algorithm, signature, created_at FROM document_signatures
      ${p.documentSha256 ? 'WHERE document_sha256 = $2' : ''} ORDER BY created_at DESC LIMIT $1`,
    p.documentSha256 ? [p.limit, p.documentSha256.toLowerCase()] : [p.limit],
  );
  return rows.map((r) => ({
    documentSha256: r.document_sha256,
    documentSm3: r.document_sm3,
    memberId: r.member_id,
    certificateSha256: r.certificate,
    algorithm: r.algorithm,
    signature: r.signature.toString('base64'),
    at: r.created_at.toISOString(),
  }));
}
