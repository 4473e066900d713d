// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IConsortiumRegistry} from "./IConsortiumRegistry.sol";
import {IMemberRegistry} from "./IMemberRegistry.sol";
import {MemberRoles} from "../libraries/MemberRoles.sol";

/// @title ConsortiumRegistry
/// @notice See {IConsortiumRegistry}.
contract ConsortiumRegistry is IConsortiumRegistry {
    IMemberRegistry public immutable members;

    mapping(bytes32 => Consortium) private _consortia;
    mapping(bytes32 => mapping(address => Membership)) private _membership;

    constructor(IMemberRegistry memberRegistry) {
        members = memberRegistry;
    }

    /// @inheritdoc IConsortiumRegistry
    function createConsortium(bytes32 consortiumId, bytes32 nameHash) external {
        if (consortiumId == bytes32(0)) revert ConsortiumIdInvalid();
        if (_consortia[consortiumId].core != address(0)) revert ConsortiumExists(consortiumId);
        members.requireRoles(msg.sender, MemberRoles.CORE_ENTERPRISE);

        _consortia[consortiumId] = Consortium({
            core: msg.sender,
            memberCount: 1,
            createdAt: uint64(block.timestamp),
            nameHash: nameHash
        });
        _membership[consortiumId][msg.sender] = Membership.Member;
        emit ConsortiumCreated(consortiumId, msg.sender, nameHash);
        emit InvitationAccepted(consortiumId, msg.sender);
    }

    /// @inheritdoc IConsortiumRegistry
    function invite(bytes32 consortiumId, address member) external {
        _requireCore(consortiumId);
        members.requireRoles(member, 0);
        Membership state = _membership[consortiumId][member];
        if (state == Membership.Invited || state == Membership.Member) {
            revert MembershipStateInvalid(consortiumId, member, state);
        }
        _membership[consortiumId][member] = Membership.Invited;
        emit MemberInvited(consortiumId, member, msg.sender);
    }

    /// @inheritdoc IConsortiumRegistry
    function accept(bytes32 consortiumId) external {
        _requireState(consortiumId, msg.sender, Membership.Invited);
        members.requireRoles(msg.sender, 0);
        _membership[consortiumId][msg.sender] = Membership.Member;
        _consortia[consortiumId].memberCount += 1;
        emit InvitationAccepted(consortiumId, msg.sender);
    }

    /// @inheritdoc IConsortiumRegistry
    function decline(bytes32 consortiumId) external {
        _requireState(consortiumId, msg.sender, Membership.Invited);
        _membership[consortiumId][msg.sender] = Membership.Declined;
        emit InvitationDeclined(consortiumId, msg.sender);
    }

    /// @inheritdoc IConsortiumRegistry
    function leaveConsortium(bytes32 consortiumId) external {
        if (_consortia[consortiumId].core == msg.sender) revert CoreCannotLeave(consortiumId);
        _requireState(consortiumId, msg.sender, Membership.Member);
        _membership[consortiumId][msg.sender] = Membership.Left;
        _consortia[consortiumId].memberCount -= 1;
        emit MemberLeft(consortiumId, msg.sender);
    }

    /// @inheritdoc IConsortiumRegistry
    function remove(bytes32 consortiumId, address member) external {
        _requireCore(consortiumId);
        if (member == msg.sender) revert CoreCannotLeave(consortiumId);
        Membership state = _membership[consortiumId][member];
        if (state != Membership.Invited && state != Membership.Member) {
            revert MembershipStateInvalid(consortiumId, member, state);
        }
        _membership[consortiumId][member] = Membership.Removed;
        if (state == Membership.Member) _consortia[consortiumId].memberCount -= 1;
        emit MemberRemoved(consortiumId, member, msg.sender);
    }

    /// @inheritdoc IConsortiumRegistry
    function consortium(bytes32 consortiumId) external view returns (Consortium memory) {
        return _consortia[consortiumId];
    }

    /// @inheritdoc IConsortiumRegistry
    function membership(bytes32 consortiumId, address account) external view returns (Membership) {
        return _membership[consortiumId][account];
    }

    /// @inheritdoc IConsortiumRegistry
    function isMember(bytes32 consortiumId, address account) public view returns (bool) {
        return _membership[consortiumId][account] == Membership.Member && members.isActive(account);
    }

    /// @inheritdoc IConsortiumRegistry
    function requireMember(bytes32 consortiumId, address account) external view {
        if (!isMember(consortiumId, account)) revert ConsortiumMembershipRequired(consortiumId, account);
    }

    function _requireCore(bytes32 consortiumId) private view {
        address core = _consortia[consortiumId].core;
        if (core == address(0)) revert ConsortiumNotFound(consortiumId);
        if (core != msg.sender) revert NotConsortiumCore(consortiumId, msg.sender);
    }

    function _requireState(bytes32 consortiumId, address member, Membership expected) private view {
        if (_consortia[consortiumId].core == address(0)) revert ConsortiumNotFound(consortiumId);
        Membership state = _membership[consortiumId][member];
        if (state != expected) revert MembershipStateInvalid(consortiumId, member, state);
    }
}
