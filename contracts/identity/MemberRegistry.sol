// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IMemberRegistry} from "./IMemberRegistry.sol";
import {MemberRoles} from "../libraries/MemberRoles.sol";

/// @title MemberRegistry
/// @notice See {IMemberRegistry}. The operator owns the registry (two-step ownership transfer) and is itself
/// registered and certified as a member with the OPERATOR role. Certifiers are the owner and every active
/// member holding the VERIFIER role: they alone register, certify, suspend, reinstate and revoke members.
/// @dev Abstract: deployed as part of {TierchainLedger}, so the claim ledger checks membership with local reads.
abstract contract MemberRegistry is IMemberRegistry, Ownable2Step {
    mapping(address => Member) internal _members;
    /// @dev Mirror of what a claim transfer asks about an account, in one word: bit 0 = certified, bit i
    /// (1..255) = member of the consortium with index i. `_members` and the consortium registry's seats stay
    /// the record; this word is rewritten whenever either changes, so a transfer reads one slot per party.
    mapping(address => uint256) internal _standing;
    mapping(bytes32 => address) public identityHolder;
    mapping(address => bool) public isSystemAccount;

    modifier onlyCertifier() {
        if (msg.sender != owner() && !hasRoles(msg.sender, MemberRoles.VERIFIER)) revert NotCertifier(msg.sender);
        _;
    }

    constructor(address operator, bytes32 operatorLegalIdHash) Ownable(operator) {
        _register(operator, operatorLegalIdHash, bytes32(0), operator);
        _certify(operator, MemberRoles.OPERATOR, operator);
    }

    /// @inheritdoc IMemberRegistry
    function register(address member, bytes32 legalIdHash, bytes32 documentsHash) external onlyCertifier {
        _register(member, legalIdHash, documentsHash, msg.sender);
    }

    /// @inheritdoc IMemberRegistry
    function certify(address member, uint64 roles) external onlyCertifier {
        if (roles == 0 || roles & ~MemberRoles.ALL != 0) revert RolesInvalid(roles);
        if (roles & MemberRoles.PRIVILEGED != 0 && msg.sender != owner()) {
            revert PrivilegedRolesRequireAdmin(msg.sender, roles);
        }
        MemberStatus status = _members[member].status;
        if (status != MemberStatus.Registered && status != MemberStatus.Certified) {
            revert MemberStatusInvalid(member, status);
        }
        _certify(member, roles, msg.sender);
    }

    /// @inheritdoc IMemberRegistry
    function suspend(address member, bytes32 reasonHash) external onlyCertifier {
        Member storage m = _requireStatus(member, MemberStatus.Certified);
        _requireMayChangeStanding(m);
        m.status = MemberStatus.Suspended;
        _standing[member] &= ~uint256(1);
        m.updatedAt = uint64(block.timestamp);
        emit MemberSuspended(member, msg.sender, reasonHash);
    }

    /// @inheritdoc IMemberRegistry
    function reinstate(address member) external onlyCertifier {
        Member storage m = _requireStatus(member, MemberStatus.Suspended);
        _requireMayChangeStanding(m);
        m.status = MemberStatus.Certified;
        _standing[member] |= 1;
        m.updatedAt = uint64(block.timestamp);
        emit MemberReinstated(member, msg.sender);
    }

    /// @inheritdoc IMemberRegistry
    function revoke(address member, bytes32 reasonHash) external onlyCertifier {
        Member storage m = _members[member];
        MemberStatus status = m.status;
        if (status == MemberStatus.None) revert MemberNotRegistered(member);
        if (status == MemberStatus.Revoked) revert MemberStatusInvalid(member, status);
        _requireMayChangeStanding(m);
        m.status = MemberStatus.Revoked;
        _standing[member] &= ~uint256(1);
        m.updatedAt = uint64(block.timestamp);
        emit MemberRevoked(member, msg.sender, reasonHash);
    }

    /// @inheritdoc IMemberRegistry
    function setSystemAccount(address account, bool allowed) external onlyOwner {
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
    function canHold(address account) public view returns (bool) {
        return isSystemAccount[account] || _members[account].status == MemberStatus.Certified;
    }

    /// @inheritdoc IMemberRegistry
    function requireRoles(address account, uint64 roles) public view {
        Member storage m = _members[account];
        if (m.status != MemberStatus.Certified) revert MemberNotActive(account, m.status);
        if (m.roles & roles != roles) revert MemberLacksRole(account, roles, m.roles);
    }

    function _register(address member, bytes32 legalIdHash, bytes32 documentsHash, address registrar) private {
        if (member == address(0)) revert MemberAddressZero();
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
        emit MemberRegistered(member, legalIdHash, documentsHash, registrar);
    }

    function _certify(address member, uint64 roles, address certifier) private {
        Member storage m = _members[member];
        m.roles = roles;
        m.status = MemberStatus.Certified;
        _standing[member] |= 1;
        m.updatedAt = uint64(block.timestamp);
        emit MemberCertified(member, certifier, roles);
    }

    /// @dev A member holding privileged roles (verifier, regulator, bank gateway, operator) is suspended, reinstated
    /// or revoked by the registry admin only: a verifier may not act on another verifier, or on the operator.
    function _requireMayChangeStanding(Member storage m) private view {
        uint64 privileged = m.roles & MemberRoles.PRIVILEGED;
        if (privileged != 0 && msg.sender != owner()) revert PrivilegedRolesRequireAdmin(msg.sender, privileged);
    }

    function _requireStatus(address member, MemberStatus expected) private view returns (Member storage m) {
        m = _members[member];
        if (m.status == MemberStatus.None) revert MemberNotRegistered(member);
        if (m.status != expected) revert MemberStatusInvalid(member, m.status);
    }
}
