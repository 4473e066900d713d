/**
 * What the receivables use cases read from the chain before they enqueue anything, and the ids they compute
 * exactly as the contracts do, so that an id can be answered at once and a rule violation is a clear 4xx
 * instead of a failed command. The contracts still decide: a race shows up as a failed command.
 */
import { randomBytes } from 'node:crypto';
import { BaseError, encodeAbiParameters, encodePacked, keccak256, TimeoutError, type Address, type Hex } from 'viem';
import { suite } from '../chain/contracts.ts';
import { memberRoles, type MemberRole } from '../domain/roles.ts';
import { ChainUnavailableError, ForbiddenError, NotFoundError, RuleViolationError, ValidationError } from '../common/errors.ts';
import { decodeRevertData, revertDataOf } from '../chain/decodeRevert.ts';
import type { Principal } from './apiKeys.ts';
import type { ServiceContext } from './context.ts';

export const UINT128_MAX = (1n << 128n) - 1n;
export const ZERO_BYTES32 = `0x${'0'.repeat(64)}` as Hex;

/** Day-count conventions by name, as the contracts number them (DayCount.sol). */
export const dayCounts = { 'ACT/360': 0, 'ACT/365F': 1 } as const;
export type DayCountName = keyof typeof dayCounts;
export const dayCountName = (code: number): DayCountName => (code === 1 ? 'ACT/365F' : 'ACT/360');

/** Default transfer depth of a new claim: enough for a tier-1 supplier's claim to reach tier 5. */
export const DEFAULT_MAX_HOPS = 5;

/** On-chain terms of a claim id (IClaimLedger.Terms). */
export interface ClaimTerms {
  obligor: Address;
  dueDate: number;
  lateRateBps: number;
  maxHops: number;
  dayCount: number;
  kind: number;
  consortiumId: Hex;
  parent: bigint;
  root: bigint;
  documentsHash: Hex;
}

/**
 * A trade's background (IReceivables.Trade): what `submitTrade` / `issuePayable` take and what `confirmTrade` /
 * `rejectTrade` take back. The contract stores only a commitment to it ({@link tradeCommitment}); every field is
 * in TradeSubmitted and in the `trades` read model (docs/adr/008-trade-commitment.md).
 */
export interface TradeBackground {
  supplier: Address;
  obligor: Address;
  amount: bigint;
  dueDate: number;
  lateRateBps: number;
  maxHops: number;
  dayCount: number;
  consortiumId: Hex;
  invoiceKey: Hex;
  documentsHash: Hex;
}

/** What Receivables stores per trade (IReceivables.TradeRecord); status 0 none, 1 submitted, 2 confirmed, 3 rejected. */
export interface TradeRecordOnChain {
  status: number;
  hash: Hex;
}
export const tradeStatuses = ['none', 'submitted', 'confirmed', 'rejected'] as const;

/** On-chain offer (IClaimMarket.Offer); `funder` zero when it does not exist. */
export interface OfferOnChain {
  funder: Address;
  obligor: Address;
  rateBps: number;
  expiresAt: number;
  onlyHolder: Address;
  remaining: bigint;
}

// ---------------------------------------------------------------------------------------------- ids

/** A fresh random bytes32 id (trade, offer, quote), chosen here so the API can answer it at once. */
export const randomBytes32 = (): Hex => `0x${randomBytes(32).toString('hex')}`;

/** Ids travel as 0x + 64 hex digits; on-chain claim ids are uint256. */
export const idHex = (id: bigint): Hex => `0x${id.toString(16).padStart(64, '0')}`;
export const idValue = (hex: string): bigint => BigInt(hex);

/**
 * The invoice key of a trade: keccak256(abi.encodePacked(supplier address, invoice number)), the invoice
 * number as its UTF-8 bytes after trimming surrounding white space. The same supplier and number always give
 * the same key, so the Receivables contract refuses a second claim on one invoice.
 */
export const invoiceKeyOf = (supplier: Address, invoiceNumber: string): Hex =>
  keccak256(encodePacked(['address', 'string'], [supplier, invoiceNumber.trim()]));

