/**
 * The identity module: what other modules may use of it. Everything else in this folder is its own
 * (README.md says what lives where).
 */
export { identityModule } from './module.ts';

// who is calling, and the guards every command starts with
export type { Principal, UserRole } from './apiKeys.ts';
export { createAuthenticator, createUserWithKey, type Authenticator } from './apiKeys.ts';
export { requireActingUser, requireActiveMember } from './guards.ts';
export { requireRole, requireCanHold, canHold, hasRole, isConsortiumMember } from './chain.ts';

// members
export {
  getMember,
  getMemberByAddress,
  getMemberIdentity,
  isSystemAccount,
  memberAddressesNamedLike,
  membersByAddress,
  membersByRegistrationNumber,
  listMembers,
  type MemberIdentity,
  type MemberView,
} from './queries/members.ts';
export { bitsToRoles, memberRoleNames, memberRoles, rolesToBits, type MemberRole } from './roles.ts';
export { legalIdentityHash } from './legalIdentity.ts';
export { ensureOperator, operatorAddress, type OperatorIdentity } from './operator.ts';

// contracts
export { memberRegistry, consortiumRegistry } from './contracts.ts';

// naming the parties of other modules' records
export { Parties, seesEverything, type Party, type PartyAt } from './parties.ts';
export { membersById } from './queries/members.ts';
