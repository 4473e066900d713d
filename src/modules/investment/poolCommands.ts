/**
 * Pool and governance commands: create a pool, post cover, request deposits and redemptions, claim executed orders,
 * sell a claim to a pool, close an epoch; propose, vote, execute. Pre-checks read the chain (./chain.ts) so that the
 * refusals the issue names answer at once with the contract's error name; everything goes through the outbox.
 */
import type { Address, Hex } from 'viem';
import type { Queryable } from '../../db/database.ts';
import { contractCall, enqueueCommands } from '../../ledger/commands.ts';
import { ForbiddenError, RuleViolationError } from '../../common/errors.ts';
import { chainNow } from '../../chain/reads.ts';
import type { ModuleContext } from '../../platform/context.ts';
import { getMember, requireActingUser, type Principal } from '../identity/index.ts';
import { poolGovernance, tranchedPools } from './contracts.ts';
import * as chain from './chain.ts';
import { DayCountBasis } from './dayCount.ts';

type Target = ReturnType<typeof tranchedPools> | ReturnType<typeof poolGovernance>;

function actingMember(by: Principal): Address {
  requireActingUser(by);
  if (!by.memberAddress) throw new ForbiddenError('only a member can do that');
  return by.memberAddress as Address;
}

function requireInvestor(by: Principal) {
  if (!by.memberRoles.includes('funder')) throw new ForbiddenError('only a certified investor (funder) can do that', {}, 'NotInvestor');
}

async function send(ctx: ModuleContext, tx: Queryable, by: Principal, signer: Address, target: Target, functionName: string, args: readonly unknown[]) {
  const commandIds = await enqueueCommands(tx, [contractCall({ kind: `investment.${functionName}`, signer, target, functionName, args, requestedBy: by.userId })]);
  return { commandIds };
}

async function existingPool(ctx: ModuleContext, poolId: Hex) {
  const s = await chain.poolState(ctx, poolId);
  if (s.sponsor === '0x0000000000000000000000000000000000000000') throw new RuleViolationError('PoolNotFound', `there is no pool ${poolId}`, { field: 'poolId' });
  return s;
}

export interface CreatePoolParameters {
  poolId: Hex;
  consortiumId: Hex;
  maturity: Date;
  minEpochDays: number;
  dayCount: 0 | 1;
  targetYieldBps: [number, number, number];
  quorumBps: number;
  thresholdBps: number;
  votingDays: number;
  minSubordinationBps: number;
  minCoverBps: number;
  policy: { discountRateBps: number; minDiscountBps: number; maxTenorDays: number; limitPerObligor: bigint };
  eligibleObligorIds: string[];
}

export async function createPool(ctx: ModuleContext, tx: Queryable, by: Principal, p: CreatePoolParameters) {
  const signer = actingMember(by);
  requireInvestor(by);
  const s = await chain.poolState(ctx, p.poolId);
  if (s.sponsor !== '0x0000000000000000000000000000000000000000') throw new RuleViolationError('PoolExists', `pool ${p.poolId} already exists`, { field: 'poolId' });
  if (p.maturity.getTime() <= (await chainNow(ctx)) * 1000) throw new RuleViolationError('PoolTermsInvalid', 'the maturity must be in the future', { field: 'maturity' });
  if (p.thresholdBps === 0) throw new RuleViolationError('PoolTermsInvalid', 'the threshold must be at least 1 basis point', { field: 'thresholdBps' });
  const obligors = await Promise.all(p.eligibleObligorIds.map(async (id) => (await getMember(tx, id)).address as Address));
  return send(ctx, tx, by, signer, tranchedPools(ctx), 'createPool', [
    p.poolId,
    {
      consortiumId: p.consortiumId,
      maturity: Math.floor(p.maturity.getTime() / 1000),
      minEpochSeconds: p.minEpochDays * 86_400,
      dayCount: p.dayCount,
      targetYieldBps: p.targetYieldBps,
      quorumBps: p.quorumBps,
      thresholdBps: p.thresholdBps,
      votingSeconds: p.votingDays * 86_400,
      minSubordinationBps: p.minSubordinationBps,
      minCoverBps: p.minCoverBps,
    },
    p.policy,
    obligors,
  ]);
}

export async function postCover(ctx: ModuleContext, tx: Queryable, by: Principal, p: { poolId: Hex; amount: bigint }) {
  const signer = actingMember(by);
  const s = await existingPool(ctx, p.poolId);
  if (s.sponsor.toLowerCase() !== signer.toLowerCase()) throw new ForbiddenError(`only the sponsor of pool ${p.poolId} posts its cover`, { field: 'poolId' }, 'NotSponsor');
  return send(ctx, tx, by, signer, tranchedPools(ctx), 'postCover', [p.poolId, p.amount]);
}

