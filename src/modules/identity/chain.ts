/** What other modules' pre-checks read of a member's standing on-chain, and the role guards of the API. */
import type { Address, Hex } from 'viem';
import { chainRead } from '../../chain/reads.ts';
import { ForbiddenError, RuleViolationError } from '../../common/errors.ts';
import type { ModuleContext } from '../../platform/context.ts';
import type { Principal } from './apiKeys.ts';
import { consortiumRegistry, memberRegistry } from './contracts.ts';
import { memberRoles, type MemberRole } from './roles.ts';

/** `account` is an active member of `consortiumId` (ConsortiumRegistry.isMember). */
export const isConsortiumMember = (ctx: ModuleContext, consortiumId: Hex, account: string) =>
  chainRead(ctx, ctx.client.readContract({ ...consortiumRegistry(ctx), functionName: 'isMember', args: [consortiumId, account as Address] }));

/** `account` is certified with `role` (MemberRegistry.hasRoles). */
export const hasRole = (ctx: ModuleContext, account: string, role: MemberRole) =>
  chainRead(ctx, ctx.client.readContract({ ...memberRegistry(ctx), functionName: 'hasRoles', args: [account as Address, BigInt(memberRoles[role])] }));

/** `account` may hold value on-chain: certified, not suspended or revoked (MemberRegistry.canHold). */
export const canHold = (ctx: ModuleContext, account: string) =>
  chainRead(ctx, ctx.client.readContract({ ...memberRegistry(ctx), functionName: 'canHold', args: [account as Address] }));

/** The principal's enterprise is certified with `role` (or any of `role`, when a list is given). */
export function requireRole(by: Principal, role: MemberRole | MemberRole[], doing: string): void {
  const roles = Array.isArray(role) ? role : [role];
  if (!roles.some((r) => by.memberRoles.includes(r))) {
    throw new ForbiddenError(`only a certified ${roles.map((r) => r.replace('_', ' ')).join(' or ')} can ${doing}`, { requiredRole: roles.join('|') });
  }
}

/** The principal's enterprise may send value on-chain (certified, not suspended or revoked). */
export async function requireCanHold(ctx: ModuleContext, by: Principal): Promise<void> {
  if (!(await canHold(ctx, by.memberAddress))) {
    throw new RuleViolationError('member_not_active', 'your enterprise is not a certified member on-chain (suspended or revoked members are frozen)');
  }
}
