/** The certificates API's shapes (TypeBox): routes, /openapi.json, and as Static types the SDK and the console. */
import { CommandSchema, Nullable, PaginationQueryProperties, Type, Uuid, type Static } from '../../api/schemas.ts';

const Pem = (what: string) => Type.String({ minLength: 1, maxLength: 200_000, description: `${what}, PEM` });
const Algorithm = Type.Union([Type.Literal('sm2'), Type.Literal('p256')], { description: 'SM2 (SM3, GM/T 0009 default id) or ECDSA P-256 (SHA-256)' });
const Base64 = (what: string, max: number) => Type.String({ minLength: 1, maxLength: max, pattern: '^[A-Za-z0-9+/]+={0,2}$', description: `${what}, base64` });

export const AuthorityBody = Type.Object({ pem: Pem('a CA certificate the platform trusts') }, { additionalProperties: false });
export const CertificateAuthority = Type.Object({ sha256: Type.String(), subject: Type.String(), algorithm: Algorithm, notAfter: Type.String({ format: 'date-time' }), pem: Type.String() }, { title: 'CertificateAuthority' });
export const CertificateAuthorities = Type.Object({ items: Type.Array(CertificateAuthority) });

export const CrlBody = Type.Object({ pem: Pem('an X509 CRL'), issuerPem: Type.Optional(Pem("the CRL issuer's CA certificate, when it is an intermediate")) }, { additionalProperties: false });
export const LoadedCrl = Type.Object(
  {
    issuer: Type.String(),
    keyId: Type.String(),
    thisUpdate: Type.String({ format: 'date-time' }),
    nextUpdate: Nullable(Type.String({ format: 'date-time' })),
    revokedSerials: Type.Integer(),
    revokedMembers: Type.Array(Type.Object({ memberId: Uuid, certificateSha256: Type.String() })),
    commands: Type.Array(CommandSchema),
  },
  { title: 'LoadedCrl' },
);

export const MemberParams = Type.Object({ id: Uuid }, { additionalProperties: false });
export const CertificateBody = Type.Object(
  { certificatePem: Pem("the member's X.509 certificate (SM2 or P-256 key, its registration number in the subject)"), chainPem: Type.Optional(Pem('intermediate CA certificates')) },
  { additionalProperties: false },
);
export const MemberCertificate = Type.Object(
  {
    memberId: Uuid,
    sha256: Type.String({ description: 'SHA-256 of the DER certificate, recorded on-chain' }),
    sm3: Type.String({ description: 'SM3 of the DER certificate, recorded on-chain' }),
    serial: Type.String(),
    subject: Type.String(),
    issuer: Type.String(),
    algorithm: Algorithm,
    notBefore: Type.String({ format: 'date-time' }),
    notAfter: Type.String({ format: 'date-time' }),
    commandId: Uuid,
    recorded: Type.Boolean({ description: 'the chain holds it as the member’s certificate' }),
    revoked: Type.Boolean(),
    pem: Type.String(),
  },
  { title: 'MemberCertificate' },
);
export const SetCertificateAnswer = Type.Object({ certificate: MemberCertificate, commands: Type.Array(CommandSchema) });

export const SignatureBody = Type.Object(
  { document: Base64('the document', 14_000_000), signature: Base64("a DER signature made with your certificate's key", 400) },
  { additionalProperties: false },
);
export const DocumentSignature = Type.Object(
  { documentSha256: Type.String(), documentSm3: Type.String(), memberId: Uuid, certificateSha256: Type.String(), algorithm: Algorithm, signature: Type.String(), at: Type.String({ format: 'date-time' }) },
  { title: 'DocumentSignature' },
);
export const VerifiedSignature = Type.Object(
  { documentSha256: Type.String(), documentSm3: Type.String(), memberId: Uuid, certificateSha256: Type.String(), algorithm: Algorithm, verified: Type.Literal(true) },
  { title: 'VerifiedSignature' },
);
export const SignaturesQuery = Type.Object({ documentSha256: Type.Optional(Type.String({ pattern: '^[0-9a-fA-F]{64}$' })), limit: PaginationQueryProperties.limit }, { additionalProperties: false });
export const DocumentSignatures = Type.Object({ items: Type.Array(DocumentSignature) });

export type CertificateAuthority = Static<typeof CertificateAuthority>;
export type MemberCertificate = Static<typeof MemberCertificate>;
export type SetCertificateAnswer = Static<typeof SetCertificateAnswer>;
export type DocumentSignature = Static<typeof DocumentSignature>;
export type VerifiedSignature = Static<typeof VerifiedSignature>;
export type LoadedCrl = Static<typeof LoadedCrl>;
