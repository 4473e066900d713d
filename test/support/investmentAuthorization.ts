/**
 * The investment contracts' rows of the on-chain authorization matrix (test/authorization.test.ts): what a fresh
 * outside account meets calling each state-changing function of P2PListings, TranchedPools and PoolGovernance.
 */
import { zeroAddress, type Address, type Hex } from 'viem';
import type { AuthorizationFixture } from './authorization.ts';

type Gate = 'owner' | 'certifier' | 'member role' | 'platform contract' | 'named party' | 'open';
interface ChainRow {
  gate: Gate;
  args: (f: AuthorizationFixture, outsider: Address) => readonly unknown[];
  expect: ((f: AuthorizationFixture, outsider: Address) => [string, Record<string, unknown>?]) | 'succeeds';
}

const poolPolicy = { discountRateBps: 100, minDiscountBps: 0, maxTenorDays: 90, limitPerObligor: 1n };
const poolConfig = (consortiumId: Hex) => ({
  consortiumId, maturity: 4_000_000_000, minEpochSeconds: 1, dayCount: 0, targetYieldBps: [100, 200, 300], quorumBps: 1, thresholdBps: 1, votingSeconds: 1, minSubordinationBps: 0, minCoverBps: 0,
});

export function investmentChainRows(ref: (label: string) => Hex): Record<string, Record<string, ChainRow>> {
  const caller = (name: string) => (_f: AuthorizationFixture, o: Address) => [name, { caller: o }] as [string, Record<string, unknown>];
  const account = (name: string) => (_f: AuthorizationFixture, o: Address) => [name, { account: o }] as [string, Record<string, unknown>];
  return {
    // Investment venues: an outsider meets the listing's or pool's existence, its role, or the governance gate.
    P2PListings: {
      list: { gate: 'open', args: (f) => [ref('listing'), BigInt(f.claim), 1n, 1n, 4_000_000_000], expect: (_f) => ['ListingTermsInvalid', { field: 'deadline' }] },
      fund: { gate: 'member role', args: () => [ref('no-listing'), 1n], expect: () => ['ListingNotFound', { listingId: ref('no-listing') }] },
      refund: { gate: 'open', args: (_f, o) => [ref('no-listing'), o], expect: () => ['ListingNotFound', { listingId: ref('no-listing') }] },
      collect: { gate: 'open', args: () => [ref('no-listing')], expect: () => ['ListingNotFound', { listingId: ref('no-listing') }] },
      claim: { gate: 'open', args: (_f, o) => [ref('no-listing'), o], expect: () => ['ListingNotFound', { listingId: ref('no-listing') }] },
    },
    TranchedPools: {
      createPool: { gate: 'member role', args: (f) => [ref('pool'), poolConfig(f.consortium), poolPolicy, []], expect: account('NotInvestor') },
      postCover: { gate: 'named party', args: () => [ref('no-pool'), 1n], expect: () => ['PoolNotFound', { poolId: ref('no-pool') }] },
      withdrawCover: { gate: 'named party', args: () => [ref('no-pool'), 1n], expect: () => ['PoolNotFound', { poolId: ref('no-pool') }] },
      requestDeposit: { gate: 'member role', args: () => [ref('no-pool'), 0, 1n], expect: () => ['PoolNotFound', { poolId: ref('no-pool') }] },
      requestRedeem: { gate: 'open', args: () => [ref('no-pool'), 0, 1n], expect: () => ['PoolNotFound', { poolId: ref('no-pool') }] },
      claim: { gate: 'open', args: (_f, o) => [ref('no-pool'), 0, o], expect: () => ['PoolNotFound', { poolId: ref('no-pool') }] },
      sell: { gate: 'open', args: (f) => [ref('no-pool'), BigInt(f.claim), 1n, 0n], expect: () => ['PoolNotFound', { poolId: ref('no-pool') }] },
      closeEpoch: { gate: 'open', args: () => [ref('no-pool')], expect: () => ['PoolNotFound', { poolId: ref('no-pool') }] },
      setGovernance: { gate: 'owner', args: (_f, o) => [o], expect: caller('NotGovernance') },
      setValuation: { gate: 'platform contract', args: () => [ref('no-pool'), 0, 1n], expect: caller('NotGovernance') },
      writeOff: { gate: 'platform contract', args: () => [ref('no-pool'), 0], expect: caller('NotGovernance') },
      setPolicy: { gate: 'platform contract', args: () => [ref('no-pool'), poolPolicy], expect: caller('NotGovernance') },
      setEligible: { gate: 'platform contract', args: (_f, o) => [ref('no-pool'), o, true], expect: caller('NotGovernance') },
    },
    PoolGovernance: {
      propose: { gate: 'named party', args: () => [ref('no-pool'), 0, 0, 0n, zeroAddress, poolPolicy], expect: () => ['PoolNotFound', { poolId: ref('no-pool') }] },
      // The fixture's pool has proposal 0: an outsider held no shares at its snapshot; it is still open.
      vote: { gate: 'named party', args: () => [0n, true], expect: (_f, o) => ['NoVotingWeight', { proposalId: '0', voter: o }] },
      execute: { gate: 'open', args: () => [0n], expect: () => ['VotingOpen', { proposalId: '0' }] },
    },
  };
}
