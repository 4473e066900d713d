/**
 * Receivables, command side: credit lines, trades (submit, confirm, reject) and payables. Every use case checks the
 * rule it would break
 * against chain state first (a clear 4xx now instead of a failed command later), then enqueues the contract
 * call signed by the acting member. Ids are computed here exactly as the contracts compute them.
 */
import { formatXt } from '../../../domain/money.ts';
import { keccak256, toHex, type Address, type Hex } from 'viem';
import type { Queryable } from '../../../db/database.ts';
import { contractCall, enqueueCommands } from '../../../ledger/commands.ts';
import { ConflictError, ForbiddenError, NotFoundError, RuleViolationError, ValidationError } from '../../../common/errors.ts';
import { chainNow } from '../../../chain/reads.ts';
import type { ModuleContext } from '../../../platform/context.ts';
import { getMember, getMemberByAddress, hasRole, isConsortiumMember, requireActingUser, requireCanHold, requireRole, type Principal } from '../../identity/index.ts';
import { DEFAULT_MAX_HOPS, ZERO_BYTES32, dayCounts, formatDate, idHex, parseDate, randomBytes32, requireRecipientAllowed, type DayCountName } from '../../claims/index.ts';
import {
  claimIdFor,
  creditLineOf,
  creditProviderOf,
  documentUsed,
  guaranteeOf,
  invoiceKeyOf,
  invoiceUsed,
  readTrade,
  tradeCommitment,
  tradeStatuses,
  type TradeBackground,
} from '../chain.ts';
import { receivables } from '../contracts.ts';
import { recordTrade } from '../records.ts';

/** The terms a new claim gets, with every default made explicit. */
export interface NewClaimTerms {
  dueDate: string;
  lateRateBps: number;
  maxHops: number;
  dayCount: DayCountName;
}

export interface NewTradeParameters {
  consortiumId: Hex;
  invoiceNumber: string;
  amount: bigint;
  dueDate: string;
  lateRateBps?: number;
  maxHops?: number;
  dayCount?: DayCountName;
  documentsHash?: Hex;
}

export interface NewTradeResult {
  tradeId: Hex;
  invoiceKey: Hex;
  /** The id the claim gets once the trade is confirmed (or at once, for a payable). */
  claimId: Hex;
  terms: NewClaimTerms;
  commandIds: string[];
}

// ------------------------------------------------------------------------------------- credit lines

/** The operator or a funder sets a core enterprise's credit line (the limit of its outstanding claims). */
export async function setCreditLine(ctx: ModuleContext, tx: Queryable, by: Principal, p: { obligorMemberId: string; limit: bigint }) {
  if (!by.isOperator && !by.memberRoles.includes('funder')) throw new ForbiddenError('only the operator or a certified funder can set credit lines');
  requireActingUser(by);
  const obligor = await getMember(tx, p.obligorMemberId);
  if (!(await hasRole(ctx, obligor.address, 'core_enterprise'))) {
    throw new RuleViolationError('obligor_not_core_enterprise', `${obligor.name} is not a certified core enterprise, so it cannot have a credit line`, {
      field: 'obligorMemberId',
    });
  }
  // A funder manages the line it granted; another funder's line only the operator may change (as Receivables refuses).
  const [line, provider] = await Promise.all([creditLineOf(ctx, obligor.address), by.isOperator ? null : creditProviderOf(ctx, obligor.address)]);
  if (provider !== null && provider !== by.memberAddress) {
    const granter = await getMemberByAddress(tx, provider);
    throw new ForbiddenError(
      `the credit line of ${obligor.name} was granted by ${granter?.name ?? provider}; only that funder or the operator can change it`,
      { field: 'obligorMemberId', obligor: obligor.address, provider, providerMemberId: granter?.id ?? null },
      'CreditLineHeldByOther',
    );
  }
  const commandIds = await enqueueCommands(tx, [
    contractCall({
      kind: 'credit_line.set',
      signer: (by.isOperator ? ctx.operator : by.memberAddress) as Address,
      target: receivables(ctx),
      functionName: 'setCreditLine',
      args: [obligor.address, p.limit],
      requestedBy: by.userId,
    }),
  ]);
  return { obligorMemberId: obligor.id, limit: p.limit.toString(), used: line.used.toString(), commandIds };
}

// -------------------------------------------------------------------------------------------- trades

