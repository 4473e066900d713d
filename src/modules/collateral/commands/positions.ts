/**
 * The vault's command side: collateral classes (operator), positions (lock goods or XT and draw CTs), repayment,
 * margin (top-up, margin call), default, release, redemption. Each use case checks the rule the contract would refuse
 * with, answering with the contract error's name as its code, then enqueues the call signed by the acting member.
 */
import type { Address, Hex } from 'viem';
import type { Queryable } from '../../../db/database.ts';
import { contractCall, enqueueCommands } from '../../../ledger/commands.ts';
import { ConflictError, ForbiddenError, NotFoundError, RuleViolationError } from '../../../common/errors.ts';
import { chainNow } from '../../../chain/reads.ts';
import type { ModuleContext } from '../../../platform/context.ts';
import { getMember, isConsortiumMember, requireActingUser, requireActiveMember, type Principal } from '../../identity/index.ts';
import { claimBalance, dayCounts, idHex, parseDate, randomBytes32, readTerms, type DayCountName } from '../../claims/index.ts';
import { xtBalance } from '../../currency/index.ts';
import {
  addedGoodsOnChain, classOnChain, collateralKinds, coverageOnChain, drawIdFor, drawOnChain, goodsOnChain, owedOnChain, pledgedClaimOnChain, positionOfClaimOnChain, positionOnChain,
  type CollateralKindName,
} from '../chain.ts';
import { collateralVault } from '../contracts.ts';

export interface CollateralClassParameters {
  classId: number;
  kind: CollateralKindName;
  active: boolean;
  ltvBps: number;
  marginBps: number;
  liquidationBps: number;
  penaltyBps: number;
  auctionStartBps: number;
  auctionFloorBps: number;
  curve: 'linear' | 'stepwise';
  auctionDurationSeconds: number;
  auctionStepSeconds: number;
  marginGraceSeconds: number;
  defaultGraceSeconds: number;
}

/** The operator sets a collateral class's risk parameters and auction curve. */
export async function setCollateralClass(ctx: ModuleContext, tx: Queryable, by: Principal, p: CollateralClassParameters) {
  if (!by.isOperator) throw new ForbiddenError('only the operator sets collateral classes');
  requireActingUser(by);
  const field = (name: string, message: string) => new RuleViolationError('ClassInvalid', message, { field: name });
  if (!(p.ltvBps < p.marginBps)) throw field('ltvBps', 'the loan-to-value must be below the margin threshold');
  if (!(p.marginBps < p.liquidationBps)) throw field('marginBps', 'the margin threshold must be below the liquidation threshold');
  if (p.auctionFloorBps > p.auctionStartBps) throw field('auctionFloorBps', 'the auction floor must not be above its start');
  if (p.curve === 'stepwise' && (p.auctionStepSeconds === 0 || p.auctionStepSeconds > p.auctionDurationSeconds)) throw field('auctionStepSeconds', 'a stepwise curve needs a step between 1 s and the duration');
  const commandIds = await enqueueCommands(tx, [
    contractCall({
      kind: 'collateral.setClass',
      signer: ctx.operator,
      target: collateralVault(ctx),
      functionName: 'setClass',
      args: [p.classId, {
        kind: collateralKinds[p.kind], active: p.active, ltvBps: p.ltvBps, marginBps: p.marginBps, liquidationBps: p.liquidationBps, penaltyBps: p.penaltyBps,
        auctionStartBps: p.auctionStartBps, auctionFloorBps: p.auctionFloorBps, curve: p.curve === 'stepwise' ? 1 : 0, auctionDuration: p.auctionDurationSeconds,
        auctionStep: p.auctionStepSeconds, marginGrace: p.marginGraceSeconds, defaultGrace: p.defaultGraceSeconds,
      }],
      requestedBy: by.userId,
    }),
  ]);
  return { commandIds };
}

export interface LockParameters {
  /** Goods to lock (inventory / pledge); or `xtAmount` with `classId` for a margin position; or a receivable `claimId`
   * (the pledgor's whole holding of it) with a pledge `classId`. */
  goodsId?: string;
  claimId?: string;
  xtAmount?: bigint;
  classId?: number;
  consortiumId: Hex;
  dueDate: string;
  lateRateBps: number;
  maxHops: number;
  dayCount: DayCountName;
  /** Drawn at once as CTs to the pledgor (0: none). */
  firstDraw: bigint;
}