/** Receivables.claimIdFor: keccak256(abi.encode(obligor, invoiceKey)). */
export const claimIdFor = (obligor: Address, invoiceKey: Hex): bigint =>
  BigInt(keccak256(encodeAbiParameters([{ type: 'address' }, { type: 'bytes32' }], [obligor, invoiceKey])));

/** ClaimLedger.childId: keccak256(abi.encode(parent, dueDate, lateRateBps, maxHops)). */
export const childIdOf = (parent: bigint, n: { dueDate: number; lateRateBps: number; maxHops: number }): bigint =>
  BigInt(
    keccak256(
      encodeAbiParameters(
        [{ type: 'uint256' }, { type: 'uint40' }, { type: 'uint16' }, { type: 'uint8' }],
        [parent, n.dueDate, n.lateRateBps, n.maxHops],
      ),
    ),
  );

// -------------------------------------------------------------------------------------------- input

/** `YYYY-MM-DD` → UTC midnight in seconds; a 400 naming `field` unless it is a real calendar date. */
export function parseDate(value: string, field: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!m || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== value) {
    throw new ValidationError(field, 'must be a calendar date YYYY-MM-DD');
  }
  return ms / 1000;
}

export const formatDate = (seconds: number | bigint): string => new Date(Number(seconds) * 1000).toISOString().slice(0, 10);

/** ISO 8601 date-time → whole seconds (rounded down). */
export function parseInstant(value: string, field: string): number {
  const ms = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(ms)) throw new ValidationError(field, 'must be an ISO 8601 date-time, e.g. 2030-01-31T12:00:00Z');
  return Math.floor(ms / 1000);
}

/** A positive amount that fits the contracts' uint128 amounts. */
export function parseAmount(value: string, field: string): bigint {
  const amount = BigInt(value);
  if (amount <= 0n) throw new ValidationError(field, 'must be at least 1');
  if (amount > UINT128_MAX) throw new ValidationError(field, `must be at most ${UINT128_MAX}`);
  return amount;
}

// --------------------------------------------------------------------------------------- chain reads

/**
 * A view call or a block read for a pre-check. The node being unreachable, or not answering within the API's chain-read
 * timeout (the platform's read client gives up then), is a 503 `chain_unavailable` the caller may retry; a view
 * that reverts (ClaimMarket.quote when the discount would reach the face) is a 422 named after the decoded error
 * (`DiscountExceedsFace` → `discount_exceeds_face`).
 */
export async function chainRead<T>(read: Promise<T>): Promise<T> {
  try {
    return await read;
  } catch (error) {
    const data = revertDataOf(error);
    if (data) {
      const reason = decodeRevertData(data);
      const code = reason.name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
      throw new RuleViolationError(code, reason.message, { error: reason.name, args: reason.args });
    }
    const timedOut = error instanceof BaseError && error.walk((e) => e instanceof TimeoutError) !== null;
    throw new ChainUnavailableError(
      timedOut
        ? 'the chain node did not answer the checks of this request in time; nothing was done: retry shortly'
        : 'the chain node could not be reached for the checks of this request; nothing was done: retry shortly',
      error,
    );
  }
}

/** The chain's clock: the latest block's timestamp, which the next transaction sees or passes. */
export async function chainNow(ctx: ServiceContext): Promise<number> {
  const block = await chainRead(ctx.client.getBlock({ blockTag: 'latest' }));
  return Number(block.timestamp);
}

/**
 * The context's chain reads pinned to the latest block: every view a pre-check makes then sees one state. Without it,
 * reads issued together may straddle a block mined meanwhile (automining chains mine one per transaction), and a
 * check combining them (e.g. a recipient's balance from after a transfer with its hop count from before) could
 * refuse a valid request. `chainNow` of the pinned context is that block's time.
 */
