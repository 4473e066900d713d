/**
 * The market, command side: funders post standing offers (or answer a holder's quote request with
 * an offer only that holder may take), holders sell claims against them in one delivery-versus-payment
 * transaction, and anyone may ask what a claim fetches against an offer right now (the contract's `quote`).
 */
import { formatXt } from '../../../domain/money.ts';
import type { Address, Hex } from 'viem';
import type { Queryable } from '../../../db/database.ts';
import { contractCall, enqueueCommands, type CommandRequest } from '../../../ledger/commands.ts';
import { ConflictError, ForbiddenError, NotFoundError, RuleViolationError, ValidationError } from '../../../common/errors.ts';
import { chainNow, pinnedToLatestBlock } from '../../../chain/reads.ts';
import type { ModuleContext } from '../../../platform/context.ts';
import { canHold, getMember, getMemberByAddress, requireActingUser, requireCanHold, requireRole, type Principal } from '../../identity/index.ts';
import { xtBalance } from '../../currency/index.ts';
import {
  dayCountName,
  idHex,
  parseInstant,
  quotePrice,
  randomBytes32,
  readOffer,
  requireClaim,
  requireHolding,
  requireNotMatured,
  requireRecipientAllowed,
  requireTransferDepth,
  type ClaimTerms,
  type OfferOnChain,
} from '../chain.ts';
import { claimMarket } from '../contracts.ts';
import { getQuoteRequest, listQuoteRequests, recordQuoteAnswer, recordQuoteRequest, type QuoteRequestView } from '../queries/quotes.ts';

const UINT40_MAX = 2 ** 40 - 1;
const ZERO_ADDRESS = `0x${'0'.repeat(40)}`;

// ------------------------------------------------------------------------------------------- offers

interface OfferTerms {
  obligor: Address;
  rateBps: number;
  limit: bigint;
  expiresAt: number;
  onlyHolder: Address;
}

/** Checks what the market contract checks at posting, and builds the command. */
async function offerCommand(ctx: ModuleContext, by: Principal, o: OfferTerms, kind: string): Promise<{ offerId: Hex; command: CommandRequest }> {
  requireRole(by, 'funder', 'post offers');
  requireActingUser(by);
  await requireCanHold(ctx, by);
  const now = await chainNow(ctx);
  if (o.expiresAt <= now) throw new ValidationError('body.expiresAt', `must be in the future (the chain's clock is at ${new Date(now * 1000).toISOString()})`);
  if (o.expiresAt > UINT40_MAX) throw new ValidationError('body.expiresAt', 'is too far in the future');
  // A core enterprise owes receivables; a pledgor owes the collateral CTs its goods back (docs/adr/015).
  if (!(await canHold(ctx, o.obligor))) {
    throw new RuleViolationError('obligor_not_member', 'offers are made on claims owed by a certified member', { field: 'obligorMemberId' });
  }
  const offerId = randomBytes32();
  const command = contractCall({
    kind,
    signer: by.memberAddress as Address,
    target: claimMarket(ctx),
    functionName: 'postOffer',
    args: [offerId, o.obligor, o.rateBps, o.limit, o.expiresAt, o.onlyHolder],
    requestedBy: by.userId,
  });
  return { offerId, command };
}

/** A funder posts a standing offer to buy claims on an obligor at a discount rate, up to `limit` face. */
export async function postOffer(
  ctx: ModuleContext,
  tx: Queryable,
  by: Principal,
  p: { obligorMemberId: string; rateBps: number; limit: bigint; expiresAt: string; onlyHolderMemberId?: string },
) {
  const expiresAt = parseInstant(p.expiresAt, 'body.expiresAt');
  const obligor = await getMember(tx, p.obligorMemberId);
  const onlyHolder = p.onlyHolderMemberId === undefined ? null : await getMember(tx, p.onlyHolderMemberId);
  const { offerId, command } = await offerCommand(
    ctx,
    by,
    { obligor: obligor.address, rateBps: p.rateBps, limit: p.limit, expiresAt, onlyHolder: (onlyHolder?.address ?? ZERO_ADDRESS) as Address },
    'offer.post',
  );
  const commandIds = await enqueueCommands(tx, [command]);
  return { offerId, expiresAt: new Date(expiresAt * 1000).toISOString(), commandIds };
}

/** The offer; 404 when the chain does not know it (422 when it is still on its way). */
async function requireOffer(ctx: ModuleContext, db: Queryable, offerId: Hex): Promise<OfferOnChain> {
  const offer = await readOffer(ctx, offerId);
  if (offer) return offer;
  const { rows } = await db.query<{ status: string }>(
    `SELECT status FROM commands WHERE function_name = 'postOffer' AND lower(args->>0) = $1 ORDER BY seq DESC LIMIT 1`,
    [offerId.toLowerCase()],
  );
  if (rows[0] && rows[0].status !== 'failed') throw new RuleViolationError('offer_pending', 'the offer is not on-chain yet; retry once it is confirmed', { offerId });
  throw new NotFoundError('offer', offerId);
}

