// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IConsortiumRegistry} from "./IConsortiumRegistry.sol";
import {MemberRegistry} from "./MemberRegistry.sol";
import {MemberRoles} from "../libraries/MemberRoles.sol";

/// @title ConsortiumRegistry
/// @notice See {IConsortiumRegistry}.
/// @dev Abstract: part of {TierchainLedger}. Each consortium also gets a 16-bit index, so a claim's terms can
/// name its consortium inside their first storage slot and a transfer checks membership with one read.
abstract contract ConsortiumRegistry is IConsortiumRegistry, MemberRegistry {
    mapping(bytes32 => Consortium) private _consortia;
    mapping(uint16 index => mapping(address => Membership)) internal _membershipAt;
    uint16 private _consortiumCount;

    /// @inheritdoc IConsortiumRegistry
    function createConsortium(bytes32 consortiumId, bytes32 nameHash) external {
        if (consortiumId == bytes32(0)) revert ConsortiumIdInvalid();
        if (_consortia[consortiumId].core != address(0)) revert ConsortiumExists(consortiumId);
        requireRoles(msg.sender, MemberRoles.CORE_ENTERPRISE);
        uint16 index = ++_consortiumCount;

        _consortia[consortiumId] = Consortium({
            core: msg.sender,
            index: index,
            memberCount: 1,
            createdAt: uint64(block.timestamp),
            nameHash: nameHash
        });
        _membershipAt[index][msg.sender] = Membership.Member;
        _setSeat(index, msg.sender, true);
        emit ConsortiumCreated(consortiumId, msg.sender, nameHash);
        emit InvitationAccepted(consortiumId, msg.sender);
    }

    /// @inheritdoc IConsortiumRegistry
    function invite(bytes32 consortiumId, address member) external {
        _requireCore(consortiumId);
        requireRoles(member, 0);
        Membership state = _membershipAt[_consortia[consortiumId].index][member];
        if (state == Membership.Invited || state == Membership.Member) {
            revert MembershipStateInvalid(consortiumId, member, state);
        }
        _membershipAt[_consortia[consortiumId].index][member] = Membership.Invited;
        emit MemberInvited(consortiumId, member, msg.sender);
    }

    /// @inheritdoc IConsortiumRegistry
    function accept(bytes32 consortiumId) external {
        _requireState(consortiumId, msg.sender, Membership.Invited);
        requireRoles(msg.sender, 0);
        _membershipAt[_consortia[consortiumId].index][msg.sender] = Membership.Member;
        _setSeat(_consortia[consortiumId].index, msg.sender, true);
        _consortia[consortiumId].memberCount += 1;
        emit InvitationAccepted(consortiumId, msg.sender);
    }

    /// @inheritdoc IConsortiumRegistry
    function decline(bytes32 consortiumId) external {
        _requireState(consortiumId, msg.sender, Membership.Invited);
        _membershipAt[_consortia[consortiumId].index][msg.sender] = Membership.Declined;
        emit InvitationDeclined(consortiumId, msg.sender);
    }

    /// @inheritdoc IConsortiumRegistry
    function leaveConsortium(bytes32 consortiumId) external {
        if (_consortia[consortiumId].core == msg.sender) revert CoreCannotLeave(consortiumId);
        _requireState(consortiumId, msg.sender, Membership.Member);
        _membershipAt[_consortia[consortiumId].index][msg.sender] = Membership.Left;
        _setSeat(_consortia[consortiumId].index, msg.sender, false);
        _consortia[consortiumId].memberCount -= 1;
        emit MemberLeft(consortiumId, msg.sender);
    }

    /// @inheritdoc IConsortiumRegistry
    function remove(bytes32 consortiumId, address member) external {
        _requireCore(consortiumId);
        if (member == msg.sender) revert CoreCannotLeave(consortiumId);
        Membership state = _membershipAt[_consortia[consortiumId].index][member];
        if (state != Membership.Invited && state != Membership.Member) {
            revert MembershipStateInvalid(consortiumId, member, state);
        }
        _membershipAt[_consortia[consortiumId].index][member] = Membership.Removed;
        _setSeat(_consortia[consortiumId].index, member, false);
        if (state == Membership.Member) _consortia[consortiumId].memberCount -= 1;
        emit MemberRemoved(consortiumId, member, msg.sender);
    }

    /// @inheritdoc IConsortiumRegistry
    function consortium(bytes32 consortiumId) external view returns (Consortium memory) {
        return _consortia[consortiumId];
    }

    /// @inheritdoc IConsortiumRegistry
    function membership(bytes32 consortiumId, address account) external view returns (Membership) {
        return _membershipAt[_consortia[consortiumId].index][account];
    }

    /// @inheritdoc IConsortiumRegistry
    function isMember(bytes32 consortiumId, address account) public view returns (bool) {
        return _isMemberAt(_consortia[consortiumId].index, account);
    }

    /// @notice The 16-bit index of a consortium (0 when it does not exist).
    function consortiumIndex(bytes32 consortiumId) public view returns (uint16) {
        return _consortia[consortiumId].index;
    }

    /// @dev Records a change of seat in the member's standing word (consortia with index 1..255).
    function _setSeat(uint16 index, address account, bool seated) private {
        if (index > 255) return;
        if (seated) _standing[account] |= uint256(1) << index;
        else _standing[account] &= ~(uint256(1) << index);
    }

    function _isMemberAt(uint16 index, address account) internal view returns (bool) {
        if (index != 0 && index < 256) {
            uint256 word = _standing[account];
            return word & 1 != 0 && (word >> index) & 1 != 0;
        }
        return index != 0 && _membershipAt[index][account] == Membership.Member
            && _members[account].status == MemberStatus.Certified;
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
        Membership state = _membershipAt[_consortia[consortiumId].index][member];
        if (state != expected) revert MembershipStateInvalid(consortiumId, member, state);
    }
}
