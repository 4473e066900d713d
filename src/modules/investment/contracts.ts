import { addressOf, type ContractPart } from '../../chain/contracts.ts';
import type { RevertExplanations } from '../../chain/decodeRevert.ts';
import type { ModuleContext } from '../../platform/context.ts';
import {
  p2PListingsAbi,
  p2PListingsBytecode,
  poolGovernanceAbi,
  poolGovernanceBytecode,
  tranchedPoolsAbi,
  tranchedPoolsBytecode,
} from './generated/index.ts';

/**
 * Investment (contracts/investment/): peer-to-peer listings (P2PListings), tranched pools (TranchedPools) and the
 * holders' vote on pools (PoolGovernance). Listings and pools issue investment claims on the same ledger, hold
 * obligation claims in escrow and XT: the registry knows them as platform contracts. Governance is the one caller
 * of the pools' valuation, write-off and policy changes.
 */
export const investmentContracts: ContractPart = {
  logical: [
    { name: 'P2PListings', abi: p2PListingsAbi },
    { name: 'TranchedPools', abi: tranchedPoolsAbi },
    { name: 'PoolGovernance', abi: poolGovernanceAbi },
  ],
  deploy: [
    {
      name: 'P2PListings',
      abi: p2PListingsAbi,
      bytecode: p2PListingsBytecode,
      serves: ['P2PListings'],
      needs: ['ClaimLedger', 'MemberRegistry', 'Receivables', 'SettlementToken'],
      args: ({ deployed }) => [deployed.ClaimLedger, deployed.MemberRegistry, deployed.Receivables, deployed.SettlementToken],
    },
    {
      name: 'TranchedPools',
      abi: tranchedPoolsAbi,
      bytecode: tranchedPoolsBytecode,
      serves: ['TranchedPools'],
      needs: ['ClaimLedger', 'MemberRegistry', 'Receivables', 'SettlementToken'],
      args: ({ deployed }) => [deployed.ClaimLedger, deployed.MemberRegistry, deployed.Receivables, deployed.SettlementToken],
    },
    {
      name: 'PoolGovernance',
      abi: poolGovernanceAbi,
      bytecode: poolGovernanceBytecode,
      serves: ['PoolGovernance'],
      needs: ['ClaimLedger', 'TranchedPools'],
      args: ({ deployed }) => [deployed.ClaimLedger, deployed.TranchedPools],
    },
  ],
  configure: [
    {
      describe: (d) => `registered P2PListings ${d.P2PListings} as a platform contract`,
      contract: 'MemberRegistry',
      functionName: 'setSystemAccount',
      args: (d) => [d.P2PListings, true],
    },
    {
      describe: (d) => `registered TranchedPools ${d.TranchedPools} as a platform contract`,
      contract: 'MemberRegistry',
      functionName: 'setSystemAccount',
      args: (d) => [d.TranchedPools, true],
    },
    {
      describe: (d) => `named PoolGovernance ${d.PoolGovernance} the pools' governance`,
      contract: 'TranchedPools',
      functionName: 'setGovernance',
      args: (d) => [d.PoolGovernance],
    },
  ],
};

export const p2pListings = (ctx: Pick<ModuleContext, 'deployment'>) =>
  ({ name: 'P2PListings', address: addressOf(ctx.deployment, 'P2PListings'), abi: p2PListingsAbi }) as const;
export const tranchedPools = (ctx: Pick<ModuleContext, 'deployment'>) =>
  ({ name: 'TranchedPools', address: addressOf(ctx.deployment, 'TranchedPools'), abi: tranchedPoolsAbi }) as const;
export const poolGovernance = (ctx: Pick<ModuleContext, 'deployment'>) =>
  ({ name: 'PoolGovernance', address: addressOf(ctx.deployment, 'PoolGovernance'), abi: poolGovernanceAbi }) as const;

const s = (v: unknown) => String(v);
const date = (v: unknown) => new Date(Number(v) * 1000).toISOString().slice(0, 19).replace('T', ' ');
const LISTING_STATUS = ['none', 'open', 'funded', 'failed', 'settled'];
const status = (v: unknown) => LISTING_STATUS[Number(v)] ?? s(v);