/** The offer's funder withdraws what is left of it. */
export async function cancelOffer(ctx: ModuleContext, tx: Queryable, by: Principal, p: { offerId: Hex }) {
  const offer = await requireOffer(ctx, tx, p.offerId);
  if (offer.funder !== by.memberAddress) throw new ForbiddenError('only the funder who posted this offer can cancel it');
  requireActingUser(by);
  if (offer.remaining === 0n) throw new ConflictError('offer_closed', 'the offer is already cancelled or used up', { offerId: p.offerId });
  const commandIds = await enqueueCommands(tx, [
    contractCall({
      kind: 'offer.cancel',
      signer: by.memberAddress as Address,
      target: claimMarket(ctx),
      functionName: 'cancelOffer',
      args: [p.offerId],
      requestedBy: by.userId,
    }),
  ]);
  return { offerId: p.offerId, commandIds };
}

function requireSameObligor(offerId: Hex, offer: OfferOnChain, terms: ClaimTerms): void {
  if (offer.obligor !== terms.obligor) {
    throw new RuleViolationError('offer_obligor_mismatch', `offer ${offerId} buys claims on ${offer.obligor}, but this claim is owed by ${terms.obligor}`, {
      field: 'offerId',
      offerObligor: offer.obligor,
      claimObligor: terms.obligor,
    });
  }
}

export interface OfferPrice {
  offerId: Hex;
  claimId: Hex;
  amount: string;
  /** XT the holder receives: amount − discount. */
  price: string;
  discount: string;
  /** Whole days to the claim's due date (a started day counts), as the contract counts them. */
  days: number;
  rateBps: number;
  dayCount: string;
  expiresAt: string;
  expired: boolean;
  remaining: string;
}

/** What `amount` of a claim fetches against an offer now: the contract's own `quote` view (floor rounding of the discount). */
export async function offerPrice(ctx: ModuleContext, db: Queryable, p: { offerId: Hex; claimId: bigint; amount: bigint }): Promise<OfferPrice> {
  ctx = await pinnedToLatestBlock(ctx); // the price, the offer and "expired" as of one block
  const [offer, terms] = await Promise.all([requireOffer(ctx, db, p.offerId), requireClaim(ctx, p.claimId)]);
  requireSameObligor(p.offerId, offer, terms);
  const [{ price, days }, now] = await Promise.all([quotePrice(ctx, p.offerId, p.claimId, p.amount), chainNow(ctx)]);
  return {
    offerId: p.offerId,
    claimId: idHex(p.claimId),
    amount: p.amount.toString(),
    price: price.toString(),
    discount: (p.amount - price).toString(),
    days,
    rateBps: offer.rateBps,
    dayCount: dayCountName(terms.dayCount),
    expiresAt: new Date(offer.expiresAt * 1000).toISOString(),
    expired: now >= offer.expiresAt,
    remaining: offer.remaining.toString(),
  };
}

// ------------------------------------------------------------------------------------------- quotes

/** A holder asks funders for a price on `amount` of a claim; funders answer with offers only it may take. */
export async function requestQuote(ctx: ModuleContext, tx: Queryable, by: Principal, p: { claimId: bigint; amount: bigint }) {
  requireActingUser(by);
  const terms = await requireClaim(ctx, p.claimId);
  await requireCanHold(ctx, by);
  await requireNotMatured(ctx, p.claimId, terms);
  await requireHolding(ctx, by.memberAddress, p.claimId, p.amount);
  await requireTransferDepth(ctx, by.memberAddress, p.claimId, terms);
  const quoteId = randomBytes32();
  await recordQuoteRequest(tx, { quoteId, claimId: idHex(p.claimId), amount: p.amount, requesterMemberId: by.memberId });
  return getQuoteRequest({ db: tx, creditFacts: ctx.creditFacts }, quoteId);
}

/**
 * Quote requests with their answers: a holder sees its own, a funder the open ones (and those it answered),
 * the operator and the regulator all of them.
 */
export async function listQuotes(ctx: ModuleContext, by: Principal): Promise<QuoteRequestView[]> {
  if (by.isOperator || by.memberRoles.includes('regulator')) return listQuoteRequests(ctx, {});
  if (by.memberRoles.includes('funder')) return listQuoteRequests(ctx, { visibleToFunder: by.memberId });
  return listQuoteRequests(ctx, { requesterMemberId: by.memberId });
}

