/** Liquidation auctions: a member bids at the current descending price; an unsold round is restarted. */
import type { Address, Hex } from 'viem';
import type { Queryable } from '../../../db/database.ts';
import { contractCall, enqueueCommands } from '../../../ledger/commands.ts';
import { ConflictError, ForbiddenError, NotFoundError, RuleViolationError } from '../../../common/errors.ts';
import { chainNow } from '../../../chain/reads.ts';
import type { ModuleContext } from '../../../platform/context.ts';
import { requireActingUser, requireActiveMember, type Principal } from '../../identity/index.ts';
import { xtBalance } from '../../currency/index.ts';
import { auctionOnChain, positionOnChain } from '../chain.ts';
import { collateralVault } from '../contracts.ts';

async function liveAuction(ctx: ModuleContext, positionId: Hex) {
  const p = await positionOnChain(ctx, positionId);
  if (!p) throw new NotFoundError('auction', positionId);
  if (p.statusName !== 'defaulted' || p.goodsId === 0n) throw new ConflictError('AuctionNotLive', `no auction is running for position ${positionId}`, { field: 'positionId' });
  return { p, a: await auctionOnChain(ctx, positionId) };
}

/**
 * Bids at most `maxPrice` XT: the winner pays the price of the block its bid lands in (never more than `maxPrice`)
 * and receives the goods. The price only falls, so a bid at least the price now is at least the price then.
 */
export async function bid(ctx: ModuleContext, tx: Queryable, by: Principal, positionId: Hex, maxPrice: bigint) {
  requireActingUser(by);
  await requireActiveMember(tx, by);
  const { p, a } = await liveAuction(ctx, positionId);
  if (p.pledgor === by.memberAddress) throw new RuleViolationError('pledgor_cannot_bid', 'the pledgor cannot bid for its own collateral', { field: 'positionId' });
  const endsAt = a.startedAt + a.duration;
  if ((await chainNow(ctx)) >= endsAt) throw new ConflictError('AuctionEnded', 'the auction round ended unsold; restart it first', { field: 'positionId' });
  if (maxPrice < a.price) throw new RuleViolationError('BidBelowPrice', `the bid ${maxPrice} is below the current price ${a.price}`, { field: 'maxPrice', price: String(a.price) });
  const balance = await xtBalance(ctx, by.memberAddress);
  if (balance < a.price) throw new RuleViolationError('insufficient_balance', `balance ${balance} is less than the price ${a.price}`, { field: 'maxPrice' });
  const commandIds = await enqueueCommands(tx, [
    contractCall({ kind: 'collateral.bid', signer: by.memberAddress as Address, target: collateralVault(ctx), functionName: 'bid', args: [positionId, maxPrice], requestedBy: by.userId }),
  ]);
  return { commandIds, price: String(a.price) };
}

/** Starts a new round of an auction that ended unsold, from the goods' current valuation (operator or funders). */
export async function restartAuction(ctx: ModuleContext, tx: Queryable, by: Principal, positionId: Hex) {
  if (!by.isOperator && !by.memberRoles.includes('funder')) throw new ForbiddenError('only the operator or a funder can restart an auction');
  requireActingUser(by);
  const { a } = await liveAuction(ctx, positionId);
  if ((await chainNow(ctx)) < a.startedAt + a.duration) throw new ConflictError('AuctionStillLive', 'the auction round is still running', { field: 'positionId' });
  const commandIds = await enqueueCommands(tx, [
    contractCall({ kind: 'collateral.restartAuction', signer: by.memberAddress as Address, target: collateralVault(ctx), functionName: 'restartAuction', args: [positionId], requestedBy: by.userId }),
  ]);
  return { commandIds };
}
