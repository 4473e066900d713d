// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IMemberRegistry} from "./IMemberRegistry.sol";
import {MemberRoles} from "../libraries/MemberRoles.sol";

/// @title MemberRegistry
/// @notice See {IMemberRegistry}. The deploying operator is admin and certifier, and is itself
/// registered and certified as a member with the OPERATOR role.
contract MemberRegistry is IMemberRegistry, AccessControl {
    bytes32 public constant CERTIFIER_ROLE = keccak256("CERTIFIER_ROLE");

    mapping(address => Member) private _members;
    mapping(bytes32 => address) public identityHolder;
    mapping(address => bool) public isSystemAccount;

    constructor(address operator, bytes32 operatorLegalIdHash) {
        _grantRole(DEFAULT_ADMIN_ROLE, operator);
        _grantRole(CERTIFIER_ROLE, operator);
        _register(operator, operatorLegalIdHash, bytes32(0));
        _certify(operator, MemberRoles.OPERATOR, operator);
    }

    /// @inheritdoc IMemberRegistry
    function register(bytes32 legalIdHash, bytes32 documentsHash) external {
        _register(msg.sender, legalIdHash, documentsHash);
    }

    /// @inheritdoc IMemberRegistry
    function certify(address member, uint64 roles) external onlyRole(CERTIFIER_ROLE) {
        if (roles == 0 || roles & ~MemberRoles.ALL != 0) revert RolesInvalid(roles);
        if (roles & MemberRoles.PRIVILEGED != 0 && !hasRole(DEFAULT_ADMIN_ROLE, msg.sender)) {
            revert PrivilegedRolesRequireAdmin(msg.sender, roles);
        }
        MemberStatus status = _members[member].status;
        if (status != MemberStatus.Registered && status != MemberStatus.Certified) {
            revert MemberStatusInvalid(member, status);
        }
        _certify(member, roles, msg.sender);
    }

    /// @inheritdoc IMemberRegistry
    function suspend(address member, bytes32 reasonHash) external onlyRole(CERTIFIER_ROLE) {
        Member storage m = _requireStatus(member, MemberStatus.Certified);
        m.status = MemberStatus.Suspended;
        m.updatedAt = uint64(block.timestamp);
        emit MemberSuspended(member, msg.sender, reasonHash);
    }

    /// @inheritdoc IMemberRegistry
    function reinstate(address member) external onlyRole(CERTIFIER_ROLE) {
        Member storage m = _requireStatus(member, MemberStatus.Suspended);
        m.status = MemberStatus.Certified;
        m.updatedAt = uint64(block.timestamp);
        emit MemberReinstated(member, msg.sender);
    }

    /// @inheritdoc IMemberRegistry
    function revoke(address member, bytes32 reasonHash) external onlyRole(CERTIFIER_ROLE) {
        Member storage m = _members[member];
        MemberStatus status = m.status;
        if (status == MemberStatus.None) revert MemberNotRegistered(member);
        if (status == MemberStatus.Revoked) revert MemberStatusInvalid(member, status);
        m.status = MemberStatus.Revoked;
        m.updatedAt = uint64(block.timestamp);
        emit MemberRevoked(member, msg.sender, reasonHash);
    }

    /// @inheritdoc IMemberRegistry
    function setSystemAccount(address account, bool allowed) external onlyRole(DEFAULT_ADMIN_ROLE) {
        isSystemAccount[account] = allowed;
        emit SystemAccountSet(account, allowed);
    }

    /// @inheritdoc IMemberRegistry
    function memberOf(address member) external view returns (Member memory) {
        return _members[member];
    }

    /// @inheritdoc IMemberRegistry
    function isActive(address account) public view returns (bool) {
        return _members[account].status == MemberStatus.Certified;
    }

    /// @inheritdoc IMemberRegistry
    function hasRoles(address account, uint64 roles) public view returns (bool) {
        Member storage m = _members[account];
        return m.status == MemberStatus.Certified && m.roles & roles == roles;
    }

    /// @inheritdoc IMemberRegistry
    function canHold(address account) external view returns (bool) {
        return isSystemAccount[account] || _members[account].status == MemberStatus.Certified;
    }

    /// @inheritdoc IMemberRegistry
    function requireRoles(address account, uint64 roles) external view {
        Member storage m = _members[account];
        if (m.status != MemberStatus.Certified) revert MemberNotActive(account, m.status);
        if (m.roles & roles != roles) revert MemberLacksRole(account, roles, m.roles);
    }

    function _register(address member, bytes32 legalIdHash, bytes32 documentsHash) private {
        if (legalIdHash == bytes32(0)) revert LegalIdentityMissing();
        if (_members[member].status != MemberStatus.None) revert MemberAlreadyRegistered(member);
        address holder = identityHolder[legalIdHash];
        if (holder != address(0)) revert LegalIdentityTaken(legalIdHash, holder);

        identityHolder[legalIdHash] = member;
        _members[member] = Member({
            legalIdHash: legalIdHash,
            documentsHash: documentsHash,
            roles: 0,
            status: MemberStatus.Registered,
            registeredAt: uint64(block.timestamp),
            updatedAt: uint64(block.timestamp)
        });
        emit MemberRegistered(member, legalIdHash, documentsHash);
    }

    function _certify(address member, uint64 roles, address certifier) private {
        Member storage m = _members[member];
        m.roles = roles;
        m.status = MemberStatus.Certified;
        m.updatedAt = uint64(block.timestamp);
        emit MemberCertified(member, certifier, roles);
    }

    function _requireStatus(address member, MemberStatus expected) private view returns (Member storage m) {
        m = _members[member];
        if (m.status == MemberStatus.None) revert MemberNotRegistered(member);
        if (m.status != expected) revert MemberStatusInvalid(member, m.status);
    }
}