export async function pinnedToLatestBlock(ctx: ServiceContext): Promise<ServiceContext> {
  const block = await chainRead(ctx.client.getBlock({ blockTag: 'latest' }));
  const base = ctx.client;
  const client = Object.create(base) as ServiceContext['client'];
  client.readContract = ((args: Parameters<typeof base.readContract>[0]) =>
    base.readContract({ ...args, blockTag: undefined, blockNumber: block.number } as typeof args)) as typeof base.readContract;
  client.getBlock = ((args?: Parameters<typeof base.getBlock>[0]) =>
    !args || args.blockTag === 'latest' ? Promise.resolve(block) : base.getBlock(args)) as typeof base.getBlock;
  return { ...ctx, client };
}

const ledger = (ctx: ServiceContext) => ({ address: ctx.deployment.contracts.ClaimLedger, abi: suite.ClaimLedger.abi }) as const;
const receivables = (ctx: ServiceContext) => ({ address: ctx.deployment.contracts.Receivables, abi: suite.Receivables.abi }) as const;
const market = (ctx: ServiceContext) => ({ address: ctx.deployment.contracts.ClaimMarket, abi: suite.ClaimMarket.abi }) as const;
const memberRegistry = (ctx: ServiceContext) => ({ address: ctx.deployment.contracts.MemberRegistry, abi: suite.MemberRegistry.abi }) as const;
const consortiumRegistry = (ctx: ServiceContext) => ({ address: ctx.deployment.contracts.ConsortiumRegistry, abi: suite.ConsortiumRegistry.abi }) as const;

export async function readTerms(ctx: ServiceContext, id: bigint): Promise<ClaimTerms | null> {
  const t = await chainRead(ctx.client.readContract({ ...ledger(ctx), functionName: 'terms', args: [id] }));
  if (BigInt(t.obligor) === 0n) return null;
  return { ...t, obligor: t.obligor.toLowerCase() as Address };
}

/** The terms of claim `id`; 404 when the chain does not know it. */
export async function requireClaim(ctx: ServiceContext, id: bigint): Promise<ClaimTerms> {
  const terms = await readTerms(ctx, id);
  if (!terms) throw new NotFoundError('claim', idHex(id));
  return terms;
}

export const claimBalance = (ctx: ServiceContext, holder: string, id: bigint) =>
  chainRead(ctx.client.readContract({ ...ledger(ctx), functionName: 'balanceOf', args: [holder as Address, id] }));

export const hopsOf = (ctx: ServiceContext, holder: string, id: bigint) =>
  chainRead(ctx.client.readContract({ ...ledger(ctx), functionName: 'hopsOf', args: [holder as Address, id] }));


export const isConsortiumMember = (ctx: ServiceContext, consortiumId: Hex, account: string) =>
  chainRead(ctx.client.readContract({ ...consortiumRegistry(ctx), functionName: 'isMember', args: [consortiumId, account as Address] }));

export const hasRole = (ctx: ServiceContext, account: string, role: MemberRole) =>
  chainRead(ctx.client.readContract({ ...memberRegistry(ctx), functionName: 'hasRoles', args: [account as Address, BigInt(memberRoles[role])] }));

export const canHold = (ctx: ServiceContext, account: string) =>
  chainRead(ctx.client.readContract({ ...memberRegistry(ctx), functionName: 'canHold', args: [account as Address] }));

export const creditLineOf = (ctx: ServiceContext, obligor: string) =>
  chainRead(ctx.client.readContract({ ...receivables(ctx), functionName: 'creditLine', args: [obligor as Address] }));

export const settlementOf = (ctx: ServiceContext, root: bigint) => chainRead(ctx.client.readContract({ ...receivables(ctx), functionName: 'settlement', args: [root] }));

/** Receivables.owed: principal outstanding and late interest accrued on `root` as of the latest block. */
export async function owedOf(ctx: ServiceContext, root: bigint): Promise<{ principal: bigint; interest: bigint }> {
  const [principal, interest] = await chainRead(ctx.client.readContract({ ...receivables(ctx), functionName: 'owed', args: [root] }));
  return { principal, interest };
}

/** Guarantee statuses, as IReceivables.GuaranteeStatus numbers them. */
export const guaranteeStatuses = ['none', 'proposed', 'active'] as const;
export type GuaranteeStatusName = (typeof guaranteeStatuses)[number];

