import { addressOf, type ContractPart } from '../../chain/contracts.ts';
import type { RevertExplanations } from '../../chain/decodeRevert.ts';
import type { ModuleContext } from '../../platform/context.ts';
import { consortiumRegistryAbi, memberRegistryAbi } from './generated/index.ts';
import { bitsToRoles, memberStatuses, membershipStates } from './roles.ts';

/**
 * The identity contracts: the member registry and the consortium registry (contracts/identity/). They are
 * abstract: the claims module's TierchainLedger inherits them, so a claim transfer checks membership in its own
 * storage (docs/adr/005-one-ledger-contract.md). Their logical names resolve to that address.
 */
export const identityContracts: ContractPart = {
  logical: [
    {
      name: 'MemberRegistry',
      abi: memberRegistryAbi,
      events: [
        'MemberRegistered', 'MemberCertified', 'MemberSuspended', 'MemberReinstated', 'MemberRevoked', 'SystemAccountSet',
        'OwnershipTransferred', 'OwnershipTransferStarted',
      ],
    },
    {
      name: 'ConsortiumRegistry',
      abi: consortiumRegistryAbi,
      events: ['ConsortiumCreated', 'MemberInvited', 'InvitationAccepted', 'InvitationDeclined', 'MemberLeft', 'MemberRemoved'],
    },
  ],
};

/** The member registry where this platform deployed it (a command's target, or a view's). */
export const memberRegistry = (ctx: Pick<ModuleContext, 'deployment'>) =>
  ({ name: 'MemberRegistry', address: addressOf(ctx.deployment, 'MemberRegistry'), abi: memberRegistryAbi }) as const;

/** The consortium registry where this platform deployed it. */
export const consortiumRegistry = (ctx: Pick<ModuleContext, 'deployment'>) =>
  ({ name: 'ConsortiumRegistry', address: addressOf(ctx.deployment, 'ConsortiumRegistry'), abi: consortiumRegistryAbi }) as const;

const s = (v: unknown) => String(v);
const status = (v: unknown) => memberStatuses[Number(v)] ?? s(v);
const roles = (v: unknown) => bitsToRoles(BigInt(s(v))).join(', ') || 'none';

/** The identity contracts' custom errors in words. */
export const identityExplanations: RevertExplanations = {
  MemberAlreadyRegistered: (a) => `address ${s(a.member)} is already registered`,
  MemberAddressZero: () => 'a member cannot be registered at the zero address',
  MemberNotRegistered: (a) => `address ${s(a.member)} is not a registered member`,
  MemberStatusInvalid: (a) => `member ${s(a.member)} is ${status(a.status)}, which does not allow this`,
  MemberNotActive: (a) => `member ${s(a.member)} is not certified (status: ${status(a.status)})`,
  MemberLacksRole: (a) => `member ${s(a.member)} lacks the role(s) ${roles(a.required)} (holds: ${roles(a.held)})`,
  LegalIdentityTaken: (a) => `this legal identity is already registered to ${s(a.holder)}`,
  LegalIdentityMissing: () => 'a legal identity hash is required',
  RolesInvalid: (a) => `roles ${s(a.roles)} are not a valid set`,
  PrivilegedRolesRequireAdmin: (a) => `only the platform operator may grant ${roles(a.roles)}`,
  NotCertifier: (a) =>
    `${s(a.caller)} is neither the operator nor an active verifier, so it cannot register, certify, suspend, reinstate or revoke members`,
  ConsortiumIdInvalid: () => 'the consortium id must not be zero',
  ConsortiumExists: (a) => `consortium ${s(a.consortiumId)} already exists`,
  ConsortiumNotFound: (a) => `consortium ${s(a.consortiumId)} does not exist`,
  NotConsortiumCore: (a) => `${s(a.caller)} is not the core enterprise of consortium ${s(a.consortiumId)}`,
  MembershipStateInvalid: (a) =>
    `${s(a.member)} is ${membershipStates[Number(a.state)] ?? s(a.state)} in consortium ${s(a.consortiumId)}, which does not allow this`,
  ConsortiumMembershipRequired: (a) => `${s(a.account)} is not a member of consortium ${s(a.consortiumId)}`,
  CoreCannotLeave: () => 'the core enterprise cannot leave or be removed from its own consortium',
};