/** The investment contracts' custom errors in words. */
export const investmentExplanations: RevertExplanations = {
  ListingExists: (a) => `listing ${s(a.listingId)} already exists`,
  ListingNotFound: (a) => `there is no listing ${s(a.listingId)}`,
  ListingTermsInvalid: (a) => `the listing's ${s(a.field)} is not valid`,
  ListingNotOpen: (a) => `listing ${s(a.listingId)} is ${status(a.status)}, not open for funding`,
  ListingDeadlinePassed: (a) => `listing ${s(a.listingId)} closed for funding at ${date(a.deadline)}`,
  ListingDeadlineNotReached: (a) => `listing ${s(a.listingId)} is open until ${date(a.deadline)}; nothing can be refunded before`,
  FundingExceedsTarget: (a) => `listing ${s(a.listingId)} needs ${s(a.remaining)} more; ${s(a.amount)} cannot be funded (at least 1, at most that)`,
  NotInvestor: (a) => `${s(a.account)} is not a certified investor (the FUNDER role)`,
  ListingNotFunded: (a) => `listing ${s(a.listingId)} is ${status(a.status)}: nothing is collected or paid out before it is funded`,
  NothingToPay: (a) => `nothing is due to ${s(a.investor)} from listing ${s(a.listingId)} now`,
  ClaimAlreadyListed: (a) => `claim ${s(a.claimId)} is already listed (listing ${s(a.listingId)})`,
  PoolExists: (a) => `pool ${s(a.poolId)} already exists`,
  PoolNotFound: (a) => `there is no pool ${s(a.poolId)}`,
  PoolTermsInvalid: (a) => `the pool's ${s(a.field)} is not valid`,
  PoolMatured: (a) => `pool ${s(a.poolId)} matured at ${date(a.maturity)}: it takes no more deposits or purchases`,
  NotSponsor: (a) => `${s(a.caller)} is not the sponsor of pool ${s(a.poolId)}`,
  TrancheInvalid: (a) => `tranche ${s(a.tranche)} does not exist (0 = A, 1 = B, 2 = C)`,
  RedeemExceedsShares: (a) => `the holding of tranche ${s(a.tranche)} is ${s(a.shares)} shares, less than the ${s(a.requested)} to redeem`,
  PurchaseOutsidePolicy: (a) => `the purchase breaks pool ${s(a.poolId)}'s policy: ${s(a.rule)}`,
  InsufficientCash: (a) => `pool ${s(a.poolId)} has ${s(a.cash)} of cash, less than the price ${s(a.price)}`,
  NothingToClaim: (a) => `${s(a.investor)} has no executed request in tranche ${s(a.tranche)} of pool ${s(a.poolId)}`,
  EpochTooEarly: (a) => `the epoch of pool ${s(a.poolId)} can be closed by anyone from ${date(a.opensAt)} (by its sponsor at any time)`,
  NotGovernance: (a) => `${s(a.caller)} is not the pools' governance`,
  GovernanceAlreadySet: (a) => `the pools' governance is already ${s(a.governance)}`,
  CoverLocked: (a) => `only ${s(a.withdrawable)} of the cover is unused and may be withdrawn now; ${s(a.requested)} was asked`,
  AssetUnknown: (a) => `pool ${s(a.poolId)} holds no asset number ${s(a.assetIndex)}`,
  ProposalNotFound: (a) => `there is no proposal ${s(a.proposalId)}`,
  NoVotingWeight: (a) => `${s(a.voter)} held no shares of the pool at the proposal's snapshot (block ${s(a.snapshot)})`,
  VotingClosed: (a) => `voting on proposal ${s(a.proposalId)} ended at ${date(a.deadline)}`,
  VotingOpen: (a) => `proposal ${s(a.proposalId)} is open for votes until ${date(a.deadline)}`,
  AlreadyVoted: (a) => `${s(a.voter)} already voted on proposal ${s(a.proposalId)}`,
  QuorumNotReached: (a) => `proposal ${s(a.proposalId)} has ${s(a.votes)} of voting weight cast; the quorum is ${s(a.needed)}`,
  ThresholdNotReached: (a) => `proposal ${s(a.proposalId)} has ${s(a.forVotes)} for; it needs ${s(a.needed)}`,
  ProposalAlreadyExecuted: (a) => `proposal ${s(a.proposalId)} was already executed`,
  NotPoolHolder: (a) => `${s(a.account)} held no shares of pool ${s(a.poolId)} at the snapshot, so it cannot propose`,
};