/** The sponsor takes back unused cover: at most what the contract's `coverWithdrawable` says is free now. */
export async function withdrawCover(ctx: ModuleContext, tx: Queryable, by: Principal, p: { poolId: Hex; amount: bigint }) {
  const signer = actingMember(by);
  const s = await existingPool(ctx, p.poolId);
  if (s.sponsor.toLowerCase() !== signer.toLowerCase()) throw new ForbiddenError(`only the sponsor of pool ${p.poolId} withdraws its cover`, { field: 'poolId' }, 'NotSponsor');
  const free = await chain.coverWithdrawable(ctx, p.poolId);
  if (p.amount > free) {
    throw new RuleViolationError('CoverLocked', `${free} of the cover is unused and may be withdrawn now, less than the ${p.amount} asked`, {
      field: 'amount', withdrawable: free.toString(), requested: p.amount.toString(),
    });
  }
  return send(ctx, tx, by, signer, tranchedPools(ctx), 'withdrawCover', [p.poolId, p.amount]);
}

export async function requestDeposit(ctx: ModuleContext, tx: Queryable, by: Principal, p: { poolId: Hex; tranche: chain.TrancheName; amount: bigint }) {
  const signer = actingMember(by);
  requireInvestor(by);
  await existingPool(ctx, p.poolId);
  const c = await chain.poolConfig(ctx, p.poolId);
  if (c.maturity * 1000 <= (await chainNow(ctx)) * 1000) throw new RuleViolationError('PoolMatured', `pool ${p.poolId} has matured`, { field: 'poolId' });
  return send(ctx, tx, by, signer, tranchedPools(ctx), 'requestDeposit', [p.poolId, chain.trancheIndex(p.tranche), p.amount]);
}

export async function requestRedeem(ctx: ModuleContext, tx: Queryable, by: Principal, p: { poolId: Hex; tranche: chain.TrancheName; shares: bigint }) {
  const signer = actingMember(by);
  await existingPool(ctx, p.poolId);
  const held = await chain.trancheShares(ctx, p.poolId, chain.trancheIndex(p.tranche), signer);
  if (held < p.shares) {
    throw new RuleViolationError('RedeemExceedsShares', `you hold ${held} shares of tranche ${p.tranche}, less than the ${p.shares} to redeem`, { field: 'shares', held: held.toString() });
  }
  return send(ctx, tx, by, signer, tranchedPools(ctx), 'requestRedeem', [p.poolId, chain.trancheIndex(p.tranche), p.shares]);
}

export async function claimOrder(ctx: ModuleContext, tx: Queryable, by: Principal, p: { poolId: Hex; tranche: chain.TrancheName; investor?: Address }) {
  const signer = actingMember(by);
  await existingPool(ctx, p.poolId);
  return send(ctx, tx, by, signer, tranchedPools(ctx), 'claim', [p.poolId, chain.trancheIndex(p.tranche), (p.investor ?? signer).toLowerCase()]);
}

/** The caller sells `face` units of its claim to the pool at the policy's price; the policy is checked first. */
export async function sellToPool(ctx: ModuleContext, tx: Queryable, by: Principal, p: { poolId: Hex; claimId: bigint; face: bigint; minPrice: bigint }) {
  const signer = actingMember(by);
  const s = await existingPool(ctx, p.poolId);
  const [terms, policy, config, now] = await Promise.all([chain.claimTerms(ctx, p.claimId), chain.poolPolicy(ctx, p.poolId), chain.poolConfig(ctx, p.poolId), chainNow(ctx)]);
  const outside = (rule: string, message: string) => new RuleViolationError('PurchaseOutsidePolicy', `the purchase breaks the pool's policy: ${message}`, { field: 'claimId', rule });
  if (terms.obligor === '0x0000000000000000000000000000000000000000' || terms.kind === 4) throw outside('claimKind', 'only obligation claims are bought');
  if (!(await chain.isEligible(ctx, p.poolId, terms.obligor))) throw outside('obligor', `obligor ${terms.obligor} is not eligible`);
  if (terms.dueDate <= now || terms.dueDate > config.maturity) throw outside('dueDate', 'the claim must be due after now and by the pool\'s maturity');
  const days = Math.ceil((terms.dueDate - now) / 86_400);
  if (days > policy.maxTenorDays) throw outside('maxTenorDays', `the claim is due in ${days} days, more than ${policy.maxTenorDays}`);
  const exposure = await chain.exposureOf(ctx, p.poolId, terms.obligor);
  if (exposure + p.face > policy.limitPerObligor) throw outside('limitPerObligor', `the pool would hold ${exposure + p.face} of this obligor, more than ${policy.limitPerObligor}`);
  const discount = (p.face * BigInt(policy.discountRateBps) * BigInt(days)) / (10_000n * DayCountBasis[terms.dayCount as 0 | 1]);
  if (discount * 10_000n < p.face * BigInt(policy.minDiscountBps)) throw outside('minDiscountBps', `a discount of ${discount} is below the minimum of ${policy.minDiscountBps} bps`);
  const price = p.face - discount;
  if (price > s.cash) throw new RuleViolationError('InsufficientCash', `pool ${p.poolId} has ${s.cash} of cash, less than the price ${price}`, { field: 'face' });
  return send(ctx, tx, by, signer, tranchedPools(ctx), 'sell', [p.poolId, p.claimId, p.face, p.minPrice]);
}

