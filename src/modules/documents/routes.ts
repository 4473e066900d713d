/** `/v1/documents…`: encrypted documents, their readers (granted on-chain) and the read log. */
import type { FastifyInstance } from 'fastify';
import type { ModuleContext } from '../../platform/context.ts';
import { requirePrincipal } from '../../api/auth.ts';
import { PaginationQuery, parsePagination, type Static } from '../../api/schemas.ts';
import { absentBodyIsEmpty, acceptCommand, acceptRecord } from '../../api/commandResponse.ts';
import { grantAccess, revokeAccess, setDocumentKey, uploadDocument } from './commands.ts';
import { documentKeyOfMember, listDocuments, listReads, readDocument } from './queries.ts';
import { DocumentBody, DocumentKey, DocumentKeyBody, MemberKeyParams, DocumentParams, DocumentReads, Documents, GrantAnswer, GrantBody, GrantParams, NewDocument, SealedForReader } from './schemas.ts';
import { NoBody } from '../../api/schemas.ts';

export function documentRoutes(ctx: ModuleContext) {
  return (app: FastifyInstance) => {
    app.post<{ Body: Static<typeof DocumentKeyBody> }>(
      '/v1/documents/keys',
      { config: { idempotent: true }, schema: { tags: ['documents'], summary: "Register your enterprise's X25519 document key (documents are wrapped for it)", body: DocumentKeyBody, response: { 201: DocumentKey } } },
      (request, reply) => acceptRecord(ctx, request, reply, (tx, by) => setDocumentKey(tx, by, request.body)),
    );
    app.get<{ Params: Static<typeof MemberKeyParams> }>(
      '/v1/documents/keys/:memberId',
      { schema: { tags: ['documents'], summary: "A member's document key (public), to wrap a document key for it", params: MemberKeyParams, response: { 200: DocumentKey } } },
      async (request) => {
        requirePrincipal(request);
        return documentKeyOfMember(ctx.db, request.params.memberId);
      },
    );
    app.post<{ Body: Static<typeof DocumentBody> }>(
      '/v1/documents',
      {
        config: { idempotent: true },
        schema: {
          tags: ['documents'],
          summary: 'Upload a document: encrypted (AES-256-GCM, its own key), the key wrapped for you, the parties and the regulators; its SHA-256 and SM3 and its readers on-chain',
          body: DocumentBody,
          response: { 202: NewDocument },
        },
      },
      (request, reply) =>
        acceptCommand(ctx, request, reply, (tx, by) =>
          uploadDocument(ctx, tx, by, { ...request.body, content: new Uint8Array(Buffer.from(request.body.content, 'base64')) }),
        ),
    );
    app.get<{ Querystring: Static<typeof PaginationQuery> }>(
      '/v1/documents',
      { schema: { tags: ['documents'], summary: 'Documents you can read (metadata)', querystring: PaginationQuery, response: { 200: Documents } } },
      async (request) => ({ items: await listDocuments(ctx.db, requirePrincipal(request), { limit: parsePagination(request.query).limit }) }),
    );
    app.get<{ Params: Static<typeof DocumentParams> }>(
      '/v1/documents/:id',
      { schema: { tags: ['documents'], summary: 'Read a document: its ciphertext and your wrapped key, if the chain says you may (every read is logged)', params: DocumentParams, response: { 200: SealedForReader } } },
      async (request) => readDocument(ctx, requirePrincipal(request), request.params.id),
    );
    app.get<{ Params: Static<typeof DocumentParams> }>(
      '/v1/documents/:id/reads',
      { schema: { tags: ['documents'], summary: "The document's read log (owner, operator, regulator)", params: DocumentParams, response: { 200: DocumentReads } } },
      async (request) => ({ items: await listReads(ctx.db, requirePrincipal(request), request.params.id) }),
    );
    app.post<{ Params: Static<typeof DocumentParams>; Body: Static<typeof GrantBody> }>(
      '/v1/documents/:id/grants',
      { config: { idempotent: true }, schema: { tags: ['documents'], summary: 'Grant a member access (owner): the document key re-wrapped for it by your client; recorded on-chain', params: DocumentParams, body: GrantBody, response: { 202: GrantAnswer } } },
      (request, reply) => acceptCommand(ctx, request, reply, (tx, by) => grantAccess(ctx, tx, by, { documentId: request.params.id, ...request.body })),
    );
    app.post<{ Params: Static<typeof GrantParams> }>(
      '/v1/documents/:id/grants/:memberId/revoke',
      {
        config: { idempotent: true },
        preValidation: absentBodyIsEmpty,
        schema: { tags: ['documents'], summary: "Revoke a member's access (owner): on-chain, and its wrapped key deleted", params: GrantParams, body: NoBody, response: { 202: GrantAnswer } },
      },
      (request, reply) => acceptCommand(ctx, request, reply, (tx, by) => revokeAccess(ctx, tx, by, { documentId: request.params.id, memberId: request.params.memberId })),
    );
  };
}
