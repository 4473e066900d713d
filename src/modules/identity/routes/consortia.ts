import type { FastifyInstance } from 'fastify';
import type { ModuleContext } from '../../../platform/context.ts';
import { answer, createConsortium, invite, removeMember, type MembershipAction } from '../commands/consortia.ts';
import { listConsortia, listInvitations, viewConsortium } from '../queries/consortia.ts';
import { requirePrincipal } from '../../../api/auth.ts';
import { Accepted, Bytes32, NoBody, Type, type Static } from '../../../api/schemas.ts';
import { absentBodyIsEmpty, acceptCommand } from '../../../api/commandResponse.ts';

import { Consortium, ConsortiumMemberParams, ConsortiumParams, CreateConsortiumBody, InviteBody } from '../schemas.ts';

export function consortiumRoutes(ctx: ModuleContext) {
  return (app: FastifyInstance) => {
    app.post<{ Body: Static<typeof CreateConsortiumBody> }>(
      '/v1/consortia',
      {
        config: { idempotent: true },
        schema: { tags: ['consortia'], summary: 'Create a consortium (certified core enterprise)', body: CreateConsortiumBody, response: { 202: Accepted({ consortiumId: Bytes32 }) } },
      },
      (request, reply) =>
        acceptCommand(ctx, request, reply, async (tx, by) => {
          const r = await createConsortium(ctx, tx, by, request.body);
          return { commandIds: r.commandIds, body: { consortiumId: r.consortiumId } };
        }),
    );

    app.get('/v1/consortia', { schema: { tags: ['consortia'], summary: 'Consortia you belong to (all, for operator and regulator)', response: { 200: Type.Object({ items: Type.Array(Consortium) }) } } }, async (request) => ({
      items: await listConsortia(ctx.db, requirePrincipal(request)),
    }));

    app.get('/v1/invitations', { schema: { tags: ['consortia'], summary: "Your enterprise's pending invitations", response: { 200: Type.Object({ items: Type.Array(Consortium) }) } } }, async (request) => ({
      items: await listInvitations(ctx.db, requirePrincipal(request)),
    }));

    app.get<{ Params: Static<typeof ConsortiumParams> }>(
      '/v1/consortia/:id',
      { schema: { tags: ['consortia'], summary: 'One consortium with its members (its members and invitees; all, for operator and regulator)', params: ConsortiumParams, response: { 200: Consortium } } },
      async (request) => viewConsortium(ctx.db, requirePrincipal(request), request.params.id),
    );

    app.post<{ Params: Static<typeof ConsortiumParams>; Body: Static<typeof InviteBody> }>(
      '/v1/consortia/:id/invitations',
      { config: { idempotent: true }, schema: { tags: ['consortia'], summary: 'Invite a certified member (the consortium core)', params: ConsortiumParams, body: InviteBody, response: { 202: Accepted() } } },
      (request, reply) => acceptCommand(ctx, request, reply, (tx, by) => invite(ctx, tx, by, { consortiumId: request.params.id, memberId: request.body.memberId })),
    );

    for (const action of ['accept', 'decline', 'leave'] as MembershipAction[]) {
      app.post<{ Params: Static<typeof ConsortiumParams> }>(
        `/v1/consortia/:id/${action}`,
        {
          config: { idempotent: true },
          preValidation: absentBodyIsEmpty,
          schema: { tags: ['consortia'], summary: action === 'leave' ? 'Leave the consortium' : `${action[0]!.toUpperCase()}${action.slice(1)} your invitation`, params: ConsortiumParams, body: NoBody, response: { 202: Accepted() } },
        },
        (request, reply) => acceptCommand(ctx, request, reply, (tx, by) => answer(ctx, tx, by, { consortiumId: request.params.id, action })),
      );
    }

    app.post<{ Params: Static<typeof ConsortiumMemberParams> }>(
      '/v1/consortia/:id/members/:memberId/remove',
      {
        config: { idempotent: true },
        preValidation: absentBodyIsEmpty,
        schema: { tags: ['consortia'], summary: 'Remove a member or withdraw an invitation (the consortium core)', params: ConsortiumMemberParams, body: NoBody, response: { 202: Accepted() } },
      },
      (request, reply) => acceptCommand(ctx, request, reply, (tx, by) => removeMember(ctx, tx, by, { consortiumId: request.params.id, memberId: request.params.memberId })),
    );
  };
}