/** Checks shared by a submitted trade and a payable; returns the trade struct sent on-chain. */
export async function prepareTrade(
  ctx: ModuleContext,
  tx: Queryable,
  p: NewTradeParameters & { supplier: { id: string; name: string; address: Address }; obligor: { id: string; name: string; address: Address } },
  self: 'supplier' | 'obligor',
): Promise<{ trade: TradeBackground; terms: NewClaimTerms }> {
  const dueDate = parseDate(p.dueDate, 'body.dueDate');
  const now = await chainNow(ctx);
  if (dueDate <= now) throw new ValidationError('body.dueDate', `must be after today (${formatDate(now)} on the chain's clock)`);
  const lateRateBps = p.lateRateBps ?? 0;
  const maxHops = p.maxHops ?? DEFAULT_MAX_HOPS;
  const dayCount = p.dayCount ?? 'ACT/360';

  if (!(await hasRole(ctx, p.obligor.address, 'core_enterprise'))) {
    throw new RuleViolationError('obligor_not_core_enterprise', `${p.obligor.name} is not a certified core enterprise, so it cannot owe a receivable`, {
      field: self === 'supplier' ? 'obligorMemberId' : 'memberId',
    });
  }
  const [supplierIn, obligorIn] = await Promise.all([
    isConsortiumMember(ctx, p.consortiumId, p.supplier.address),
    isConsortiumMember(ctx, p.consortiumId, p.obligor.address),
  ]);
  if (!supplierIn) {
    throw new RuleViolationError('recipient_not_allowed', `${self === 'supplier' ? 'your enterprise' : p.supplier.name} is not an active member of consortium ${p.consortiumId}`, {
      field: self === 'supplier' ? 'consortiumId' : 'supplierMemberId',
      consortiumId: p.consortiumId,
    });
  }
  if (!obligorIn) {
    throw new RuleViolationError('obligor_not_in_consortium', `${self === 'obligor' ? 'your enterprise' : p.obligor.name} is not an active member of consortium ${p.consortiumId}`, {
      field: self === 'obligor' ? 'consortiumId' : 'obligorMemberId',
      consortiumId: p.consortiumId,
    });
  }

  const invoiceKey = invoiceKeyOf(p.supplier.address, p.invoiceNumber);
  if ((await invoiceUsed(ctx, invoiceKey)) || (await pendingTradeWith(tx, 'invoiceKey', invoiceKey))) {
    throw new ConflictError('invoice_used', `invoice ${p.invoiceNumber.trim()} of ${p.supplier.name} already backs a claim or a pending trade`, {
      field: 'invoiceNumber',
      invoiceKey,
    });
  }
  const documentsHash = (p.documentsHash?.toLowerCase() ?? ZERO_BYTES32) as Hex;
  if (documentsHash !== ZERO_BYTES32 && ((await documentUsed(ctx, documentsHash)) || (await pendingTradeWith(tx, 'documentsHash', documentsHash)))) {
    throw new ConflictError('invoice_used', 'these documents already back a claim or a pending trade', { field: 'documentsHash', documentsHash });
  }
  return {
    trade: {
      supplier: p.supplier.address,
      obligor: p.obligor.address,
      amount: p.amount,
      dueDate,
      lateRateBps,
      maxHops,
      dayCount: dayCounts[dayCount],
      consortiumId: p.consortiumId,
      invoiceKey,
      documentsHash,
    },
    terms: { dueDate: p.dueDate, lateRateBps, maxHops, dayCount },
  };
}

/**
 * A trade or payable accepted by the API but not yet on-chain that uses the same invoice key or documents
 * hash: the chain does not know it yet, the outbox does.
 */
async function pendingTradeWith(tx: Queryable, field: 'invoiceKey' | 'documentsHash', value: Hex): Promise<boolean> {
  const { rows } = await tx.query(
    `SELECT 1 FROM commands WHERE function_name IN ('submitTrade', 'issuePayable') AND status IN ('accepted', 'submitted')
        AND lower(args->1->>'${field}') = $1 LIMIT 1`,
    [value.toLowerCase()],
  );
  return rows.length > 0;
}

