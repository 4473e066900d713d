import type { FastifyInstance } from 'fastify';
import type { Hex } from 'viem';
import type { ModuleContext } from '../../../platform/context.ts';
import { issueUserApiKey, listApiKeys, revokeApiKey } from '../apiKeys.ts';
import { addUser, changeMemberStatus, createMember, type MemberAction } from '../commands/members.ts';
import { getMember, listMembers } from '../queries/members.ts';
import type { MemberRole } from '../roles.ts';
import { requirePrincipal } from '../../../api/auth.ts';
import { parsePagination, Type, type Static } from '../../../api/schemas.ts';
import { absentBodyIsEmpty, acceptCommand } from '../../../api/commandResponse.ts';
import { Accepted, NoBody } from '../../../api/schemas.ts';

import { ApiKey, ApiKeyParams, CreateMemberBody, Me, Member, MemberPage, MemberParams, MembersQuery, MemberStatusBody, NewApiKey, NewUser, UserBody, UserParams } from '../schemas.ts';

export function memberRoutes(ctx: ModuleContext) {
  return (app: FastifyInstance) => {
    app.post<{ Body: Static<typeof CreateMemberBody> }>(
      '/v1/members',
      {
        config: { idempotent: true },
        schema: {
          tags: ['members'],
          summary: 'Onboard an enterprise (operator): key, profile, admin user and API key; registers and certifies it on-chain',
          body: CreateMemberBody,
          response: { 202: Accepted({ member: Member, apiKey: Type.Optional(Type.String({ description: "the admin user's API key; shown once, omitted on replay" })) }) },
        },
      },
      (request, reply) =>
        acceptCommand(ctx, request, reply, async (tx, by) => {
          const b = request.body;
          const r = await createMember(ctx, tx, by, {
            name: b.name,
            registrationNumber: b.registrationNumber,
            roles: b.roles as MemberRole[],
            documentsHash: b.documentsHash as Hex | undefined,
            adminUserName: b.adminUserName ?? 'Administrator',
            certify: b.certify ?? true,
          });
          return { commandIds: r.commandIds, body: { member: r.member, userId: r.userId }, secret: { apiKey: r.apiKey } };
        }),
    );

    app.get<{ Querystring: Static<typeof MembersQuery> }>(
      '/v1/members',
      { schema: { tags: ['members'], summary: 'List members', querystring: MembersQuery, response: { 200: MemberPage } } },
      async (request) => {
        requirePrincipal(request);
        const { limit, cursor } = parsePagination(request.query);
        return listMembers(ctx.db, { limit, cursor, role: request.query.role as MemberRole | undefined, status: request.query.status });
      },
    );

    app.get('/v1/me', { schema: { tags: ['members'], summary: 'The calling user and its enterprise', response: { 200: Me } } }, async (request) => {
      const p = requirePrincipal(request);
      return { userId: p.userId, userRole: p.userRole, isOperator: p.isOperator, member: await getMember(ctx.db, p.memberId) };
    });

    app.get<{ Params: Static<typeof MemberParams> }>(
      '/v1/members/:id',
      { schema: { tags: ['members'], summary: 'One member', params: MemberParams, response: { 200: Member } } },
      async (request) => {
        requirePrincipal(request);
        return getMember(ctx.db, request.params.id);
      },
    );

    for (const action of ['certify', 'suspend', 'reinstate', 'revoke'] as MemberAction[]) {
      app.post<{ Params: Static<typeof MemberParams>; Body: Static<typeof MemberStatusBody> }>(
        `/v1/members/:id/${action}`,
        {
          config: { idempotent: true },
          // The body is optional (roles and reason both are): no body means {}.
          preValidation: absentBodyIsEmpty,
          schema: {
            tags: ['members'],
            summary: `${action[0]!.toUpperCase()}${action.slice(1)} a member (operator or verifier)`,
            params: MemberParams,
            body: MemberStatusBody,
            response: { 202: Accepted({ member: Member }) },
          },
        },
        (request, reply) =>
          acceptCommand(ctx, request, reply, async (tx, by) => {
            const r = await changeMemberStatus(ctx, tx, by, {
              memberId: request.params.id,
              action,
              roles: request.body?.roles as MemberRole[] | undefined,
              reason: request.body?.reason,
            });
            return { commandIds: r.commandIds, body: { member: r.member } };
          }),
      );
    }

    app.post<{ Params: Static<typeof MemberParams>; Body: Static<typeof UserBody> }>(
      '/v1/members/:id/users',
      {
        schema: {
          tags: ['members'],
          summary: "Add a user to a member, with an API key (the member's admins or the operator); the key is shown once",
          params: MemberParams,
          body: UserBody,
          response: { 201: NewUser },
        },
      },
      async (request, reply) => {
        const by = requirePrincipal(request);
        const r = await ctx.db.transaction((tx) => addUser(tx, by, { memberId: request.params.id, ...request.body }));
        return reply.code(201).send(r);
      },
    );

    app.get<{ Params: Static<typeof MemberParams> }>(
      '/v1/members/:id/api-keys',
      {
        schema: {
          tags: ['members'],
          summary: "A member's API keys, newest first, revoked ones included (its admins or the operator's)",
          params: MemberParams,
          response: { 200: Type.Object({ items: Type.Array(ApiKey) }) },
        },
      },
      async (request) => ({ items: await listApiKeys(ctx.db, requirePrincipal(request), request.params.id) }),
    );

    app.post<{ Params: Static<typeof UserParams> }>(
      '/v1/members/:id/users/:userId/api-keys',
      {
        schema: {
          tags: ['members'],
          summary: 'Issue another API key for a user (rotation: issue, switch, then revoke the old key); the key is shown once',
          params: UserParams,
          body: NoBody,
          response: { 201: NewApiKey },
        },
        preValidation: absentBodyIsEmpty,
      },
      async (request, reply) => {
        const by = requirePrincipal(request);
        const r = await ctx.db.transaction((tx) => issueUserApiKey(tx, by, { memberId: request.params.id, userId: request.params.userId }));
        return reply.code(201).send(r);
      },
    );

    app.post<{ Params: Static<typeof ApiKeyParams> }>(
      '/v1/members/:id/api-keys/:keyId/revoke',
      {
        schema: {
          tags: ['members'],
          summary:
            "Revoke an API key for good (its admins, the operator's, or the key's own user); at once, for every request after this one. " +
            "Repeating it answers the same. A member keeps at least one active admin key (409 last_admin_key).",
          params: ApiKeyParams,
          body: NoBody,
          response: { 200: ApiKey },
        },
        preValidation: absentBodyIsEmpty,
      },
      async (request) => {
        const by = requirePrincipal(request);
        const key = await ctx.db.transaction((tx) => revokeApiKey(tx, by, { memberId: request.params.id, keyId: request.params.keyId }));
        ctx.credentialsChanged?.();
        return key;
      },
    );
  };
}