/** The pledgor locks its goods (or XT) into a new position, drawing `firstDraw` at once. */
export async function lockCollateral(ctx: ModuleContext, tx: Queryable, by: Principal, p: LockParameters) {
  requireActingUser(by);
  await requireActiveMember(tx, by);
  const due = parseDate(p.dueDate, 'dueDate');
  if (due <= (await chainNow(ctx))) throw new RuleViolationError('LineTermsInvalid', 'the due date must be after today on the chain’s clock', { field: 'dueDate' });
  if (!(await isConsortiumMember(ctx, p.consortiumId, by.memberAddress))) {
    throw new RuleViolationError('LineTermsInvalid', `you are not an active member of consortium ${p.consortiumId}, where the CTs would circulate`, { field: 'consortiumId' });
  }
  let value: bigint;
  let classId: number;
  if (p.goodsId) {
    const g = await goodsOnChain(ctx, BigInt(p.goodsId));
    if (!g) throw new NotFoundError('goods', p.goodsId);
    if (g.owner !== by.memberAddress) throw new RuleViolationError('NotGoodsOwner', 'only the owner of goods can lock them', { field: 'goodsId' });
    if (g.locked) throw new ConflictError('GoodsAlreadyPledged', `goods ${p.goodsId} are already locked as collateral; they cannot be pledged twice`, { field: 'goodsId' });
    value = g.value;
    classId = g.classId;
  } else if (p.claimId) {
    if (p.classId === undefined) throw new RuleViolationError('LineTermsInvalid', 'a pledged claim names its (pledge) collateral class', { field: 'classId' });
    value = await pledgeableClaimUnits(ctx, by, BigInt(p.claimId));
    classId = p.classId;
  } else {
    if (p.xtAmount === undefined || p.classId === undefined) throw new RuleViolationError('LineTermsInvalid', 'lock goods (goodsId), or XT (xtAmount with classId)', { field: 'goodsId' });
    const balance = await xtBalance(ctx, by.memberAddress);
    if (balance < p.xtAmount) throw new RuleViolationError('insufficient_balance', `balance ${balance} is less than the ${p.xtAmount} to deposit`, { field: 'xtAmount' });
    value = p.xtAmount;
    classId = p.classId;
  }
  const c = await classOnChain(ctx, classId);
  if (!c.active) throw new RuleViolationError('ClassInactive', `collateral class ${classId} is not set up`, { field: p.goodsId ? 'goodsId' : 'classId' });
  const kindFits = p.claimId ? c.kind === collateralKinds.pledge : (c.kind === collateralKinds.margin) === !p.goodsId;
  if (!kindFits) throw new RuleViolationError('ClassKindMismatch', `collateral class ${classId} is for another kind of collateral`, { field: 'classId' });
  const limit = (value * BigInt(c.ltvBps)) / 10_000n;
  if (p.firstDraw > limit) throw new RuleViolationError('DrawOverLimit', `the line is ${limit} (value ${value} × ${c.ltvBps} bps); ${p.firstDraw} would exceed it`, { field: 'firstDraw', limit: String(limit) });
  const positionId = randomBytes32();
  const terms = { dueDate: due, lateRateBps: p.lateRateBps, maxHops: p.maxHops, dayCount: dayCounts[p.dayCount], consortiumId: p.consortiumId };
  const commandIds = await enqueueCommands(tx, [
    contractCall({
      kind: 'collateral.lock',
      signer: by.memberAddress as Address,
      target: collateralVault(ctx),
      ...(p.goodsId
        ? { functionName: 'lockGoods' as const, args: [positionId, BigInt(p.goodsId), terms, p.firstDraw] }
        : p.claimId
          ? { functionName: 'lockClaim' as const, args: [positionId, classId, BigInt(p.claimId), terms, p.firstDraw] }
          : { functionName: 'lockXt' as const, args: [positionId, classId, p.xtAmount!, terms, p.firstDraw] }),
      requestedBy: by.userId,
    } as never),
  ]);
  return { commandIds, positionId, limit: String(limit), claimId: p.firstDraw > 0n ? idHex(drawIdFor(positionId, 0)) : null };
}

