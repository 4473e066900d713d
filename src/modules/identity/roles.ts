/** Member roles, as certified on-chain in a bit set (contracts/libraries/MemberRoles.sol). */
export const memberRoles = {
  core_enterprise: 1 << 0,
  supplier: 1 << 1,
  distributor: 1 << 2,
  funder: 1 << 3,
  verifier: 1 << 4,
  regulator: 1 << 5,
  bank_gateway: 1 << 6,
  operator: 1 << 7,
  /** Stands behind a core enterprise's credit line (a business role, like supplier or funder). */
  guarantor: 1 << 8,
  /** Lease Chain (seed 004): registers its devices as tokens and leases them out. */
  manufacturer: 1 << 9,
  /** Rents devices under a lease. */
  lessee: 1 << 10,
  /** Funds the purchase of leased devices and receives rent through its shares. */
  investor: 1 << 11,
  /** Maintains, insures or inspects leased devices. */
  service_provider: 1 << 12,
} as const;

export type MemberRole = keyof typeof memberRoles;
export const memberRoleNames = Object.keys(memberRoles) as MemberRole[];

export function rolesToBits(roles: readonly MemberRole[]): number {
  return roles.reduce((bits, role) => bits | memberRoles[role], 0);
}

export function bitsToRoles(bits: number | bigint): MemberRole[] {
  const n = Number(bits);
  return memberRoleNames.filter((role) => (n & memberRoles[role]) !== 0);
}

/** On-chain MemberStatus enum, by index. */
export const memberStatuses = ['none', 'registered', 'certified', 'suspended', 'revoked'] as const;
export type MemberStatus = (typeof memberStatuses)[number];

/** On-chain Membership enum of a consortium, by index. */
export const membershipStates = ['none', 'invited', 'member', 'declined', 'left', 'removed'] as const;
export type MembershipState = (typeof membershipStates)[number];
