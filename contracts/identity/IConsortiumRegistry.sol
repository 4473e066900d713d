// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title IConsortiumRegistry
/// @notice The alliances of supply chains. A certified core enterprise creates a consortium, invites its
/// suppliers and distributors, and they accept. Products check `isMember` before value may move to an address.
interface IConsortiumRegistry {
    enum Membership {
        None,
        Invited,
        Member,
        Declined,
        Left,
        Removed
    }

    struct Consortium {
        address core;
        uint16 index;
        uint32 memberCount;
        uint64 createdAt;
        bytes32 nameHash;
    }

    event ConsortiumCreated(bytes32 indexed consortiumId, address indexed core, bytes32 nameHash);
    event MemberInvited(bytes32 indexed consortiumId, address indexed member, address indexed by);
    event InvitationAccepted(bytes32 indexed consortiumId, address indexed member);
    event InvitationDeclined(bytes32 indexed consortiumId, address indexed member);
    event MemberLeft(bytes32 indexed consortiumId, address indexed member);
    event MemberRemoved(bytes32 indexed consortiumId, address indexed member, address indexed by);

    error ConsortiumIdInvalid();
    error ConsortiumExists(bytes32 consortiumId);
    error ConsortiumNotFound(bytes32 consortiumId);
    error NotConsortiumCore(bytes32 consortiumId, address caller);
    error MembershipStateInvalid(bytes32 consortiumId, address member, Membership state);
    error ConsortiumMembershipRequired(bytes32 consortiumId, address account);
    error CoreCannotLeave(bytes32 consortiumId);

    /// @notice Creates consortium `consortiumId` with the caller as core enterprise and first member.
    /// @dev Requirements: caller is an active member with the CORE_ENTERPRISE role; the id is non-zero and new.
    /// Emits {ConsortiumCreated} and {InvitationAccepted} for the core.
    function createConsortium(bytes32 consortiumId, bytes32 nameHash) external;

    /// @notice Invites an active member. Only the consortium's core. A member that declined, left or was
    /// removed may be invited again. Emits {MemberInvited}.
    function invite(bytes32 consortiumId, address member) external;

    /// @notice Accepts the caller's pending invitation. The caller must be active. Emits {InvitationAccepted}.
    function accept(bytes32 consortiumId) external;

    /// @notice Declines the caller's pending invitation. Emits {InvitationDeclined}.
    function decline(bytes32 consortiumId) external;

    /// @notice The caller leaves the consortium (not the core). Emits {MemberLeft}.
    function leaveConsortium(bytes32 consortiumId) external;

    /// @notice The core removes a member or withdraws an invitation. Emits {MemberRemoved}.
    function remove(bytes32 consortiumId, address member) external;

    function consortium(bytes32 consortiumId) external view returns (Consortium memory);

    function membership(bytes32 consortiumId, address account) external view returns (Membership);

    /// @notice True when `account` has accepted membership and is an active member of the platform.
    function isMember(bytes32 consortiumId, address account) external view returns (bool);

    /// @notice Reverts with {ConsortiumMembershipRequired} unless `isMember(consortiumId, account)`.
    function requireMember(bytes32 consortiumId, address account) external view;
}