/** What ClaimPledges.lock would refuse, answered first; returns the units (the caller's whole holding). */
async function pledgeableClaimUnits(ctx: ModuleContext, by: Principal, claimId: bigint): Promise<bigint> {
  const t = await readTerms(ctx, claimId);
  if (!t) throw new NotFoundError('claim', idHex(claimId));
  const refuse = (field: string, message: string) => new RuleViolationError('ClaimNotPledgeable', message, { field: 'claimId', reason: field });
  if (t.kind !== 0) throw refuse('kind', `${idHex(claimId)} is not a receivable claim`);
  if (t.obligor === by.memberAddress) throw refuse('obligor', 'your own obligation cannot back your debt');
  if ((await chainNow(ctx)) >= t.dueDate) throw refuse('dueDate', 'the claim is already due; only a claim before its due date can be pledged');
  const pledged = await positionOfClaimOnChain(ctx, claimId, by.memberAddress as Address);
  if (BigInt(pledged) !== 0n) {
    throw new ConflictError('ClaimAlreadyPledged', `your holding of claim ${idHex(claimId)} already backs position ${pledged}; it cannot be pledged twice`, { field: 'claimId', positionId: pledged });
  }
  const units = await claimBalance(ctx, by.memberAddress, claimId);
  if (units === 0n) throw new RuleViolationError('NotClaimHolder', `you hold none of claim ${idHex(claimId)}`, { field: 'claimId' });
  return units;
}

async function requirePosition(ctx: ModuleContext, positionId: Hex) {
  const p = await positionOnChain(ctx, positionId);
  if (!p) throw new NotFoundError('position', positionId);
  return p;
}

async function requirePledgorOfOpen(ctx: ModuleContext, tx: Queryable, by: Principal, positionId: Hex) {
  requireActingUser(by);
  await requireActiveMember(tx, by);
  const p = await requirePosition(ctx, positionId);
  if (p.pledgor !== by.memberAddress) throw new RuleViolationError('NotPledgor', 'only the pledgor of the position can do that', { field: 'positionId' });
  if (p.statusName !== 'open') throw new ConflictError('PositionNotOpen', `position ${positionId} is ${p.statusName}, not open`, { field: 'positionId' });
  return p;
}

const call = (ctx: ModuleContext, by: Principal, kind: string, functionName: string, args: readonly unknown[]) =>
  contractCall({ kind, signer: by.memberAddress as Address, target: collateralVault(ctx), functionName, args, requestedBy: by.userId } as never);

/** The pledgor draws `amount` more CTs on its line (within value × LTV fixed at the lock). */
export async function drawOnPosition(ctx: ModuleContext, tx: Queryable, by: Principal, positionId: Hex, amount: bigint) {
  const p = await requirePledgorOfOpen(ctx, tx, by, positionId);
  if (p.marginCallDeadline !== 0) throw new RuleViolationError('DrawUnderMarginCall', 'the position is under a margin call; top up or repay before drawing more', { field: 'positionId' });
  if (p.debt + amount > p.limit) {
    throw new RuleViolationError('DrawOverLimit', `the line is ${p.limit} with ${p.debt} drawn; ${amount} more would exceed it`, { field: 'amount', limit: String(p.limit), debt: String(p.debt) });
  }
  if (p.draws >= 8) throw new RuleViolationError('DrawsExhausted', 'a position has at most 8 draws', { field: 'positionId' });
  const commandIds = await enqueueCommands(tx, [call(ctx, by, 'collateral.draw', 'draw', [positionId, amount])]);
  return { commandIds, claimId: idHex(drawIdFor(positionId, p.draws)) };
}

/** The pledgor repays a draw (late interest first). */
export async function repayDraw(ctx: ModuleContext, tx: Queryable, by: Principal, claimId: string, amount: bigint) {
  requireActingUser(by);
  const d = await drawOnChain(ctx, BigInt(claimId));
  if (d.face === 0n) throw new NotFoundError('draw', claimId);
  await requirePledgorOfOpen(ctx, tx, by, d.positionId);
  const owed = await owedOnChain(ctx, BigInt(claimId));
  if (amount > owed.principal + owed.interest) {
    throw new RuleViolationError('RepayInvalid', `what is owed now is ${owed.principal} of principal and ${owed.interest} of late interest`, { field: 'amount', principal: String(owed.principal), interest: String(owed.interest) });
  }
  const balance = await xtBalance(ctx, by.memberAddress);
  if (balance < amount) throw new RuleViolationError('insufficient_balance', `balance ${balance} is less than the ${amount} to repay`, { field: 'amount' });
  return { commandIds: await enqueueCommands(tx, [call(ctx, by, 'collateral.repay', 'repay', [BigInt(claimId), amount])]) };
}