/** A supplier submits the trade behind a future receivable on a core enterprise; the core confirms or rejects it. */
export async function submitTrade(
  ctx: ModuleContext,
  tx: Queryable,
  by: Principal,
  p: NewTradeParameters & { obligorMemberId: string },
): Promise<NewTradeResult> {
  // Suppliers sell goods to the core enterprise; distributors submit the orders behind channel financing.
  requireRole(by, ['supplier', 'distributor'], 'submit trades');
  requireActingUser(by);
  await requireCanHold(ctx, by);
  const obligor = await getMember(tx, p.obligorMemberId);
  const supplier = { id: by.memberId, name: 'your enterprise', address: by.memberAddress as Address };
  const { trade, terms } = await prepareTrade(ctx, tx, { ...p, supplier, obligor }, 'supplier');
  const tradeId = randomBytes32();
  const commandIds = await enqueueCommands(tx, [
    contractCall({
      kind: 'trade.submit',
      signer: by.memberAddress as Address,
      target: receivables(ctx),
      functionName: 'submitTrade',
      args: [tradeId, trade],
      requestedBy: by.userId,
    }),
  ]);
  await recordTrade(tx, { tradeId, invoiceNumber: p.invoiceNumber.trim(), createdByMemberId: by.memberId });
  return { tradeId, invoiceKey: trade.invoiceKey, claimId: idHex(claimIdFor(trade.obligor, trade.invoiceKey)), terms, commandIds };
}

/** A core enterprise issues a payable to its supplier directly: the claim is minted at once. */
export async function issuePayable(
  ctx: ModuleContext,
  tx: Queryable,
  by: Principal,
  p: NewTradeParameters & { supplierMemberId: string },
): Promise<NewTradeResult> {
  requireRole(by, 'core_enterprise', 'issue payables');
  requireActingUser(by);
  await requireCanHold(ctx, by);
  const supplier = await getMember(tx, p.supplierMemberId);
  const obligor = { id: by.memberId, name: 'your enterprise', address: by.memberAddress as Address };
  const { trade, terms } = await prepareTrade(ctx, tx, { ...p, supplier, obligor }, 'obligor');
  await requireCreditAvailable(ctx, trade.obligor, trade.amount);
  const tradeId = randomBytes32();
  const commandIds = await enqueueCommands(tx, [
    contractCall({
      kind: 'payable.issue',
      signer: by.memberAddress as Address,
      target: receivables(ctx),
      functionName: 'issuePayable',
      args: [tradeId, trade],
      requestedBy: by.userId,
    }),
  ]);
  await recordTrade(tx, { tradeId, invoiceNumber: p.invoiceNumber.trim(), createdByMemberId: by.memberId });
  return { tradeId, invoiceKey: trade.invoiceKey, claimId: idHex(claimIdFor(trade.obligor, trade.invoiceKey)), terms, commandIds };
}

export async function requireCreditAvailable(ctx: ModuleContext, obligor: Address, amount: bigint): Promise<void> {
  const guarantee = await guaranteeOf(ctx, obligor);
  if (guarantee.status === 'active' && !(await hasRole(ctx, guarantee.guarantor!, 'guarantor'))) {
    throw new RuleViolationError(
      'guarantor_not_active',
      `the guarantor ${guarantee.guarantor} of this credit line is no longer a certified guarantor; the line's manager must withdraw or replace the guarantee before more claims are issued`,
      { guarantor: guarantee.guarantor },
    );
  }
  const line = await creditLineOf(ctx, obligor);
  const available = line.limit > line.used ? line.limit - line.used : 0n;
  if (amount > available) {
    throw new RuleViolationError('credit_line_exceeded', `the credit line is ${formatXt(line.limit)} with ${formatXt(line.used)} used; ${formatXt(amount)} more would exceed it`, {
      field: 'amount',
      limit: line.limit.toString(),
      used: line.used.toString(),
      available: available.toString(),
      requested: amount.toString(),
    });
  }
}

/**
 * The submitted trade the obligor acts on, with every field as submitted: the contract keeps only the trade's status
 * and commitment, so its fields come from the indexed `trades` read model (TradeSubmitted) and its status from the
 * chain. 404 unknown; 422 `trade_pending` still on its way to the chain or not indexed yet; 403 not its obligor;
 * 409 `trade_not_pending` already decided.
 */
