/**
 * What the pool and governance pre-checks read on-chain, so a refused request is a clear 4xx at once; the contracts
 * still decide (a lost race is a failed command with the same error name).
 */
import type { Address, Hex } from 'viem';
import { chainRead } from '../../chain/reads.ts';
import type { ModuleContext } from '../../platform/context.ts';
import { poolGovernance, tranchedPools } from './contracts.ts';
import { claimLedgerAbi } from '../claims/index.ts';
import { addressOf } from '../../chain/contracts.ts';

export const TRANCHES = ['A', 'B', 'C'] as const;
export type TrancheName = (typeof TRANCHES)[number];
export const trancheIndex = (t: TrancheName) => TRANCHES.indexOf(t);

const read = <T>(ctx: ModuleContext, p: { address: Address; abi: readonly unknown[]; functionName: string; args: readonly unknown[] }) =>
  chainRead(ctx, ctx.client.readContract(p as never) as Promise<T>);

export const poolState = (ctx: ModuleContext, poolId: Hex) => {
  const c = tranchedPools(ctx);
  return read<{ sponsor: Address; epoch: number; lastClose: number; cash: bigint; reserved: bigint; pendingDeposits: bigint; cover: bigint; nav: bigint }>(ctx, {
    address: c.address, abi: c.abi, functionName: 'pool', args: [poolId],
  });
};

export const poolConfig = (ctx: ModuleContext, poolId: Hex) => {
  const c = tranchedPools(ctx);
  return read<{ maturity: number; minEpochSeconds: number; votingSeconds: number }>(ctx, { address: c.address, abi: c.abi, functionName: 'config', args: [poolId] });
};

export const coverWithdrawable = (ctx: ModuleContext, poolId: Hex) => {
  const c = tranchedPools(ctx);
  return read<bigint>(ctx, { address: c.address, abi: c.abi, functionName: 'coverWithdrawable', args: [poolId] });
};

export const assetCount = (ctx: ModuleContext, poolId: Hex) => {
  const c = tranchedPools(ctx);
  return read<bigint>(ctx, { address: c.address, abi: c.abi, functionName: 'assetCount', args: [poolId] });
};

export const poolPolicy = (ctx: ModuleContext, poolId: Hex) => {
  const c = tranchedPools(ctx);
  return read<{ discountRateBps: number; minDiscountBps: number; maxTenorDays: number; limitPerObligor: bigint }>(ctx, {
    address: c.address, abi: c.abi, functionName: 'policy', args: [poolId],
  });
};

export const isEligible = (ctx: ModuleContext, poolId: Hex, obligor: Address) => {
  const c = tranchedPools(ctx);
  return read<boolean>(ctx, { address: c.address, abi: c.abi, functionName: 'eligible', args: [poolId, obligor] });
};

export const exposureOf = (ctx: ModuleContext, poolId: Hex, obligor: Address) => {
  const c = tranchedPools(ctx);
  return read<bigint>(ctx, { address: c.address, abi: c.abi, functionName: 'exposure', args: [poolId, obligor] });
};

export const trancheShares = async (ctx: ModuleContext, poolId: Hex, tranche: number, holder: Address) => {
  const c = tranchedPools(ctx);
  const id = await read<bigint>(ctx, { address: c.address, abi: c.abi, functionName: 'trancheId', args: [poolId, tranche] });
  return read<bigint>(ctx, { address: addressOf(ctx.deployment, 'ClaimLedger'), abi: claimLedgerAbi, functionName: 'balanceOf', args: [holder, id] });
};

export const claimTerms = (ctx: ModuleContext, claimId: bigint) =>
  read<{ obligor: Address; dueDate: number; kind: number; dayCount: number }>(ctx, {
    address: addressOf(ctx.deployment, 'ClaimLedger'), abi: claimLedgerAbi, functionName: 'terms', args: [claimId],
  });

export const proposalOf = (ctx: ModuleContext, proposalId: bigint) => {
  const c = poolGovernance(ctx);
  return read<{ poolId: Hex; deadline: number; snapshot: number }>(ctx, { address: c.address, abi: c.abi, functionName: 'proposal', args: [proposalId] });
};

export const proposalCount = (ctx: ModuleContext) => {
  const c = poolGovernance(ctx);
  return read<bigint>(ctx, { address: c.address, abi: c.abi, functionName: 'proposalCount', args: [] });
};

export const votingWeight = (ctx: ModuleContext, proposalId: bigint, voter: Address) => {
  const c = poolGovernance(ctx);
  return read<bigint>(ctx, { address: c.address, abi: c.abi, functionName: 'weightOf', args: [proposalId, voter] });
};

export const hasVoted = (ctx: ModuleContext, proposalId: bigint, voter: Address) => {
  const c = poolGovernance(ctx);
  return read<boolean>(ctx, { address: c.address, abi: c.abi, functionName: 'hasVoted', args: [proposalId, voter] });
};