/** The pledgor adds XT margin to its position. */
export async function topUpPosition(ctx: ModuleContext, tx: Queryable, by: Principal, positionId: Hex, amount: bigint) {
  await requirePledgorOfOpen(ctx, tx, by, positionId);
  const balance = await xtBalance(ctx, by.memberAddress);
  if (balance < amount) throw new RuleViolationError('insufficient_balance', `balance ${balance} is less than the ${amount} to add`, { field: 'amount' });
  return { commandIds: await enqueueCommands(tx, [call(ctx, by, 'collateral.topUp', 'topUp', [positionId, amount])]) };
}

/** The pledgor adds goods it owns (registered, not locked) to its open goods position: coverage rises, the line stays. */
export async function addGoodsToPosition(ctx: ModuleContext, tx: Queryable, by: Principal, positionId: Hex, goodsId: string) {
  const p = await requirePledgorOfOpen(ctx, tx, by, positionId);
  if (p.goodsId === 0n) throw new RuleViolationError('GoodsTopUpRefused', 'only a goods position takes more goods', { field: 'positionId', reason: 'position' });
  if ((await addedGoodsOnChain(ctx, positionId)).length >= 4) throw new RuleViolationError('GoodsTopUpRefused', 'a position takes at most 4 more goods items', { field: 'positionId', reason: 'count' });
  const g = await goodsOnChain(ctx, BigInt(goodsId));
  if (!g) throw new NotFoundError('goods', goodsId);
  if (g.owner !== by.memberAddress) throw new RuleViolationError('NotGoodsOwner', 'only the owner of goods can add them to a position', { field: 'goodsId' });
  if (g.locked) throw new ConflictError('GoodsAlreadyPledged', `goods ${goodsId} are already locked as collateral; they cannot be pledged twice`, { field: 'goodsId' });
  const c = await classOnChain(ctx, g.classId);
  if (!c.active) throw new RuleViolationError('ClassInactive', `collateral class ${g.classId} is not set up`, { field: 'goodsId' });
  if (c.kind === collateralKinds.margin) throw new RuleViolationError('ClassKindMismatch', `goods of class ${g.classId} cannot be collateral`, { field: 'goodsId' });
  return { commandIds: await enqueueCommands(tx, [call(ctx, by, 'collateral.addGoods', 'addGoods', [positionId, BigInt(goodsId)])]) };
}

/** Collects what a pledged claim's settlement has paid (from its due date on). Any active member may ask. */
export async function collectPledgedClaim(ctx: ModuleContext, tx: Queryable, by: Principal, positionId: Hex) {
  requireActingUser(by);
  await requireActiveMember(tx, by);
  const p = await requirePosition(ctx, positionId);
  const pc = await pledgedClaimOnChain(ctx, positionId);
  if (pc.claimId === 0n) throw new RuleViolationError('NothingToCollect', 'no receivable claim is pledged to this position', { field: 'positionId' });
  if (p.statusName === 'liquidated' || pc.paid) throw new ConflictError('NothingToCollect', 'the pledged claim was paid in full and collected', { field: 'positionId' });
  const t = await readTerms(ctx, pc.claimId);
  if (t && (await chainNow(ctx)) < t.dueDate) throw new RuleViolationError('NothingToCollect', 'the pledged claim is not due yet: its settlement is collected from its due date on', { field: 'positionId' });
  return { commandIds: await enqueueCommands(tx, [call(ctx, by, 'collateral.collectClaim', 'collectClaim', [positionId])]) };
}

/** The pledgor takes its collateral back once nothing is owed. */
export async function releasePosition(ctx: ModuleContext, tx: Queryable, by: Principal, positionId: Hex) {
  const p = await requirePledgorOfOpen(ctx, tx, by, positionId);
  if (p.debt !== 0n) {
    throw new RuleViolationError('ReleaseWhileOutstanding', `the position still owes ${p.debt} of principal; collateral is released only when everything it backs is repaid`, { field: 'positionId', debt: String(p.debt) });
  }
  return { commandIds: await enqueueCommands(tx, [call(ctx, by, 'collateral.release', 'release', [positionId])]) };
}

