/**
 * What the conditional-token use cases read from the ledger and the market before they enqueue anything, the ids
 * they compute exactly as the contracts do, and the checks every product's claims share (maturity, holding,
 * transfer depth, recipients). The contracts still decide: a race shows up as a failed command.
 */
import { formatXt } from '../../domain/money.ts';
import { randomBytes } from 'node:crypto';
import { encodeAbiParameters, keccak256, type Address, type Hex } from 'viem';
import { chainNow, chainRead } from '../../chain/reads.ts';
import { NotFoundError, RuleViolationError, ValidationError } from '../../common/errors.ts';
import type { ModuleContext } from '../../platform/context.ts';
import { isConsortiumMember } from '../identity/index.ts';
import { claimLedger as ledger, claimMarket as market } from './contracts.ts';

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

export async function readTerms(ctx: ModuleContext, id: bigint): Promise<ClaimTerms | null> {
  const t = await chainRead(ctx, ctx.client.readContract({ ...ledger(ctx), functionName: 'terms', args: [id] }));
  if (BigInt(t.obligor) === 0n) return null;
  return { ...t, obligor: t.obligor.toLowerCase() as Address };
}

/** The terms of claim `id`; 404 when the chain does not know it. */
export async function requireClaim(ctx: ModuleContext, id: bigint): Promise<ClaimTerms> {
  const terms = await readTerms(ctx, id);
  if (!terms) throw new NotFoundError('claim', idHex(id));
  return terms;
}

export const claimBalance = (ctx: ModuleContext, holder: string, id: bigint) =>
  chainRead(ctx, ctx.client.readContract({ ...ledger(ctx), functionName: 'balanceOf', args: [holder as Address, id] }));

export const hopsOf = (ctx: ModuleContext, holder: string, id: bigint) =>
  chainRead(ctx, ctx.client.readContract({ ...ledger(ctx), functionName: 'hopsOf', args: [holder as Address, id] }));


export async function readOffer(ctx: ModuleContext, offerId: Hex): Promise<OfferOnChain | null> {
  const o = await chainRead(ctx, ctx.client.readContract({ ...market(ctx), functionName: 'offer', args: [offerId] }));
  if (BigInt(o.funder) === 0n) return null;
  return { ...o, funder: o.funder.toLowerCase() as Address, obligor: o.obligor.toLowerCase() as Address, onlyHolder: o.onlyHolder.toLowerCase() as Address };
}

/** ClaimMarket.quote: the price `amount` of claim `id` fetches against `offerId` in the next block. */
export async function quotePrice(ctx: ModuleContext, offerId: Hex, id: bigint, amount: bigint): Promise<{ price: bigint; days: number }> {
  const [price, days] = await chainRead(ctx, ctx.client.readContract({ ...market(ctx), functionName: 'quote', args: [offerId, id, amount] }));
  return { price, days };
}

// ------------------------------------------------------------------------------------------ guards

/** The claim is still before its due date (transfers, modifications and sales stop at maturity). */
export async function requireNotMatured(ctx: ModuleContext, id: bigint, terms: ClaimTerms): Promise<number> {
  const now = await chainNow(ctx);
  if (now >= terms.dueDate) {
    throw new RuleViolationError('claim_matured', `claim ${idHex(id)} matured on ${formatDate(terms.dueDate)}; it can only be redeemed now`, {
      dueDate: formatDate(terms.dueDate),
    });
  }
  return now;
}

/** The principal holds at least `amount` of `id`. */
export async function requireHolding(ctx: ModuleContext, holder: string, id: bigint, amount: bigint): Promise<bigint> {
  const balance = await claimBalance(ctx, holder, id);
  if (balance < amount) {
    throw new RuleViolationError('insufficient_holding', `your holding of claim ${idHex(id)} is ${formatXt(balance)}, less than the ${formatXt(amount)} requested`, {
      field: 'amount',
      holding: balance.toString(),
      requested: amount.toString(),
    });
  }
  return balance;
}

/** The holder's units of `id` may still be passed on (transfer depth). */
export async function requireTransferDepth(ctx: ModuleContext, holder: string, id: bigint, terms: ClaimTerms): Promise<void> {
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
export async function requireJoinableHolding(ctx: ModuleContext, sender: string, recipient: string, id: bigint): Promise<void> {
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
export async function requireRecipientAllowed(ctx: ModuleContext, consortiumId: Hex, account: string, field: string, who: string): Promise<void> {
  if (!(await isConsortiumMember(ctx, consortiumId, account))) {
    throw new RuleViolationError('recipient_not_allowed', `${who} is not an active member of consortium ${consortiumId}, where this claim may circulate`, {
      field,
      consortiumId,
    });
  }
}
