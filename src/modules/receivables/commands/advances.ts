/**
 * Advance financing (seed 002, Algorithm 1): a core enterprise issues CTs before delivery against a confirmed order —
 * to the manufacturer that will deliver it (purchase-order financing) or to a distributor at the sale (channel
 * financing). The order is trade background like an invoice: it backs one set of CTs, ever. The holder sells them to a
 * funder or pays its own suppliers with them; delivery and invoicing close the order, and the invoice then backs these
 * CTs and no other claim. docs/adr/021-credit-score.md ("Advance financing").
 */
import type { Address, Hex } from 'viem';
import type { Queryable } from '../../../db/database.ts';
import { contractCall, enqueueCommands } from '../../../ledger/commands.ts';
import { ConflictError, ForbiddenError, NotFoundError, RuleViolationError } from '../../../common/errors.ts';
import type { ModuleContext } from '../../../platform/context.ts';
import { getMember, hasRole, requireActingUser, requireCanHold, requireRole, type Principal } from '../../identity/index.ts';
import { idHex, randomBytes32, readTerms } from '../../claims/index.ts';
import { claimIdFor, invoiceKeyOf, invoiceUsed, orderKeyOf, readAdvance } from '../chain.ts';
import { receivables } from '../contracts.ts';
import { recordTrade } from '../records.ts';
import { prepareTrade, requireCreditAvailable, type NewTradeParameters, type NewTradeResult } from './trades.ts';

export const advanceKinds = ['purchase_order', 'channel'] as const;
export type AdvanceKindName = (typeof advanceKinds)[number];

export interface IssueAdvanceParameters extends Omit<NewTradeParameters, 'invoiceNumber'> {
  kind: AdvanceKindName;
  /** The manufacturer (purchase order) or the distributor (channel) the CTs go to. */
  recipientMemberId: string;
  orderNumber: string;
}

/** The obligor issues CTs against a confirmed order (core enterprise). */
export async function issueAdvance(ctx: ModuleContext, tx: Queryable, by: Principal, p: IssueAdvanceParameters): Promise<NewTradeResult & { orderKey: Hex; kind: AdvanceKindName }> {
  requireRole(by, 'core_enterprise', 'issue advances against orders');
  requireActingUser(by);
  await requireCanHold(ctx, by);
  const recipient = await getMember(tx, p.recipientMemberId);
  const role = p.kind === 'channel' ? 'distributor' : 'supplier';
  if (!(await hasRole(ctx, recipient.address, role))) {
    throw new RuleViolationError('AdvanceRecipientRole', `${recipient.name} is not a certified ${role}: ${p.kind === 'channel' ? 'channel financing goes to a distributor' : 'purchase-order financing goes to the manufacturer, a supplier'}`, {
      field: 'recipientMemberId',
    });
  }
  const orderKey = orderKeyOf(recipient.address as Address, p.orderNumber);
  if (await invoiceUsed(ctx, orderKey)) {
    throw new ConflictError('order_used', `order ${p.orderNumber.trim()} to ${recipient.name} already backs a set of CTs`, { field: 'orderNumber', orderKey });
  }
  const obligor = { id: by.memberId, name: 'your enterprise', address: by.memberAddress as Address };
  const { trade, terms } = await prepareTrade(ctx, tx, { ...p, invoiceNumber: `order:${p.orderNumber.trim()}`, supplier: recipient, obligor }, 'obligor');
  await requireCreditAvailable(ctx, trade.obligor, trade.amount);
  const tradeId = randomBytes32();
  const commandIds = await enqueueCommands(tx, [
    contractCall({
      kind: 'advance.issue',
      signer: by.memberAddress as Address,
      target: receivables(ctx),
      functionName: 'issueAdvance',
      args: [tradeId, trade, p.kind === 'channel' ? 1 : 0],
      requestedBy: by.userId,
    }),
  ]);
  await recordTrade(tx, { tradeId, invoiceNumber: `order:${p.orderNumber.trim()}`, createdByMemberId: by.memberId });
  return { tradeId, invoiceKey: trade.invoiceKey, orderKey, kind: p.kind, claimId: idHex(claimIdFor(trade.obligor, trade.invoiceKey)), terms, commandIds };
}

/**
 * The obligor closes the order on delivery and invoicing: the invoice (issued by the manufacturer for a purchase
 * order, by the core enterprise itself for a channel sale) is marked used, so it backs no other claim.
 */
export async function closeOrder(ctx: ModuleContext, tx: Queryable, by: Principal, p: { claimId: string; invoiceNumber: string; deliveryHash: Hex }) {
  requireActingUser(by);
  const root = BigInt(p.claimId);
  const terms = await readTerms(ctx, root);
  if (!terms) throw new NotFoundError('claim', idHex(root));
  if (terms.obligor !== by.memberAddress) throw new ForbiddenError('only the obligor that placed the order closes it, on delivery and invoicing');
  const advance = await readAdvance(ctx, root);
  if (!advance.issued) throw new RuleViolationError('NotAdvance', `${idHex(root)} was not issued against an order`, { field: 'claimId' });
  if (advance.closed) throw new ConflictError('OrderAlreadyClosed', `the order behind ${idHex(root)} was already closed by invoice key ${advance.invoiceKey}`, { field: 'claimId', invoiceKey: advance.invoiceKey });
  const { rows } = await tx.query<{ supplier: string }>('SELECT supplier FROM trades WHERE claim_id = $1', [idHex(root)]);
  if (!rows[0]) throw new RuleViolationError('advance_pending', 'the advance is not indexed yet; try again in a moment', { field: 'claimId' });
  const issuer = (advance.kind === 1 ? terms.obligor : rows[0].supplier) as Address;
  const invoiceKey = invoiceKeyOf(issuer, p.invoiceNumber);
  if (await invoiceUsed(ctx, invoiceKey)) throw new ConflictError('InvoiceAlreadyUsed', `invoice ${p.invoiceNumber.trim()} already backs a claim`, { field: 'invoiceNumber', invoiceKey });
  const commandIds = await enqueueCommands(tx, [
    contractCall({ kind: 'advance.close', signer: by.memberAddress as Address, target: receivables(ctx), functionName: 'closeOrder', args: [root, invoiceKey, p.deliveryHash], requestedBy: by.userId }),
  ]);
  return { claimId: idHex(root), invoiceKey, commandIds };
}
