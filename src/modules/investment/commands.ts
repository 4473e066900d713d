/**
 * Listing commands: a holder lists claim units, an investor funds part of a listing, anyone triggers an investor's
 * payout or refund. Each checks what it can off-chain for a clear 4xx, then enqueues the contract call in the outbox;
 * the contract stays the authority (a lost race fails the command with the same error name as its `code`).
 */
import type { Address, Hex } from 'viem';
import type { Queryable } from '../../db/database.ts';
import { contractCall, enqueueCommands } from '../../ledger/commands.ts';
import { ForbiddenError, RuleViolationError } from '../../common/errors.ts';
import type { ModuleContext } from '../../platform/context.ts';
import { chainNow } from '../../chain/reads.ts';
import { requireActingUser, type Principal } from '../identity/index.ts';
import { p2pListings } from './contracts.ts';
import { findListing } from './queries.ts';

const STATUS_CODE = { open: 1, funded: 2, failed: 3, settled: 4 } as const;

function requireMember(by: Principal): Address {
  requireActingUser(by);
  if (!by.memberAddress) throw new ForbiddenError('only a member can do that');
  return by.memberAddress as Address;
}

export async function createListing(
  ctx: ModuleContext,
  tx: Queryable,
  by: Principal,
  p: { listingId: Hex; claimId: bigint; units: bigint; price: bigint; deadline: Date },
) {
  const signer = requireMember(by);
  if (p.price > p.units) throw new RuleViolationError('ListingTermsInvalid', 'the price cannot exceed the face (the units listed)', { field: 'price' });
  if (p.deadline.getTime() <= (await chainNow(ctx)) * 1000) throw new RuleViolationError('ListingTermsInvalid', 'the deadline must be in the future', { field: 'deadline' });
  if (await findListing(tx, p.listingId)) throw new RuleViolationError('ListingExists', `listing ${p.listingId} already exists`, { field: 'listingId' });
  const commandIds = await enqueueCommands(tx, [
    contractCall({
      kind: 'investment.list',
      signer,
      target: p2pListings(ctx),
      functionName: 'list',
      args: [p.listingId, p.claimId, p.units, p.price, Math.floor(p.deadline.getTime() / 1000)],
      requestedBy: by.userId,
    }),
  ]);
  return { commandIds };
}

export async function fundListing(ctx: ModuleContext, tx: Queryable, by: Principal, p: { listingId: Hex; amount: bigint }) {
  const signer = requireMember(by);
  if (!by.memberRoles.includes('funder')) throw new ForbiddenError('only a certified investor (funder) can fund a listing', {}, 'NotInvestor');
  const l = await findListing(tx, p.listingId);
  if (!l) throw new RuleViolationError('ListingNotFound', `there is no listing ${p.listingId}`, { field: 'listingId' });
  if (l.status !== 'open') {
    throw new RuleViolationError('ListingNotOpen', `listing ${p.listingId} is ${l.status}, not open for funding`, { field: 'listingId', status: STATUS_CODE[l.status] });
  }
  if (new Date(l.deadline).getTime() <= (await chainNow(ctx)) * 1000) {
    throw new RuleViolationError('ListingDeadlinePassed', `listing ${p.listingId} closed for funding at ${l.deadline}`, { field: 'listingId' });
  }
  const remaining = BigInt(l.price) - BigInt(l.raised);
  if (p.amount > remaining) {
    throw new RuleViolationError('FundingExceedsTarget', `listing ${p.listingId} needs ${remaining} more; ${p.amount} cannot be funded`, { field: 'amount', remaining: remaining.toString() });
  }
  const commandIds = await enqueueCommands(tx, [
    contractCall({ kind: 'investment.fund', signer, target: p2pListings(ctx), functionName: 'fund', args: [p.listingId, p.amount], requestedBy: by.userId }),
  ]);
  return { commandIds };
}

/** `claim` (payout of what was collected) or `refund` (a failed listing), for the caller or a named investor. */
export async function listingPayout(ctx: ModuleContext, tx: Queryable, by: Principal, p: { listingId: Hex; investor?: Address; action: 'claim' | 'refund' }) {
  const signer = requireMember(by);
  const l = await findListing(tx, p.listingId);
  if (!l) throw new RuleViolationError('ListingNotFound', `there is no listing ${p.listingId}`, { field: 'listingId' });
  if (p.action === 'claim' && l.status !== 'funded' && l.status !== 'settled') {
    throw new RuleViolationError('ListingNotFunded', `listing ${p.listingId} is ${l.status}: nothing is paid out before it is funded`, { field: 'listingId' });
  }
  if (p.action === 'refund' && l.status !== 'open' && l.status !== 'failed') {
    throw new RuleViolationError('ListingNotOpen', `listing ${p.listingId} is ${l.status}: only a listing that missed its deadline refunds`, { field: 'listingId' });
  }
  const investor = (p.investor ?? signer).toLowerCase() as Address;
  const commandIds = await enqueueCommands(tx, [
    contractCall({ kind: `investment.${p.action}`, signer, target: p2pListings(ctx), functionName: p.action, args: [p.listingId, investor], requestedBy: by.userId }),
  ]);
  return { commandIds };
}

/** Collects into a funded listing what settlement owes its escrowed claim (after the due date). */
export async function collectListing(ctx: ModuleContext, tx: Queryable, by: Principal, p: { listingId: Hex }) {
  const signer = requireMember(by);
  const l = await findListing(tx, p.listingId);
  if (!l) throw new RuleViolationError('ListingNotFound', `there is no listing ${p.listingId}`, { field: 'listingId' });
  if (l.status !== 'funded') throw new RuleViolationError('ListingNotFunded', `listing ${p.listingId} is ${l.status}, not funded`, { field: 'listingId' });
  const commandIds = await enqueueCommands(tx, [
    contractCall({ kind: 'investment.collect', signer, target: p2pListings(ctx), functionName: 'collect', args: [p.listingId], requestedBy: by.userId }),
  ]);
  return { commandIds };
}
