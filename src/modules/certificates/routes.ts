/** `/v1/certificates/…`, `/v1/members/{id}/certificate`, `/v1/signatures`: PKI onboarding and signed documents. */
import type { FastifyInstance } from 'fastify';
import type { ModuleContext } from '../../platform/context.ts';
import { requirePrincipal } from '../../api/auth.ts';
import { Nullable, parsePagination, type Static } from '../../api/schemas.ts';
import { acceptCommand, acceptRecord } from '../../api/commandResponse.ts';
import { getMemberIdentity } from '../identity/index.ts';
import { addAuthority, loadCrl, recordSignature, setCertificate } from './commands.ts';
import { listAuthorities, listSignatures, memberCertificate } from './queries.ts';
import {
  AuthorityBody,
  CertificateAuthorities,
  CertificateAuthority,
  CertificateBody,
  CrlBody,
  DocumentSignatures,
  LoadedCrl,
  MemberCertificate,
  MemberParams,
  SetCertificateAnswer,
  SignatureBody,
  SignaturesQuery,
  VerifiedSignature,
} from './schemas.ts';

export function certificateRoutes(ctx: ModuleContext) {
  return (app: FastifyInstance) => {
    app.post<{ Body: Static<typeof AuthorityBody> }>(
      '/v1/certificates/authorities',
      { config: { idempotent: true }, schema: { tags: ['certificates'], summary: 'Trust a certificate authority (operator)', body: AuthorityBody, response: { 201: CertificateAuthority } } },
      (request, reply) => acceptRecord(ctx, request, reply, async (tx, by) => ({ ...(await addAuthority(tx, by, request.body)), pem: request.body.pem })),
    );
    app.get('/v1/certificates/authorities', { schema: { tags: ['certificates'], summary: 'The certificate authorities the operator configured', response: { 200: CertificateAuthorities } } }, async (request) => {
      requirePrincipal(request);
      return { items: await listAuthorities(ctx.db) };
    });
    app.post<{ Body: Static<typeof CrlBody> }>(
      '/v1/certificates/crls',
      {
        config: { idempotent: true },
        schema: { tags: ['certificates'], summary: "Load an authority's CRL (operator); recorded member certificates it lists are revoked on-chain", body: CrlBody, response: { 202: LoadedCrl } },
      },
      (request, reply) => acceptCommand(ctx, request, reply, (tx, by) => loadCrl(ctx, tx, by, request.body)),
    );
    app.post<{ Params: Static<typeof MemberParams>; Body: Static<typeof CertificateBody> }>(
      '/v1/members/:id/certificate',
      {
        config: { idempotent: true },
        schema: {
          tags: ['certificates'],
          summary: "Onboard a member's X.509 certificate (the member or the operator): chain, validity and CRL verified, its SHA-256 and SM3 recorded on-chain",
          params: MemberParams,
          body: CertificateBody,
          response: { 202: SetCertificateAnswer },
        },
      },
      (request, reply) => acceptCommand(ctx, request, reply, (tx, by) => setCertificate(ctx, tx, by, { memberId: request.params.id, ...request.body })),
    );
    app.get<{ Params: Static<typeof MemberParams> }>(
      '/v1/members/:id/certificate',
      {
        schema: {
          tags: ['certificates'],
          summary: "A member's certificate and what the chain says of it (null while it has none; 404 for an unknown member)",
          params: MemberParams,
          response: { 200: Nullable(MemberCertificate) },
        },
      },
      async (request) => {
        requirePrincipal(request);
        const c = await memberCertificate(ctx.db, request.params.id);
        if (c) return c;
        await getMemberIdentity(ctx.db, request.params.id);
        return null;
      },
    );
    app.post<{ Body: Static<typeof SignatureBody> }>(
      '/v1/signatures',
      {
        config: { idempotent: true },
        schema: {
          tags: ['certificates'],
          summary: "Record your signature of a document: verified with your certificate's key (SM2 or P-256), kept with the document's SHA-256 and SM3",
          body: SignatureBody,
          response: { 201: VerifiedSignature },
        },
      },
      (request, reply) =>
        acceptRecord(ctx, request, reply, (tx, by) =>
          recordSignature(tx, by, { document: new Uint8Array(Buffer.from(request.body.document, 'base64')), signature: new Uint8Array(Buffer.from(request.body.signature, 'base64')) }),
        ),
    );
    app.get<{ Querystring: Static<typeof SignaturesQuery> }>(
      '/v1/signatures',
      { schema: { tags: ['certificates'], summary: 'Verified signatures of a document (by its SHA-256)', querystring: SignaturesQuery, response: { 200: DocumentSignatures } } },
      async (request) => ({
        items: await listSignatures(ctx.db, requirePrincipal(request), { documentSha256: request.query.documentSha256, limit: parsePagination(request.query).limit }),
      }),
    );
  };
}
