import type { FastifyInstance } from 'fastify';
import type { Hex } from 'viem';
import type { ServiceContext } from '../../services/context.ts';
import { issueUserApiKey, listApiKeys, revokeApiKey } from '../../services/apiKeys.ts';
import { addUser, changeMemberStatus, createMember, getMember, listMembers, type MemberAction } from '../../services/members.ts';
import { memberRoleNames, type MemberRole } from '../../domain/roles.ts';
import { requirePrincipal } from '../auth.ts';
import { Bytes32, Page, PaginationQueryProperties, parsePagination, Type, Uuid, type Static } from '../schemas.ts';
import { absentBodyIsEmpty, Accepted, acceptCommand, NoBody } from './commandResponse.ts';

const Role = Type.Union(memberRoleNames.map((r) => Type.Literal(r)), { description: 'member role' });
const Text = (max: number, description: string) => Type.String({ minLength: 1, maxLength: max, pattern: '\\S', description });

export const MemberSchema = Type.Object(
  {
    id: Uuid,
    name: Type.String(),
    registrationNumber: Type.String(),
    address: Type.String({ description: "the enterprise's on-chain address (its public key)" }),
    legalIdHash: Type.String(),
    documentsHash: Type.Union([Type.String(), Type.Null()]),
    requestedRoles: Type.Array(Role),
    status: Type.Union(['pending', 'registered', 'certified', 'suspended', 'revoked'].map((s) => Type.Literal(s)), {
      description: 'on-chain status; pending until the registration is indexed',
    }),
    roles: Type.Array(Role, { description: 'roles certified on-chain' }),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { title: 'Member' },
);

const CreateMemberBody = Type.Object(
  {
    name: Text(200, 'legal name of the enterprise'),
    registrationNumber: Text(64, 'business registration number (e.g. unified social credit code)'),
    roles: Type.Array(Role, { minItems: 1, uniqueItems: true }),
    documentsHash: Type.Optional(Bytes32),
    adminUserName: Type.Optional(Text(200, 'name of the first (admin) user; defaults to "Administrator"')),
    certify: Type.Optional(Type.Boolean({ description: 'certify right away with `roles` (default true)' })),
  },
  { additionalProperties: false },
);

const IdParams = Type.Object({ id: Uuid }, { additionalProperties: false });
const StatusBody = Type.Object(
  {
    roles: Type.Optional(Type.Array(Role, { minItems: 1, uniqueItems: true })),
    reason: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false },
);
const ListQuery = Type.Object(
  {
    limit: PaginationQueryProperties.limit,
    cursor: Type.Optional(Type.String({ ...Uuid, description: 'opaque cursor from the previous page (`nextCursor`)' })),
    role: Type.Optional(Role),
    status: Type.Optional(Type.Union(['pending', 'registered', 'certified', 'suspended', 'revoked'].map((s) => Type.Literal(s)))),
  },
  { additionalProperties: false },
);
const UserBody = Type.Object(
  { name: Text(200, 'user name'), role: Type.Union([Type.Literal('admin'), Type.Literal('member'), Type.Literal('viewer')]) },
  { additionalProperties: false },
);

const ApiKeySchema = Type.Object(
  {
    id: Uuid,
    prefix: Type.String({ description: 'the first characters of the key, to recognise it (the key itself is never shown again)' }),
    userId: Uuid,
    userName: Type.String(),
    userRole: Type.Union([Type.Literal('admin'), Type.Literal('member'), Type.Literal('viewer')]),
    createdAt: Type.String({ format: 'date-time' }),
    revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  { title: 'ApiKey' },
);
const KeyParams = Type.Object({ id: Uuid, keyId: Uuid }, { additionalProperties: false });
const UserParams = Type.Object({ id: Uuid, userId: Uuid }, { additionalProperties: false });

export function memberRoutes(ctx: ServiceContext) {
  return (app: FastifyInstance) => {
    app.post<{ Body: Static<typeof CreateMemberBody> }>(
      '/v1/members',
      {
        config: { idempotent: true },
        schema: {
          tags: ['members'],
          summary: 'Onboard an enterprise (operator): key, profile, admin user and API key; registers and certifies it on-chain',
          body: CreateMemberBody,
          response: { 202: Accepted({ member: MemberSchema, apiKey: Type.Optional(Type.String({ description: "the admin user's API key; shown once, omitted on replay" })) }) },
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

    app.get<{ Querystring: Static<typeof ListQuery> }>(
      '/v1/members',
      { schema: { tags: ['members'], summary: 'List members', querystring: ListQuery, response: { 200: Page(MemberSchema) } } },
      async (request) => {
        requirePrincipal(request);
        const { limit, cursor } = parsePagination(request.query);
        return listMembers(ctx.db, { limit, cursor, role: request.query.role as MemberRole | undefined, status: request.query.status });
      },
    );

    app.get('/v1/me', { schema: { tags: ['members'], summary: 'The calling user and its enterprise' } }, async (request) => {
      const p = requirePrincipal(request);
      return { userId: p.userId, userRole: p.userRole, isOperator: p.isOperator, member: await getMember(ctx.db, p.memberId) };
    });

    app.get<{ Params: Static<typeof IdParams> }>(
      '/v1/members/:id',
      { schema: { tags: ['members'], summary: 'One member', params: IdParams, response: { 200: MemberSchema } } },
      async (request) => {
        requirePrincipal(request);
        return getMember(ctx.db, request.params.id);
      },
    );

    for (const action of ['certify', 'suspend', 'reinstate', 'revoke'] as MemberAction[]) {
      app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof StatusBody> }>(
        `/v1/members/:id/${action}`,
        {
          config: { idempotent: true },
          // The body is optional (roles and reason both are): no body means {}.
          preValidation: absentBodyIsEmpty,
          schema: {
            tags: ['members'],
            summary: `${action[0]!.toUpperCase()}${action.slice(1)} a member (operator or verifier)`,
            params: IdParams,
            body: StatusBody,
            response: { 202: Accepted({ member: MemberSchema }) },
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

    app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof UserBody> }>(
      '/v1/members/:id/users',
      {
        schema: {
          tags: ['members'],
          summary: "Add a user to a member, with an API key (the member's admins or the operator); the key is shown once",
          params: IdParams,
          body: UserBody,
          response: { 201: Type.Object({ userId: Uuid, apiKey: Type.String() }) },
        },
      },
      async (request, reply) => {
        const by = requirePrincipal(request);
        const r = await ctx.db.transaction((tx) => addUser(tx, by, { memberId: request.params.id, ...request.body }));
        return reply.code(201).send(r);
      },
    );

    app.get<{ Params: Static<typeof IdParams> }>(
      '/v1/members/:id/api-keys',
      {
        schema: {
          tags: ['members'],
          summary: "A member's API keys, newest first, revoked ones included (its admins or the operator's)",
          params: IdParams,
          response: { 200: Type.Object({ items: Type.Array(ApiKeySchema) }) },
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
          response: { 201: Type.Object({ keyId: Uuid, apiKey: Type.String() }) },
        },
        preValidation: absentBodyIsEmpty,
      },
      async (request, reply) => {
        const by = requirePrincipal(request);
        const r = await ctx.db.transaction((tx) => issueUserApiKey(tx, by, { memberId: request.params.id, userId: request.params.userId }));
        return reply.code(201).send(r);
      },
    );

    app.post<{ Params: Static<typeof KeyParams> }>(
      '/v1/members/:id/api-keys/:keyId/revoke',
      {
        schema: {
          tags: ['members'],
          summary:
            "Revoke an API key for good (its admins, the operator's, or the key's own user); at once, for every request after this one. " +
            "Repeating it answers the same. A member keeps at least one active admin key (409 last_admin_key).",
          params: KeyParams,
          body: NoBody,
          response: { 200: ApiKeySchema },
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