/** The guarantee on `obligor`'s credit line (Receivables.guarantee); guarantor null when there is none. */
export async function guaranteeOf(ctx: ServiceContext, obligor: string): Promise<{ guarantor: Address | null; status: GuaranteeStatusName }> {
  const g = await chainRead(ctx.client.readContract({ ...receivables(ctx), functionName: 'guarantee', args: [obligor as Address] }));
  const status = guaranteeStatuses[g.status] ?? 'none';
  return { guarantor: status === 'none' ? null : (g.guarantor.toLowerCase() as Address), status };
}

/** Who granted `obligor`'s credit line (Receivables.creditProvider); null when nobody has set it. */
export async function creditProviderOf(ctx: ServiceContext, obligor: string): Promise<Address | null> {
  const provider = await chainRead(ctx.client.readContract({ ...receivables(ctx), functionName: 'creditProvider', args: [obligor as Address] }));
  return BigInt(provider) === 0n ? null : (provider.toLowerCase() as Address);
}

export const redeemableBy = (ctx: ServiceContext, id: bigint, holder: string) =>
  chainRead(ctx.client.readContract({ ...receivables(ctx), functionName: 'redeemable', args: [id, holder as Address] }));

export const invoiceUsed = (ctx: ServiceContext, invoiceKey: Hex) => chainRead(ctx.client.readContract({ ...receivables(ctx), functionName: 'invoiceUsed', args: [invoiceKey] }));

export const documentUsed = (ctx: ServiceContext, documentsHash: Hex) =>
  chainRead(ctx.client.readContract({ ...receivables(ctx), functionName: 'documentUsed', args: [documentsHash] }));

/** The trade's status and commitment on-chain; null when no trade has this id. */
export async function readTrade(ctx: ServiceContext, tradeId: Hex): Promise<TradeRecordOnChain | null> {
  const t = await chainRead(ctx.client.readContract({ ...receivables(ctx), functionName: 'trade', args: [tradeId] }));
  if (t.status === 0) return null;
  return { status: t.status, hash: t.hash.toLowerCase() as Hex };
}

const tradeParameter = (() => {
  const submit = suite.Receivables.abi.find((item) => item.type === 'function' && item.name === 'submitTrade');
  const param = submit && 'inputs' in submit ? submit.inputs[1] : undefined;
  if (!param || param.type !== 'tuple') throw new Error('Receivables.submitTrade has no Trade parameter');
  return param;
})();

/**
 * The commitment Receivables keeps for a trade: keccak256(abi.encode(trade)) with its lowest byte cleared (the
 * contract keeps the status there). `readTrade(…).hash` equals it for the trade as submitted.
 */
export function tradeCommitment(t: TradeBackground): Hex {
  const hash = BigInt(keccak256(encodeAbiParameters([tradeParameter], [t as never])));
  return `0x${(hash & ~0xffn).toString(16).padStart(64, '0')}` as Hex;
}

export async function readOffer(ctx: ServiceContext, offerId: Hex): Promise<OfferOnChain | null> {
  const o = await chainRead(ctx.client.readContract({ ...market(ctx), functionName: 'offer', args: [offerId] }));
  if (BigInt(o.funder) === 0n) return null;
  return { ...o, funder: o.funder.toLowerCase() as Address, obligor: o.obligor.toLowerCase() as Address, onlyHolder: o.onlyHolder.toLowerCase() as Address };
}

/** ClaimMarket.quote: the price `amount` of claim `id` fetches against `offerId` in the next block. */
export async function quotePrice(ctx: ServiceContext, offerId: Hex, id: bigint, amount: bigint): Promise<{ price: bigint; days: number }> {
  const [price, days] = await chainRead(ctx.client.readContract({ ...market(ctx), functionName: 'quote', args: [offerId, id, amount] }));
  return { price, days };
}

export const xtBalance = (ctx: ServiceContext, account: string) =>
  chainRead(ctx.client.readContract({ address: ctx.deployment.contracts.SettlementToken, abi: suite.SettlementToken.abi, functionName: 'balanceOf', args: [account as Address] }));