async function pendingTradeForObligor(ctx: ModuleContext, tx: Queryable, by: Principal, tradeId: Hex): Promise<TradeBackground> {
  const [onChain, trade] = await Promise.all([readTrade(ctx, tradeId), indexedTrade(tx, tradeId)]);
  if (!onChain) {
    const { rows } = await tx.query<{ status: string }>(
      `SELECT status FROM commands WHERE function_name = 'submitTrade' AND lower(args->>0) = $1 ORDER BY seq DESC LIMIT 1`,
      [tradeId.toLowerCase()],
    );
    if (rows[0] && rows[0].status !== 'failed') {
      throw new RuleViolationError('trade_pending', 'the trade is not on-chain yet; retry once its submission is confirmed', { tradeId });
    }
    throw new NotFoundError('trade', tradeId);
  }
  if (!trade) {
    throw new RuleViolationError('trade_pending', 'the trade is on-chain but not indexed yet; retry in a moment', { tradeId });
  }
  if (trade.obligor !== by.memberAddress) throw new ForbiddenError('only the obligor (the buyer) of this trade can confirm or reject it');
  requireActingUser(by);
  if (onChain.status !== 1) {
    throw new ConflictError('trade_not_pending', `trade ${tradeId} is ${tradeStatuses[onChain.status]}, not awaiting confirmation`, {
      status: tradeStatuses[onChain.status],
    });
  }
  // The read model is derived from the event the commitment was made with; a difference is a platform fault, not
  // the caller's, and sending the call would only fail with TradeMismatch.
  if (tradeCommitment(trade) !== onChain.hash) {
    throw new ConflictError('trade_mismatch', `the indexed record of trade ${tradeId} does not match its on-chain commitment`, { tradeId });
  }
  return trade;
}

/** Every field of a trade from the `trades` read model (TradeSubmitted); null when not indexed (yet). */
export async function indexedTrade(db: Queryable, tradeId: Hex): Promise<TradeBackground | null> {
  const { rows } = await db.query<{
    supplier: string;
    obligor: string;
    amount: string;
    due_date: Date;
    late_rate_bps: number | null;
    max_hops: number | null;
    day_count: number | null;
    consortium_id: string | null;
    invoice_key: string;
    documents_hash: string | null;
  }>(
    `SELECT supplier, obligor, amount::text AS amount, due_date, late_rate_bps, max_hops, day_count, consortium_id, invoice_key, documents_hash
       FROM trades WHERE trade_id = $1`,
    [tradeId.toLowerCase()],
  );
  const r = rows[0];
  if (!r || r.late_rate_bps === null || r.max_hops === null || r.day_count === null || r.consortium_id === null) return null;
  return {
    supplier: r.supplier as Address,
    obligor: r.obligor as Address,
    amount: BigInt(r.amount),
    dueDate: Math.floor(r.due_date.getTime() / 1000),
    lateRateBps: r.late_rate_bps,
    maxHops: r.max_hops,
    dayCount: r.day_count,
    consortiumId: r.consortium_id as Hex,
    invoiceKey: r.invoice_key as Hex,
    documentsHash: (r.documents_hash ?? ZERO_BYTES32) as Hex,
  };
}

/** The trade's obligor confirms it: the claim is minted to the supplier, drawing on the obligor's credit line. */
export async function confirmTrade(ctx: ModuleContext, tx: Queryable, by: Principal, p: { tradeId: Hex }) {
  const trade = await pendingTradeForObligor(ctx, tx, by, p.tradeId);
  await requireCanHold(ctx, by);
  const now = await chainNow(ctx);
  if (trade.dueDate <= now) {
    throw new RuleViolationError('trade_due_date_passed', `the trade's due date ${formatDate(trade.dueDate)} has passed; a claim must mature in the future`);
  }
  await requireRecipientAllowed(ctx, trade.consortiumId, trade.supplier, 'tradeId', 'the supplier');
  await requireCreditAvailable(ctx, trade.obligor, trade.amount);
  const commandIds = await enqueueCommands(tx, [
    contractCall({
      kind: 'trade.confirm',
      signer: by.memberAddress as Address,
      target: receivables(ctx),
      functionName: 'confirmTrade',
      args: [p.tradeId, trade],
      requestedBy: by.userId,
    }),
  ]);
  return { tradeId: p.tradeId, claimId: idHex(claimIdFor(trade.obligor, trade.invoiceKey)), commandIds };
}

/** The trade's obligor rejects it; the invoice may then back another trade. Only the reason's hash goes on-chain. */
export async function rejectTrade(ctx: ModuleContext, tx: Queryable, by: Principal, p: { tradeId: Hex; reason?: string }) {
  const trade = await pendingTradeForObligor(ctx, tx, by, p.tradeId);
  const reason = p.reason?.trim();
  const reasonHash = reason ? keccak256(toHex(reason)) : ZERO_BYTES32;
  const commandIds = await enqueueCommands(tx, [
    contractCall({
      kind: 'trade.reject',
      signer: by.memberAddress as Address,
      target: receivables(ctx),
      functionName: 'rejectTrade',
      args: [p.tradeId, trade, reasonHash],
      requestedBy: by.userId,
    }),
  ]);
  return { tradeId: p.tradeId, reasonHash, commandIds };
}

