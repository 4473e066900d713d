/**
 * What the collateral use cases read on-chain before they enqueue anything, and the ids computed as the contracts
 * compute them (so an id is answered at once). The contracts still decide: a race shows up as a failed command.
 */
import { encodeAbiParameters, keccak256, type Address, type Hex } from 'viem';
import { chainRead } from '../../chain/reads.ts';
import type { ModuleContext } from '../../platform/context.ts';
import { claimPledges, collateralVault, goodsToken } from './contracts.ts';

/** GoodsToken.goodsIdFor: keccak256(abi.encode(verifier, receipt, lot)). */
export const goodsIdFor = (verifier: Address, receipt: string, lot: string): bigint =>
  BigInt(keccak256(encodeAbiParameters([{ type: 'address' }, { type: 'string' }, { type: 'string' }], [verifier, receipt, lot])));

/** CollateralVault.drawIdFor: keccak256(abi.encode(positionId, index)). */
export const drawIdFor = (positionId: Hex, index: number): bigint =>
  BigInt(keccak256(encodeAbiParameters([{ type: 'bytes32' }, { type: 'uint8' }], [positionId, index])));

/** Position statuses as ICollateralVault.PositionStatus numbers them. */
export const positionStatuses = ['none', 'open', 'defaulted', 'liquidated', 'released'] as const;
export type PositionStatusName = (typeof positionStatuses)[number];

/** Collateral kinds of a class, as IClaimLedger.Kind numbers them (the CTs drawn get that kind). */
export const collateralKinds = { inventory: 1, pledge: 2, margin: 3 } as const;
export type CollateralKindName = keyof typeof collateralKinds;

/** The receipt already backs goods (0 when not). */
export const receiptUsedBy = (ctx: ModuleContext, receipt: string) =>
  chainRead(ctx, ctx.client.readContract({ ...goodsToken(ctx), functionName: 'receiptUsedBy', args: [keccak256(new TextEncoder().encode(receipt))] }));

/** The lot already registered by `verifier` (0 when not). */
export const lotUsedBy = (ctx: ModuleContext, verifier: string, lot: string) =>
  chainRead(ctx, ctx.client.readContract({ ...goodsToken(ctx), functionName: 'lotUsedBy', args: [verifier as Address, keccak256(new TextEncoder().encode(lot))] }));

/** The goods as GoodsToken stores them, with their owner; null when unknown. */
export async function goodsOnChain(ctx: ModuleContext, id: bigint) {
  const g = await chainRead(ctx, ctx.client.readContract({ ...goodsToken(ctx), functionName: 'goods', args: [id] }));
  if (BigInt(g.verifier) === 0n) return null;
  const owner = await chainRead(ctx, ctx.client.readContract({ ...goodsToken(ctx), functionName: 'ownerOf', args: [id] }));
  return { ...g, owner: owner.toLowerCase() as Address };
}

/** The position on-chain; null when unknown. */
export async function positionOnChain(ctx: ModuleContext, positionId: Hex) {
  const p = await chainRead(ctx, ctx.client.readContract({ ...collateralVault(ctx), functionName: 'position', args: [positionId] }));
  if (p.status === 0) return null;
  return { ...p, pledgor: p.pledgor.toLowerCase() as Address, statusName: positionStatuses[p.status] ?? 'none' };
}

/** The receivable claim pledged to a position (claimId 0 when none). */
export const pledgedClaimOnChain = (ctx: ModuleContext, positionId: Hex) =>
  chainRead(ctx, ctx.client.readContract({ ...claimPledges(ctx), functionName: 'pledgedClaim', args: [positionId] }));

/** The live position `holder`'s holding of `claimId` backs (zero bytes when none). */
export const positionOfClaimOnChain = (ctx: ModuleContext, claimId: bigint, holder: Address) =>
  chainRead(ctx, ctx.client.readContract({ ...claimPledges(ctx), functionName: 'positionOfClaim', args: [claimId, holder] }));

/** Goods added to a position after its lock. */
export const addedGoodsOnChain = (ctx: ModuleContext, positionId: Hex) =>
  chainRead(ctx, ctx.client.readContract({ ...collateralVault(ctx), functionName: 'addedGoods', args: [positionId] }));

/** The class's parameters on-chain (`active` false when never set). */
export const classOnChain = (ctx: ModuleContext, classId: number) =>
  chainRead(ctx, ctx.client.readContract({ ...collateralVault(ctx), functionName: 'collateralClass', args: [classId] }));

/** The draw's settlement state on-chain (face 0 when `id` is no draw). */
export const drawOnChain = (ctx: ModuleContext, id: bigint) => chainRead(ctx, ctx.client.readContract({ ...collateralVault(ctx), functionName: 'drawOf', args: [id] }));

/** What is owed on a draw now: principal and late interest. */
export async function owedOnChain(ctx: ModuleContext, id: bigint): Promise<{ principal: bigint; interest: bigint }> {
  const [principal, interest] = await chainRead(ctx, ctx.client.readContract({ ...collateralVault(ctx), functionName: 'owed', args: [id] }));
  return { principal, interest };
}

/** Debt, collateral value and their ratio in bps now. */
export async function coverageOnChain(ctx: ModuleContext, positionId: Hex): Promise<{ debt: bigint; value: bigint; ratioBps: bigint }> {
  const [debt, value, ratioBps] = await chainRead(ctx, ctx.client.readContract({ ...collateralVault(ctx), functionName: 'coverage', args: [positionId] }));
  return { debt, value, ratioBps };
}

/** The auction's round on-chain and its price in the latest block. */
export async function auctionOnChain(ctx: ModuleContext, positionId: Hex) {
  const [a, price] = await Promise.all([
    chainRead(ctx, ctx.client.readContract({ ...collateralVault(ctx), functionName: 'auction', args: [positionId] })),
    chainRead(ctx, ctx.client.readContract({ ...collateralVault(ctx), functionName: 'auctionPrice', args: [positionId] })),
  ]);
  return { ...a, price };
}