export async function closeEpoch(ctx: ModuleContext, tx: Queryable, by: Principal, p: { poolId: Hex }) {
  const signer = actingMember(by);
  const s = await existingPool(ctx, p.poolId);
  const c = await chain.poolConfig(ctx, p.poolId);
  const opensAt = s.lastClose + c.minEpochSeconds;
  if (s.sponsor.toLowerCase() !== signer.toLowerCase() && (await chainNow(ctx)) < opensAt) {
    throw new RuleViolationError('EpochTooEarly', `the epoch can be closed by anyone from ${new Date(opensAt * 1000).toISOString()} (by its sponsor at any time)`, { field: 'poolId' });
  }
  return send(ctx, tx, by, signer, tranchedPools(ctx), 'closeEpoch', [p.poolId]);
}

export const PROPOSAL_ACTIONS = ['valuation', 'write_off', 'policy', 'eligibility'] as const;

export async function propose(
  ctx: ModuleContext,
  tx: Queryable,
  by: Principal,
  p: { poolId: Hex; action: (typeof PROPOSAL_ACTIONS)[number]; assetIndex: number; value: bigint; obligorMemberId?: string; policy?: CreatePoolParameters['policy'] },
) {
  const signer = actingMember(by);
  await existingPool(ctx, p.poolId);
  const obligor = p.obligorMemberId ? ((await getMember(tx, p.obligorMemberId)).address as Address) : '0x0000000000000000000000000000000000000000';
  if (p.action === 'policy' && !p.policy) throw new RuleViolationError('PoolTermsInvalid', 'a policy proposal needs the new policy', { field: 'policy' });
  if (p.action === 'eligibility' && !p.obligorMemberId) throw new RuleViolationError('PoolTermsInvalid', 'an eligibility proposal names the obligor', { field: 'obligorMemberId' });
  if ((p.action === 'valuation' || p.action === 'write_off') && BigInt(p.assetIndex) >= (await chain.assetCount(ctx, p.poolId))) {
    throw new RuleViolationError('AssetUnknown', `pool ${p.poolId} holds no asset number ${p.assetIndex}`, { field: 'assetIndex', assetIndex: p.assetIndex });
  }
  const proposalId = await chain.proposalCount(ctx);
  const policy = p.policy ?? { discountRateBps: 0, minDiscountBps: 0, maxTenorDays: 0, limitPerObligor: 0n };
  const r = await send(ctx, tx, by, signer, poolGovernance(ctx), 'propose', [p.poolId, PROPOSAL_ACTIONS.indexOf(p.action), p.assetIndex, p.value, obligor, policy]);
  // The id the proposal gets if no other proposal lands first (the command's events tell the final one).
  return { ...r, expectedProposalId: proposalId.toString() };
}

async function openProposal(ctx: ModuleContext, proposalId: bigint) {
  if (proposalId >= (await chain.proposalCount(ctx))) throw new RuleViolationError('ProposalNotFound', `there is no proposal ${proposalId}`, { field: 'proposalId' });
  return chain.proposalOf(ctx, proposalId);
}

export async function vote(ctx: ModuleContext, tx: Queryable, by: Principal, p: { proposalId: bigint; support: boolean }) {
  const signer = actingMember(by);
  const proposal = await openProposal(ctx, p.proposalId);
  if ((await chainNow(ctx)) > proposal.deadline) {
    throw new RuleViolationError('VotingClosed', `voting on proposal ${p.proposalId} ended at ${new Date(proposal.deadline * 1000).toISOString()}`, { field: 'proposalId' });
  }
  if (await chain.hasVoted(ctx, p.proposalId, signer)) throw new RuleViolationError('AlreadyVoted', `you already voted on proposal ${p.proposalId}`, { field: 'proposalId' });
  if ((await chain.votingWeight(ctx, p.proposalId, signer)) === 0n) {
    throw new RuleViolationError('NoVotingWeight', `you held no shares of the pool at the proposal's snapshot (block ${proposal.snapshot})`, { field: 'proposalId' });
  }
  return send(ctx, tx, by, signer, poolGovernance(ctx), 'vote', [p.proposalId, p.support]);
}

export async function execute(ctx: ModuleContext, tx: Queryable, by: Principal, p: { proposalId: bigint }) {
  const signer = actingMember(by);
  await openProposal(ctx, p.proposalId);
  return send(ctx, tx, by, signer, poolGovernance(ctx), 'execute', [p.proposalId]);
}
