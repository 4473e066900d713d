// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title IMemberRegistry
/// @notice On-chain identities of the enterprises on the platform. A certifier (the operator, or an active verifier)
/// registers an enterprise's address (public key) with the hash of its legal identity, on the enterprise's behalf,
/// once it has checked who the enterprise is; it then certifies it with roles, and may suspend, reinstate or revoke
/// it. Nobody registers itself: a legal identity cannot be claimed first by whoever sends a transaction first
/// (docs/adr/011-registration-by-certifier.md). Other contracts ask `canHold` before value moves to an address.
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

    /// @notice `registrar` (a certifier) registered `member` as the address of the enterprise whose legal identity
    /// hashes to `legalIdHash`. Documents stay off-chain; only hashes are here.
    event MemberRegistered(address indexed member, bytes32 indexed legalIdHash, bytes32 documentsHash, address indexed registrar);
    /// @notice `member` was certified (or re-certified) with `roles` by `certifier`.
    event MemberCertified(address indexed member, address indexed certifier, uint64 roles);
    event MemberSuspended(address indexed member, address indexed certifier, bytes32 reasonHash);
    event MemberReinstated(address indexed member, address indexed certifier);
    event MemberRevoked(address indexed member, address indexed certifier, bytes32 reasonHash);
    /// @notice A platform contract (escrow, settlement) may or may no longer hold value.
    event SystemAccountSet(address indexed account, bool allowed);

    error MemberAlreadyRegistered(address member);
    error MemberAddressZero();
    error MemberNotRegistered(address member);
    error MemberStatusInvalid(address member, MemberStatus status);
    error MemberNotActive(address member, MemberStatus status);
    error MemberLacksRole(address member, uint64 required, uint64 held);
    error LegalIdentityTaken(bytes32 legalIdHash, address holder);
    error LegalIdentityMissing();
    error RolesInvalid(uint64 roles);
    error PrivilegedRolesRequireAdmin(address certifier, uint64 roles);
    error NotCertifier(address caller);

    /// @notice Registers `member` as the address of the enterprise whose legal identity hashes to `legalIdHash`, on
    /// the enterprise's behalf: the certifier has checked the enterprise's documents and that `member` is its address.
    /// @dev Requirements: caller is a certifier, the owner or an active verifier ({NotCertifier}); `member` non-zero
    /// ({MemberAddressZero}) and not registered before ({MemberAlreadyRegistered}); `legalIdHash` non-zero
    /// ({LegalIdentityMissing}) and not bound to another address ({LegalIdentityTaken}). Emits a {MemberRegistered}
    /// event.
    function register(address member, bytes32 legalIdHash, bytes32 documentsHash) external;

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
