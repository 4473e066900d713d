import type { FastifyInstance } from 'fastify';
import type { ServiceContext } from '../../services/context.ts';
import { answer, createConsortium, invite, listConsortia, listInvitations, removeMember, viewConsortium, type MembershipAction } from '../../services/consortia.ts';
import { requirePrincipal } from '../auth.ts';
import { Bytes32, Type, Uuid, type Static } from '../schemas.ts';
import { absentBodyIsEmpty, Accepted, acceptCommand, NoBody } from './commandResponse.ts';

const ConsortiumSchema = Type.Object(
  {
    id: Type.String(),
    name: Type.Union([Type.String(), Type.Null()]),
    core: Type.Union([Type.Object({ memberId: Type.Union([Type.String(), Type.Null()]), name: Type.Union([Type.String(), Type.Null()]), address: Type.String() }), Type.Null()]),
    status: Type.Union([Type.Literal('pending'), Type.Literal('active')]),
    memberCount: Type.Integer(),
    members: Type.Array(
      Type.Object({
        memberId: Type.Union([Type.String(), Type.Null()]),
        name: Type.Union([Type.String(), Type.Null()]),
        address: Type.String(),
        state: Type.String({ description: 'invited, member, declined, left or removed' }),
        updatedAt: Type.String(),
      }),
    ),
    createdAt: Type.Union([Type.String(), Type.Null()]),
  },
  { title: 'Consortium' },
);
const IdParams = Type.Object({ id: Bytes32 }, { additionalProperties: false });
const MemberParams = Type.Object({ id: Bytes32, memberId: Uuid }, { additionalProperties: false });
const CreateBody = Type.Object({ name: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }) }, { additionalProperties: false });
const InviteBody = Type.Object({ memberId: Uuid }, { additionalProperties: false });

export function consortiumRoutes(ctx: ServiceContext) {
  return (app: FastifyInstance) => {
    app.post<{ Body: Static<typeof CreateBody> }>(
      '/v1/consortia',
      {
        config: { idempotent: true },
        schema: { tags: ['consortia'], summary: 'Create a consortium (certified core enterprise)', body: CreateBody, response: { 202: Accepted({ consortiumId: Bytes32 }) } },
      },
      (request, reply) =>
        acceptCommand(ctx, request, reply, async (tx, by) => {
          const r = await createConsortium(ctx, tx, by, request.body);
          return { commandIds: r.commandIds, body: { consortiumId: r.consortiumId } };
        }),
    );

    app.get('/v1/consortia', { schema: { tags: ['consortia'], summary: 'Consortia you belong to (all, for operator and regulator)', response: { 200: Type.Object({ items: Type.Array(ConsortiumSchema) }) } } }, async (request) => ({
      items: await listConsortia(ctx.db, requirePrincipal(request)),
    }));

    app.get('/v1/invitations', { schema: { tags: ['consortia'], summary: "Your enterprise's pending invitations", response: { 200: Type.Object({ items: Type.Array(ConsortiumSchema) }) } } }, async (request) => ({
      items: await listInvitations(ctx.db, requirePrincipal(request)),
    }));

    app.get<{ Params: Static<typeof IdParams> }>(
      '/v1/consortia/:id',
      { schema: { tags: ['consortia'], summary: 'One consortium with its members (its members and invitees; all, for operator and regulator)', params: IdParams, response: { 200: ConsortiumSchema } } },
      async (request) => viewConsortium(ctx.db, requirePrincipal(request), request.params.id),
    );

    app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof InviteBody> }>(
      '/v1/consortia/:id/invitations',
      { config: { idempotent: true }, schema: { tags: ['consortia'], summary: 'Invite a certified member (the consortium core)', params: IdParams, body: InviteBody, response: { 202: Accepted() } } },
      (request, reply) => acceptCommand(ctx, request, reply, (tx, by) => invite(ctx, tx, by, { consortiumId: request.params.id, memberId: request.body.memberId })),
    );

    for (const action of ['accept', 'decline', 'leave'] as MembershipAction[]) {
      app.post<{ Params: Static<typeof IdParams> }>(
        `/v1/consortia/:id/${action}`,
        {
          config: { idempotent: true },
          preValidation: absentBodyIsEmpty,
          schema: { tags: ['consortia'], summary: action === 'leave' ? 'Leave the consortium' : `${action[0]!.toUpperCase()}${action.slice(1)} your invitation`, params: IdParams, body: NoBody, response: { 202: Accepted() } },
        },
        (request, reply) => acceptCommand(ctx, request, reply, (tx, by) => answer(ctx, tx, by, { consortiumId: request.params.id, action })),
      );
    }

    app.post<{ Params: Static<typeof MemberParams> }>(
      '/v1/consortia/:id/members/:memberId/remove',
      {
        config: { idempotent: true },
        preValidation: absentBodyIsEmpty,
        schema: { tags: ['consortia'], summary: 'Remove a member or withdraw an invitation (the consortium core)', params: MemberParams, body: NoBody, response: { 202: Accepted() } },
      },
      (request, reply) => acceptCommand(ctx, request, reply, (tx, by) => removeMember(ctx, tx, by, { consortiumId: request.params.id, memberId: request.params.memberId })),
    );
  };
}