// ------------------------------------------------------------------------------------------ guards

/** A member with `role` in the principal's certified roles, else 403. */
/** The principal's enterprise is certified with `role` (or any of `role`, when a list is given). */
export function requireRole(by: Principal, role: MemberRole | MemberRole[], doing: string): void {
  const roles = Array.isArray(role) ? role : [role];
  if (!roles.some((r) => by.memberRoles.includes(r))) {
    throw new ForbiddenError(`only a certified ${roles.map((r) => r.replace('_', ' ')).join(' or ')} can ${doing}`, { requiredRole: roles.join('|') });
  }
}

/** The principal's enterprise may send value on-chain (certified, not suspended or revoked). */
export async function requireCanHold(ctx: ServiceContext, by: Principal): Promise<void> {
  if (!(await canHold(ctx, by.memberAddress))) {
    throw new RuleViolationError('member_not_active', 'your enterprise is not a certified member on-chain (suspended or revoked members are frozen)');
  }
}

/** The claim is still before its due date (transfers, modifications and sales stop at maturity). */
export async function requireNotMatured(ctx: ServiceContext, id: bigint, terms: ClaimTerms): Promise<number> {
  const now = await chainNow(ctx);
  if (now >= terms.dueDate) {
    throw new RuleViolationError('claim_matured', `claim ${idHex(id)} matured on ${formatDate(terms.dueDate)}; it can only be redeemed now`, {
      dueDate: formatDate(terms.dueDate),
    });
  }
  return now;
}

/** The principal holds at least `amount` of `id`. */
export async function requireHolding(ctx: ServiceContext, holder: string, id: bigint, amount: bigint): Promise<bigint> {
  const balance = await claimBalance(ctx, holder, id);
  if (balance < amount) {
    throw new RuleViolationError('insufficient_holding', `the holding of claim ${idHex(id)} is ${balance}, less than the ${amount} requested`, {
      field: 'amount',
      holding: balance.toString(),
    });
  }
  return balance;
}

/** The holder's units of `id` may still be passed on (transfer depth). */
export async function requireTransferDepth(ctx: ServiceContext, holder: string, id: bigint, terms: ClaimTerms): Promise<void> {
  const hops = await hopsOf(ctx, holder, id);
  if (hops >= terms.maxHops) {
    throw new RuleViolationError(
      'transfer_depth_exhausted',
      `claim ${idHex(id)} may be passed on at most ${terms.maxHops} time(s); these units have made ${hops}`,
      { maxHops: terms.maxHops, hops },
    );
  }
}

/**
 * Units from `sender` may join `recipient`'s holding of `id`: an existing holding accepts units from its own
 * tier depth or shallower only (ClaimLedger refuses deeper ones with HoldingDepthMismatch).
 */
export async function requireJoinableHolding(ctx: ServiceContext, sender: string, recipient: string, id: bigint): Promise<void> {
  const [senderHops, recipientHops, recipientBalance] = await Promise.all([
    hopsOf(ctx, sender, id),
    hopsOf(ctx, recipient, id),
    claimBalance(ctx, recipient, id),
  ]);
  if (recipientBalance > 0n && senderHops + 1 > recipientHops) {
    throw new RuleViolationError(
      'holding_depth_mismatch',
      `the recipient already holds claim ${idHex(id)} at tier depth ${recipientHops}; units passed on from depth ${senderHops} cannot join it. ` +
        'Narrow the terms first (a modification creates a separate claim id), or ask the recipient to receive from a shallower tier.',
      { recipientHops, incomingHops: senderHops + 1 },
    );
  }
}

/** `account` may receive units of a claim that circulates in `consortiumId`. */
export async function requireRecipientAllowed(ctx: ServiceContext, consortiumId: Hex, account: string, field: string, who: string): Promise<void> {
  if (!(await isConsortiumMember(ctx, consortiumId, account))) {
    throw new RuleViolationError('recipient_not_allowed', `${who} is not an active member of consortium ${consortiumId}, where this claim may circulate`, {
      field,
      consortiumId,
    });
  }
}
