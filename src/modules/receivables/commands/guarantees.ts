/**
 * Guarantees of credit lines (Receivables.proposeGuarantee / acceptGuarantee / withdrawGuarantee): whoever manages
 * a core enterprise's credit line — the operator, or the funder that granted it — names a certified guarantor;
 * the guarantee takes effect only when the guarantor accepts it on-chain (a guarantee without its consent means
 * nothing). Claims issued while it is active record the guarantor, who may then pay into their settlement
 * (POST /v1/claims/{id}/payments) and reads them like their obligor. Either the line's manager or the guarantor
 * withdraws it; claims already issued keep their guarantor.
 */
import type { Address } from 'viem';
import type { Queryable } from '../../../db/database.ts';
import { contractCall, enqueueCommands } from '../../../ledger/commands.ts';
import { ConflictError, ForbiddenError, RuleViolationError } from '../../../common/errors.ts';
import type { ModuleContext } from '../../../platform/context.ts';
import { getMember, getMemberByAddress, hasRole, requireActingUser, type Principal } from '../../identity/index.ts';
import { creditProviderOf, guaranteeOf } from '../chain.ts';
import { receivables } from '../contracts.ts';

/** True when `by` manages `obligor`'s credit line: the operator, or the certified funder that granted it. */
async function managesLine(ctx: ModuleContext, by: Principal, obligor: string): Promise<boolean> {
  if (by.isOperator) return true;
  if (!by.memberRoles.includes('funder')) return false;
  return (await creditProviderOf(ctx, obligor)) === by.memberAddress;
}

function guaranteeCall(ctx: ModuleContext, by: Principal, kind: string, functionName: string, args: readonly unknown[]) {
  return contractCall({
    kind,
    signer: (by.isOperator ? ctx.operator : by.memberAddress) as Address,
    target: receivables(ctx),
    functionName,
    args,
    requestedBy: by.userId,
  });
}

/** The line's manager names a guarantor on `obligorMemberId`'s credit line; it awaits the guarantor's acceptance. */
export async function proposeGuarantee(ctx: ModuleContext, tx: Queryable, by: Principal, p: { obligorMemberId: string; guarantorMemberId: string }) {
  requireActingUser(by);
  const obligor = await getMember(tx, p.obligorMemberId);
  const guarantor = await getMember(tx, p.guarantorMemberId);
  if (!(await managesLine(ctx, by, obligor.address))) {
    throw new ForbiddenError(`only the operator or the funder that granted the credit line of ${obligor.name} can name its guarantor`, { reason: 'not_line_manager' });
  }
  if (guarantor.address === obligor.address) {
    throw new RuleViolationError('guarantor_is_obligor', 'a core enterprise cannot guarantee its own credit line', { field: 'guarantorMemberId' });
  }
  if (!(await hasRole(ctx, guarantor.address, 'guarantor'))) {
    throw new RuleViolationError('guarantor_role_required', `${guarantor.name} is not a certified guarantor`, { field: 'guarantorMemberId' });
  }
  const current = await guaranteeOf(ctx, obligor.address);
  if (current.status === 'active') {
    const holder = await getMemberByAddress(tx, current.guarantor!);
    throw new ConflictError('guarantee_already_active', `the credit line of ${obligor.name} is already guaranteed by ${holder?.name ?? current.guarantor}; withdraw that guarantee first`, {
      guarantorMemberId: holder?.id ?? null,
    });
  }
  const commandIds = await enqueueCommands(tx, [guaranteeCall(ctx, by, 'guarantee.propose', 'proposeGuarantee', [obligor.address, guarantor.address])]);
  return { obligorMemberId: obligor.id, guarantorMemberId: guarantor.id, status: 'proposed' as const, commandIds };
}

/** The proposed guarantor accepts: claims issued on the line from then on are guaranteed by it. */
export async function acceptGuarantee(ctx: ModuleContext, tx: Queryable, by: Principal, p: { obligorMemberId: string }) {
  requireActingUser(by);
  const obligor = await getMember(tx, p.obligorMemberId);
  const current = await guaranteeOf(ctx, obligor.address);
  if (current.status === 'none' || current.guarantor !== by.memberAddress) {
    throw new ForbiddenError(`no guarantee of the credit line of ${obligor.name} is proposed to your enterprise`, { reason: 'guarantee_not_proposed' });
  }
  if (current.status === 'active') throw new ConflictError('guarantee_already_active', `your enterprise already guarantees the credit line of ${obligor.name}`);
  if (!by.memberRoles.includes('guarantor')) {
    throw new ForbiddenError('only a certified guarantor can accept a guarantee', { requiredRole: 'guarantor' });
  }
  const commandIds = await enqueueCommands(tx, [guaranteeCall(ctx, by, 'guarantee.accept', 'acceptGuarantee', [obligor.address])]);
  return { obligorMemberId: obligor.id, guarantorMemberId: by.memberId, status: 'active' as const, commandIds };
}

/** The line's manager or the guarantor ends a proposed or active guarantee, for future issuance. */
export async function withdrawGuarantee(ctx: ModuleContext, tx: Queryable, by: Principal, p: { obligorMemberId: string }) {
  requireActingUser(by);
  const obligor = await getMember(tx, p.obligorMemberId);
  const current = await guaranteeOf(ctx, obligor.address);
  if (current.status === 'none') throw new ConflictError('no_guarantee', `the credit line of ${obligor.name} has no guarantee, proposed or active`);
  if (current.guarantor !== by.memberAddress && !(await managesLine(ctx, by, obligor.address))) {
    throw new ForbiddenError('only the guarantor or the manager of the credit line (the operator, or the funder that granted it) can withdraw its guarantee', {
      reason: 'not_guarantee_party',
    });
  }
  const guarantor = await getMemberByAddress(tx, current.guarantor!);
  const commandIds = await enqueueCommands(tx, [guaranteeCall(ctx, by, 'guarantee.withdraw', 'withdrawGuarantee', [obligor.address])]);
  return { obligorMemberId: obligor.id, guarantorMemberId: guarantor?.id ?? null, status: 'withdrawn' as const, wasActive: current.status === 'active', commandIds };
}
