import type { Queryable } from '../../db/database.ts';
import { ForbiddenError, RuleViolationError } from '../../common/errors.ts';
import type { Principal } from './apiKeys.ts';

/**
 * Viewers are read-only users: they may look at everything their enterprise sees, but create no command. A regulator
 * is a read-only member: it oversees every claim and movement and takes part in none (its admins still manage its own
 * users and API keys, which is not a command). The operator stays the operator even if it certified itself a
 * regulator too (as the console's capabilities read it): otherwise it could not undo that.
 */
export function requireActingUser(by: Principal): void {
  if (by.userRole === 'viewer') {
    throw new ForbiddenError('viewers have read-only access and cannot create commands', { userRole: by.userRole });
  }
  if (by.memberRoles.includes('regulator') && !by.isOperator) {
    throw new ForbiddenError('a regulator has read-only access and cannot create commands', { memberRoles: by.memberRoles });
  }
}

/**
 * The caller's enterprise must be certified (not pending, suspended or revoked) for actions the contracts
 * allow only to active members; checked here so the caller gets a 422 instead of a command that fails on-chain.
 */
export async function requireActiveMember(db: Queryable, by: Principal): Promise<void> {
  const { rows } = await db.query<{ status: string | null }>(
    'SELECT s.status FROM members m LEFT JOIN member_states s ON s.address = m.address WHERE m.id = $1',
    [by.memberId],
  );
  const status = rows[0]?.status ?? 'pending';
  if (status !== 'certified') {
    throw new RuleViolationError('member_not_active', `your enterprise is ${status}, not a certified member, and cannot do this`, { status });
  }
}
