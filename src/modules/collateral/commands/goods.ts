/** Goods: a certified verifier registers and revalues them; their owner moves them (never while they are locked). */
import { randomUUID } from 'node:crypto';
import type { Address, Hex } from 'viem';
import type { Queryable } from '../../../db/database.ts';
import { contractCall, enqueueCommands } from '../../../ledger/commands.ts';
import { ConflictError, ForbiddenError, NotFoundError, RuleViolationError, ValidationError } from '../../../common/errors.ts';
import type { ModuleContext } from '../../../platform/context.ts';
import { getMember, requireActingUser, requireActiveMember, type Principal } from '../../identity/index.ts';
import { idHex, ZERO_BYTES32 } from '../../claims/index.ts';
import { goodsIdFor, goodsOnChain, lotUsedBy, receiptUsedBy } from '../chain.ts';
import { goodsToken } from '../contracts.ts';

export interface RegisterGoodsParameters {
  ownerMemberId: string;
  classId: number;
  quantity: bigint;
  unit: string;
  description: string;
  location: string;
  receipt?: string;
  lot?: string;
  documentsHash?: Hex;
  value: bigint;
}

/** Receipt and lot numbers are compared as written, after trimming and upper-casing (`wr-1 ` is `WR-1`). */
export const normalizeIdentifier = (v: string | undefined) => (v ?? '').trim().toUpperCase();

/** A certified verifier registers goods for their owner; the same receipt, or lot under one verifier, only once. */
export async function registerGoods(ctx: ModuleContext, tx: Queryable, by: Principal, p: RegisterGoodsParameters) {
  if (!by.memberRoles.includes('verifier')) throw new ForbiddenError('only a certified verifier (warehouse, appraiser) can register goods');
  requireActingUser(by);
  await requireActiveMember(tx, by);
  const receipt = normalizeIdentifier(p.receipt);
  const lot = normalizeIdentifier(p.lot);
  if (!receipt && !lot) throw new ValidationError('body.receipt', 'a warehouse receipt number or a serial/lot number is required');
  const owner = await getMember(tx, p.ownerMemberId);
  if (owner.status !== 'certified') throw new RuleViolationError('GoodsOwnerNotMember', `${owner.name} is ${owner.status}, not a certified member, and cannot own goods`, { field: 'ownerMemberId' });
  if (receipt) {
    const used = await receiptUsedBy(ctx, receipt);
    if (used !== 0n) throw new ConflictError('GoodsReceiptUsed', `warehouse receipt ${receipt} already backs goods ${idHex(used)}: the same goods cannot be registered twice`, { field: 'receipt', goodsId: idHex(used) });
  }
  if (lot) {
    const used = await lotUsedBy(ctx, by.memberAddress, lot);
    if (used !== 0n) throw new ConflictError('GoodsLotUsed', `lot ${lot} is already registered by you as goods ${idHex(used)}`, { field: 'lot', goodsId: idHex(used) });
  }
  const goodsId = idHex(goodsIdFor(by.memberAddress as Address, receipt, lot));
  const id = randomUUID();
  await tx.query(
    `INSERT INTO goods_texts (goods_id, unit, description, location, receipt, lot, command_id) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (goods_id) DO UPDATE SET unit = EXCLUDED.unit, description = EXCLUDED.description, location = EXCLUDED.location, command_id = EXCLUDED.command_id`,
    [goodsId, p.unit.trim(), p.description.trim(), p.location.trim(), receipt, lot, id],
  );
  const commandIds = await enqueueCommands(tx, [
    contractCall({
      id,
      kind: 'collateral.registerGoods',
      signer: by.memberAddress as Address,
      target: goodsToken(ctx),
      functionName: 'register',
      args: [{
        owner: owner.address as Address, classId: p.classId, quantity: p.quantity, unit: p.unit.trim(), description: p.description.trim(), location: p.location.trim(),
        receipt, lot, documentsHash: p.documentsHash ?? ZERO_BYTES32, value: p.value,
      }],
      requestedBy: by.userId,
    }),
  ]);
  return { commandIds, goodsId };
}

async function requireGoods(ctx: ModuleContext, goodsId: string) {
  const g = await goodsOnChain(ctx, BigInt(goodsId));
  if (!g) throw new NotFoundError('goods', goodsId);
  return g;
}

/** A certified verifier values goods again (the vault's coverage and margin calls follow the latest valuation). */
export async function revalueGoods(ctx: ModuleContext, tx: Queryable, by: Principal, goodsId: string, value: bigint) {
  if (!by.memberRoles.includes('verifier')) throw new ForbiddenError('only a certified verifier can value goods');
  requireActingUser(by);
  await requireGoods(ctx, goodsId);
  const commandIds = await enqueueCommands(tx, [
    contractCall({ kind: 'collateral.revalueGoods', signer: by.memberAddress as Address, target: goodsToken(ctx), functionName: 'revalue', args: [BigInt(goodsId), value], requestedBy: by.userId }),
  ]);
  return { commandIds };
}

/** The owner hands goods to another certified member; locked goods do not move. */
export async function transferGoods(ctx: ModuleContext, tx: Queryable, by: Principal, goodsId: string, toMemberId: string) {
  requireActingUser(by);
  await requireActiveMember(tx, by);
  const g = await requireGoods(ctx, goodsId);
  if (g.owner !== by.memberAddress) throw new RuleViolationError('NotGoodsOwner', 'only the owner of goods can transfer them', { field: 'goodsId' });
  if (g.locked) throw new ConflictError('GoodsLocked', `goods ${goodsId} are locked in the collateral vault; they move only when released or liquidated`, { field: 'goodsId' });
  const to = await getMember(tx, toMemberId);
  if (to.status !== 'certified') throw new RuleViolationError('GoodsRecipientNotMember', `${to.name} is not a certified member and cannot receive goods`, { field: 'toMemberId' });
  if (to.address === by.memberAddress) throw new RuleViolationError('self_transfer', 'the goods are already yours', { field: 'toMemberId' });
  const commandIds = await enqueueCommands(tx, [
    contractCall({ kind: 'collateral.transferGoods', signer: by.memberAddress as Address, target: goodsToken(ctx), functionName: 'transferFrom', args: [g.owner, to.address as Address, BigInt(goodsId)], requestedBy: by.userId }),
  ]);
  return { commandIds };
}