/** Who watches positions: the operator and funders (who hold the CTs); the pledgor itself may not call them. */
function requireWatcher(by: Principal) {
  if (!by.isOperator && !by.memberRoles.includes('funder')) throw new ForbiddenError('only the operator or a funder can call margin or declare a default');
  requireActingUser(by);
}

/** Opens a margin call when the debt passes the class's margin threshold against the current valuation. */
export async function callMargin(ctx: ModuleContext, tx: Queryable, by: Principal, positionId: Hex) {
  requireWatcher(by);
  const p = await requirePosition(ctx, positionId);
  if (p.statusName !== 'open') throw new ConflictError('PositionNotOpen', `position ${positionId} is ${p.statusName}, not open`, { field: 'positionId' });
  if (p.marginCallDeadline !== 0) throw new ConflictError('MarginCallOpen', 'a margin call is already open on this position', { field: 'positionId' });
  const [c, cov] = await Promise.all([classOnChain(ctx, p.classId), coverageOnChain(ctx, positionId)]);
  if (cov.ratioBps <= BigInt(c.marginBps)) throw new RuleViolationError('CoverageSufficient', `the loan-to-value is ${cov.ratioBps} bps, within the margin threshold of ${c.marginBps} bps`, { field: 'positionId' });
  return { commandIds: await enqueueCommands(tx, [contractCall({ kind: 'collateral.marginCall', signer: by.memberAddress as Address, target: collateralVault(ctx), functionName: 'marginCall', args: [positionId], requestedBy: by.userId })]) };
}

/** Declares a position in default (the contract checks which condition holds) and starts its auction. */
export async function declareDefault(ctx: ModuleContext, tx: Queryable, by: Principal, positionId: Hex) {
  requireWatcher(by);
  const p = await requirePosition(ctx, positionId);
  if (p.statusName !== 'open') throw new ConflictError('PositionNotOpen', `position ${positionId} is ${p.statusName}, not open`, { field: 'positionId' });
  const [c, cov, now] = await Promise.all([classOnChain(ctx, p.classId), coverageOnChain(ctx, positionId), chainNow(ctx)]);
  // The transaction runs in a later block than `now`: a condition that holds now still holds then.
  const pastDue = cov.debt !== 0n && now > p.dueDate + c.defaultGrace;
  const uncured = p.marginCallDeadline !== 0 && now > p.marginCallDeadline && cov.ratioBps > BigInt(c.marginBps);
  const pastLiquidation = cov.debt !== 0n && cov.ratioBps >= BigInt(c.liquidationBps);
  if (!pastDue && !uncured && !pastLiquidation) throw new RuleViolationError('NotInDefault', `position ${positionId} is not in default (loan-to-value ${cov.ratioBps} bps)`, { field: 'positionId' });
  return { commandIds: await enqueueCommands(tx, [contractCall({ kind: 'collateral.declareDefault', signer: by.memberAddress as Address, target: collateralVault(ctx), functionName: 'declareDefault', args: [positionId], requestedBy: by.userId })]) };
}

/** Pays a holder its share of a collateral CT (at its due date, or once its position was liquidated). */
export async function redeemCollateralClaim(ctx: ModuleContext, tx: Queryable, by: Principal, claimId: string, holderMemberId?: string) {
  requireActingUser(by);
  const holder = holderMemberId ? await getMember(tx, holderMemberId) : null;
  const address = holder?.address ?? by.memberAddress;
  if (address !== by.memberAddress && !by.isOperator) throw new ForbiddenError('you can redeem only your own holding', { field: 'holderMemberId' });
  const t = await readTerms(ctx, BigInt(claimId));
  const d = t ? await drawOnChain(ctx, t.root) : null;
  if (!t || !d || d.face === 0n) throw new NotFoundError('collateral claim', claimId);
  if (!d.closed && (await chainNow(ctx)) < t.dueDate) throw new RuleViolationError('NotRedeemable', 'the CT cannot be redeemed before its due date unless its position was liquidated', { field: 'claimId' });
  if ((await claimBalance(ctx, address, BigInt(claimId))) === 0n) throw new RuleViolationError('NothingToRedeem', 'nothing is held to redeem', { field: 'holderMemberId' });
  return { commandIds: await enqueueCommands(tx, [contractCall({ kind: 'collateral.redeem', signer: by.memberAddress as Address, target: collateralVault(ctx), functionName: 'redeem', args: [BigInt(claimId), address as Address], requestedBy: by.userId })]) };
}
