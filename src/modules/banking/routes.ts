/** `/v1/bank/…`: the bank gateway's ISO 20022 messages (camt.054 in, pain.001 out) and members' bank accounts. */
import type { FastifyInstance } from 'fastify';
import type { ModuleContext } from '../../platform/context.ts';
import { requirePrincipal } from '../../api/auth.ts';
import { parsePagination, PaginationQuery, type Static } from '../../api/schemas.ts';
import { absentBodyIsEmpty, acceptCommand, acceptRecord } from '../../api/commandResponse.ts';
import { exportWithdrawals, importNotification, registerAccount } from './commands.ts';
import { getMessage, listAccounts, listMessages, listPayouts } from './queries.ts';
import { AccountBody, BankAccount, BankAccounts, BankMessageDetail, BankMessages, ExportBody, MessageParams, NotificationBody, NotificationImport, PaymentInitiation, Payouts } from './schemas.ts';

export function bankRoutes(ctx: ModuleContext) {
  return (app: FastifyInstance) => {
    app.post<{ Body: Static<typeof AccountBody> }>(
      '/v1/bank/accounts',
      { config: { idempotent: true }, schema: { tags: ['bank'], summary: "Set a member's bank account (the member itself or the operator)", body: AccountBody, response: { 201: BankAccount } } },
      (request, reply) => acceptRecord(ctx, request, reply, (tx, by) => registerAccount(tx, by, request.body)),
    );

    app.post<{ Body: Static<typeof NotificationBody> }>(
      '/v1/bank/notifications',
      {
        config: { idempotent: true },
        schema: {
          tags: ['bank'],
          summary: 'Import a camt.054 debit/credit notification (bank gateway): credits become XT deposits, debits mark payouts paid; a malformed or duplicated message changes nothing',
          body: NotificationBody,
          response: { 202: NotificationImport },
        },
      },
      (request, reply) => acceptCommand(ctx, request, reply, (tx, by) => importNotification(ctx, tx, by, { xml: request.body.xml })),
    );

    app.post<{ Body: Static<typeof ExportBody> }>(
      '/v1/bank/payment-initiations',
      {
        config: { idempotent: true },
        preValidation: absentBodyIsEmpty,
        schema: { tags: ['bank'], summary: 'Export the payouts of confirmed withdrawals as a pain.001 credit transfer initiation (bank gateway)', body: ExportBody, response: { 201: PaymentInitiation } },
      },
      (request, reply) => acceptRecord(ctx, request, reply, (tx, by) => exportWithdrawals(tx, by, { executionDate: request.body.executionDate })),
    );

    app.get('/v1/bank/accounts', { schema: { tags: ['bank'], summary: 'Bank accounts (your own; all for gateways, operator, regulator)', response: { 200: BankAccounts } } }, async (request) => ({
      items: await listAccounts(ctx.db, requirePrincipal(request)),
    }));

    app.get<{ Querystring: Static<typeof PaginationQuery> }>(
      '/v1/bank/messages',
      { schema: { tags: ['bank'], summary: 'camt.054 imported and pain.001 exported, newest first', querystring: PaginationQuery, response: { 200: BankMessages } } },
      async (request) => ({ items: await listMessages(ctx.db, requirePrincipal(request), { limit: parsePagination(request.query).limit }) }),
    );

    app.get<{ Params: Static<typeof MessageParams> }>(
      '/v1/bank/messages/:id',
      { schema: { tags: ['bank'], summary: 'One bank message (with the pain.001 document for an export)', params: MessageParams, response: { 200: BankMessageDetail } } },
      async (request) => getMessage(ctx.db, requirePrincipal(request), request.params.id),
    );

    app.get<{ Querystring: Static<typeof PaginationQuery> }>(
      '/v1/bank/payouts',
      { schema: { tags: ['bank'], summary: 'Payouts of withdrawals: exported, then paid (your own; all for gateways, operator, regulator)', querystring: PaginationQuery, response: { 200: Payouts } } },
      async (request) => ({ items: await listPayouts(ctx.db, requirePrincipal(request), { limit: parsePagination(request.query).limit }) }),
    );
  };
}
