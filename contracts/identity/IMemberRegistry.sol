// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title IMemberRegistry
/// @notice On-chain identities of the enterprises on the platform. An enterprise registers its address
/// (public key) with the hash of its legal identity; a certifier certifies it with roles, and may suspend,
/// reinstate or revoke it. Other contracts ask `canHold` before value moves to an address.
interface IMemberRegistry {
    enum MemberStatus {
        None,
        Registered,
        Certified,
        Suspended,
        Revoked
    }

    struct Member {
        bytes32 legalIdHash;
        bytes32 documentsHash;
        uint64 roles;
        MemberStatus status;
        uint64 registeredAt;
        uint64 updatedAt;
    }

    /// @notice An enterprise registered `member` as its address. Documents stay off-chain; only hashes are here.
    event MemberRegistered(address indexed member, bytes32 indexed legalIdHash, bytes32 documentsHash);
    /// @notice `member` was certified (or re-certified) with `roles` by `certifier`.
    event MemberCertified(address indexed member, address indexed certifier, uint64 roles);
    event MemberSuspended(address indexed member, address indexed certifier, bytes32 reasonHash);
    event MemberReinstated(address indexed member, address indexed certifier);
    event MemberRevoked(address indexed member, address indexed certifier, bytes32 reasonHash);
    /// @notice A platform contract (escrow, settlement) may or may no longer hold value.
    event SystemAccountSet(address indexed account, bool allowed);

    error MemberAlreadyRegistered(address member);
    error MemberNotRegistered(address member);
    error MemberStatusInvalid(address member, MemberStatus status);
    error MemberNotActive(address member, MemberStatus status);
    error MemberLacksRole(address member, uint64 required, uint64 held);
    error LegalIdentityTaken(bytes32 legalIdHash, address holder);
    error LegalIdentityMissing();
    error RolesInvalid(uint64 roles);
    error PrivilegedRolesRequireAdmin(address certifier, uint64 roles);
    error NotCertifier(address caller);

    /// @notice Registers the caller's address for the enterprise whose legal identity hashes to `legalIdHash`.
    /// @dev Requirements: caller not registered before; `legalIdHash` non-zero and not held by another address.
    /// Emits a {MemberRegistered} event.
    function register(bytes32 legalIdHash, bytes32 documentsHash) external;

    /// @notice Certifies a registered (or re-certifies a certified) member with `roles`.
    /// @dev Requirements: caller is a certifier (the owner, or an active verifier); privileged roles
    /// (verifier, regulator, bank gateway, operator) only the owner may grant. Emits a {MemberCertified} event.
    function certify(address member, uint64 roles) external;

    /// @notice Freezes a certified member: it can neither send nor receive value until reinstated.
    /// @dev Suspension, reinstatement and revocation: by a certifier; of a member holding privileged roles, by the
    /// owner only ({PrivilegedRolesRequireAdmin}).
    function suspend(address member, bytes32 reasonHash) external;

    /// @notice Lifts a suspension.
    function reinstate(address member) external;

    /// @notice Ends a membership for good; the legal identity stays bound to the address.
    function revoke(address member, bytes32 reasonHash) external;

    /// @notice Allows or disallows a platform contract to hold value (escrows, settlement pools).
    function setSystemAccount(address account, bool allowed) external;

    function memberOf(address member) external view returns (Member memory);

    /// @notice True when `account` is a certified (not suspended, not revoked) member.
    function isActive(address account) external view returns (bool);

    /// @notice True when `account` is active and holds every role in `roles`.
    function hasRoles(address account, uint64 roles) external view returns (bool);

    /// @notice True when `account` is a platform contract (escrow, settlement, market) allowed to hold value.
    function isSystemAccount(address account) external view returns (bool);

    /// @notice True when `account` may hold value: an active member or an allowed system contract.
    function canHold(address account) external view returns (bool);

    /// @notice Reverts with {MemberNotActive} or {MemberLacksRole} unless `account` is active with `roles`.
    function requireRoles(address account, uint64 roles) external view;
}
