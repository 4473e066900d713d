/** A holder's operations on the ledger: split-transfers and modifications into narrower terms. */
import type { FastifyInstance } from 'fastify';
import type { ModuleContext } from '../../../platform/context.ts';
import { Accepted, type Static } from '../../../api/schemas.ts';
import { acceptCommand } from '../../../api/commandResponse.ts';
import { parseAmount } from '../chain.ts';
import { checkClaimTransfer, modifyClaim, transferClaim, type CheckedTransfer } from '../commands/transfers.ts';
import { ClaimParams, ModifyAccepted, ModifyBody, TransferAccepted, TransferBody } from '../schemas.ts';

export function claimRoutes(ctx: ModuleContext) {
  return (app: FastifyInstance) => {
    app.post<{ Params: Static<typeof ClaimParams>; Body: Static<typeof TransferBody> }>(
      '/v1/claims/:id/transfers',
      {
        config: { idempotent: true },
        schema: {
          tags: ['receivables'],
          summary: 'Pass part of a claim on to another member of its consortium (holder)',
          params: ClaimParams,
          body: TransferBody,
          response: { 202: Accepted(TransferAccepted.properties) },
        },
      },
      (request, reply) => {
        const transfer = { claimId: BigInt(request.params.id), toMemberId: request.body.toMemberId, amount: parseAmount(request.body.amount, 'body.amount') };
        return acceptCommand<CheckedTransfer>(
          ctx,
          request,
          reply,
          async (tx, by, checked) => {
            const { commandIds, ...body } = await transferClaim(ctx, tx, by, transfer, checked);
            return { commandIds, body };
          },
          (by) => checkClaimTransfer(ctx, ctx.db, by, transfer),
        );
      },
    );

    app.post<{ Params: Static<typeof ClaimParams>; Body: Static<typeof ModifyBody> }>(
      '/v1/claims/:id/modifications',
      {
        config: { idempotent: true },
        schema: {
          tags: ['receivables'],
          summary: 'Turn part of a claim into a child id with narrower terms (holder); omitted fields keep the parent’s value',
          params: ClaimParams,
          body: ModifyBody,
          response: { 202: Accepted(ModifyAccepted.properties) },
        },
      },
      (request, reply) =>
        acceptCommand(ctx, request, reply, async (tx, by) => {
          const { commandIds, ...body } = await modifyClaim(ctx, tx, by, {
            ...request.body,
            claimId: BigInt(request.params.id),
            amount: parseAmount(request.body.amount, 'body.amount'),
          });
          return { commandIds, body };
        }),
    );
  };
}
