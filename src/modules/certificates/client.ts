/** Certificates (`client.certificates`): authorities, CRLs, members' certificates, signed documents. */
import type { CommandSender } from '../../sdk/commands.ts';
import { seg, type Transport } from '../../sdk/http.ts';
import type { Accepted, CommandOptions } from '../../sdk/types.ts';
import type { CertificateAuthority, DocumentSignature, LoadedCrl, MemberCertificate, VerifiedSignature } from './schemas.ts';

export type { CertificateAuthority, DocumentSignature, LoadedCrl, MemberCertificate, SetCertificateAnswer, VerifiedSignature } from './schemas.ts';

export interface CertificatesApi {
  /** Trusts a certificate authority (operator). */
  addAuthority(pem: string, o?: CommandOptions): Promise<CertificateAuthority>;
  authorities(): Promise<CertificateAuthority[]>;
  /** Loads a CRL (operator); member certificates it lists are revoked on-chain. */
  loadCrl(p: { pem: string; issuerPem?: string }, o?: CommandOptions): Promise<Accepted<Omit<LoadedCrl, 'commands'>>>;
  /** Onboards a member's certificate (the member or the operator). */
  setCertificate(memberId: string, p: { certificatePem: string; chainPem?: string }, o?: CommandOptions): Promise<Accepted<{ certificate: MemberCertificate }>>;
  /** A member's certificate; null while it has none. */
  certificate(memberId: string): Promise<MemberCertificate | null>;
  /** Records your signature of a document (both base64), verified with your certificate. */
  recordSignature(p: { document: string; signature: string }, o?: CommandOptions): Promise<VerifiedSignature>;
  signatures(p: { documentSha256?: string; limit?: number }): Promise<DocumentSignature[]>;
}

export function createCertificatesApi(t: Transport, c: CommandSender): CertificatesApi {
  return {
    addAuthority: (pem, o) => c.record('/v1/certificates/authorities', { pem }, o),
    authorities: async () => (await t.request<{ items: CertificateAuthority[] }>('GET', '/v1/certificates/authorities')).items,
    loadCrl: (p, o) => c.send('/v1/certificates/crls', p, o),
    setCertificate: (memberId, p, o) => c.send(`/v1/members/${seg(memberId)}/certificate`, p, o),
    certificate: (memberId) => t.request('GET', `/v1/members/${seg(memberId)}/certificate`),
    recordSignature: (p, o) => c.record('/v1/signatures', p, o),
    signatures: async (p) => (await t.request<{ items: DocumentSignature[] }>('GET', '/v1/signatures', { query: { documentSha256: p.documentSha256, limit: p.limit } })).items,
  };
}