/** A funder answers a quote request: an offer at `rateBps` restricted to the requester, for the amount asked. */
export async function answerQuote(ctx: ModuleContext, tx: Queryable, by: Principal, p: { quoteId: Hex; rateBps: number; expiresAt: string }) {
  const expiresAt = parseInstant(p.expiresAt, 'body.expiresAt');
  const quote = await getQuoteRequest({ db: tx, creditFacts: ctx.creditFacts }, p.quoteId);
  requireRole(by, 'funder', 'answer quote requests');
  if (quote.requester.memberId === by.memberId) throw new RuleViolationError('own_quote', 'a funder cannot answer its own quote request');
  if (quote.status !== 'open') throw new ConflictError('quote_closed', `the quote request is ${quote.status}`, { status: quote.status });
  const claimId = BigInt(quote.claimId);
  const terms = await requireClaim(ctx, claimId);
  await requireNotMatured(ctx, claimId, terms);
  const requester = await getMember(tx, quote.requester.memberId);
  const { offerId, command } = await offerCommand(
    ctx,
    by,
    { obligor: terms.obligor, rateBps: p.rateBps, limit: BigInt(quote.amount), expiresAt, onlyHolder: requester.address },
    'quote.answer',
  );
  const commandIds = await enqueueCommands(tx, [command]);
  await recordQuoteAnswer(tx, { quoteId: p.quoteId, offerId, funderMemberId: by.memberId, rateBps: p.rateBps });
  return { quoteId: p.quoteId, offerId, expiresAt: new Date(expiresAt * 1000).toISOString(), commandIds };
}

// -------------------------------------------------------------------------------------------- sales

/**
 * A holder sells `amount` of a claim against an offer: the claim goes to the funder and the price in XT to the
 * holder in one transaction. `minPrice` defaults to the price now, which can only rise as maturity nears.
 */
export async function sellClaim(ctx: ModuleContext, tx: Queryable, by: Principal, p: { claimId: bigint; offerId: Hex; amount: bigint; minPrice?: bigint }) {
  requireActingUser(by);
  ctx = await pinnedToLatestBlock(ctx); // every check below reads the same block
  const [terms, offer] = await Promise.all([requireClaim(ctx, p.claimId), requireOffer(ctx, tx, p.offerId)]);
  if (BigInt(offer.onlyHolder) !== 0n && offer.onlyHolder !== by.memberAddress) {
    throw new ForbiddenError('this offer answers another holder’s quote request', { reason: 'offer_not_for_you', offerId: p.offerId });
  }
  requireSameObligor(p.offerId, offer, terms);
  await requireCanHold(ctx, by);
  const now = await chainNow(ctx);
  if (now >= offer.expiresAt) {
    throw new RuleViolationError('offer_expired', `the offer expired at ${new Date(offer.expiresAt * 1000).toISOString()}`, { field: 'offerId', expiresAt: new Date(offer.expiresAt * 1000).toISOString() });
  }
  if (p.amount > offer.remaining) {
    throw new RuleViolationError('offer_exhausted', `the offer has ${formatXt(offer.remaining)} left (cancelled offers have none), less than the ${formatXt(p.amount)} requested`, {
      field: 'amount',
      remaining: offer.remaining.toString(),
      requested: p.amount.toString(),
    });
  }
  await requireNotMatured(ctx, p.claimId, terms);
  await requireHolding(ctx, by.memberAddress, p.claimId, p.amount);
  await requireTransferDepth(ctx, by.memberAddress, p.claimId, terms);
  const funder = await getMemberByAddress(tx, offer.funder);
  await requireRecipientAllowed(ctx, terms.consortiumId, offer.funder, 'offerId', `the offer's funder ${funder?.name ?? offer.funder}`);
  // The claim would go from the funder to itself: the ledger refuses that transfer (SelfTransfer), so the sale reverts.
  if (offer.funder === by.memberAddress) {
    throw new RuleViolationError('SelfTransfer', 'your enterprise posted this offer: a funder cannot sell a claim into its own offer (it would be transferred to its own holder)', {
      field: 'offerId',
      id: idHex(p.claimId),
      holder: by.memberAddress,
    });
  }
  const { price, days } = await quotePrice(ctx, p.offerId, p.claimId, p.amount);
  if (p.minPrice !== undefined && price < p.minPrice) {
    throw new RuleViolationError('price_below_minimum', `the price now is ${formatXt(price)}, below the minimum ${formatXt(p.minPrice)} you accept`, { field: 'minPrice', price: price.toString(), minPrice: p.minPrice.toString() });
  }
  const funderBalance = await xtBalance(ctx, offer.funder);
  if (funderBalance < price) {
    throw new RuleViolationError('funder_insufficient_balance', `the offer's funder holds ${formatXt(funderBalance)}, less than the price ${formatXt(price)}`, { field: 'offerId', price: price.toString() });
  }
  const minPrice = p.minPrice ?? price;
  const commandIds = await enqueueCommands(tx, [
    contractCall({
      kind: 'claim.sell',
      signer: by.memberAddress as Address,
      target: claimMarket(ctx),
      functionName: 'sell',
      args: [p.offerId, p.claimId, p.amount, minPrice],
      requestedBy: by.userId,
    }),
  ]);
  return {
    claimId: idHex(p.claimId),
    offerId: p.offerId,
    amount: p.amount.toString(),
    price: price.toString(),
    discount: (p.amount - price).toString(),
    days,
    minPrice: minPrice.toString(),
    commandIds,
  };
}
