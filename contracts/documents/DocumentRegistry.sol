// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IDocumentRegistry} from "./IDocumentRegistry.sol";
import {IMemberRegistry} from "../identity/IMemberRegistry.sol";
import {MemberRoles} from "../libraries/MemberRoles.sol";

/// @title DocumentRegistry
/// @notice See {IDocumentRegistry}.
contract DocumentRegistry is IDocumentRegistry {
    IMemberRegistry public immutable members;

    struct Document {
        address owner;
        bytes32 sha256Hash;
        bytes32 sm3Hash;
    }

    mapping(bytes32 => Document) private _documents;
    mapping(bytes32 => mapping(address => bool)) private _granted;

    constructor(IMemberRegistry memberRegistry) {
        members = memberRegistry;
    }

    /// @inheritdoc IDocumentRegistry
    function registerDocument(bytes32 documentId, bytes32 sha256Hash, bytes32 sm3Hash, uint8 kind, address[] calldata parties) external {
        if (!members.isActive(msg.sender)) revert DocumentOwnerNotActive(msg.sender);
        if (_documents[documentId].owner != address(0)) revert DocumentAlreadyRegistered(documentId);
        if (sha256Hash == bytes32(0) || sm3Hash == bytes32(0)) revert DocumentHashZero();
        for (uint256 i; i < parties.length; ++i) {
            if (!members.isActive(parties[i])) revert GranteeCannotHold(parties[i]);
        }

        _documents[documentId] = Document({owner: msg.sender, sha256Hash: sha256Hash, sm3Hash: sm3Hash});
        emit DocumentRegistered(documentId, msg.sender, sha256Hash, sm3Hash, kind);
        for (uint256 i; i < parties.length; ++i) {
            if (parties[i] == msg.sender || _granted[documentId][parties[i]]) continue;
            _granted[documentId][parties[i]] = true;
            emit AccessGranted(documentId, parties[i], msg.sender);
        }
    }

    /// @inheritdoc IDocumentRegistry
    function grantAccess(bytes32 documentId, address grantee) external {
        _requireOwner(documentId);
        if (!members.isActive(grantee)) revert GranteeCannotHold(grantee);
        if (grantee == msg.sender || _granted[documentId][grantee]) revert AccessAlreadyGranted(documentId, grantee);

        _granted[documentId][grantee] = true;
        emit AccessGranted(documentId, grantee, msg.sender);
    }

    /// @inheritdoc IDocumentRegistry
    function revokeAccess(bytes32 documentId, address grantee) external {
        _requireOwner(documentId);
        if (!_granted[documentId][grantee]) revert AccessNotGranted(documentId, grantee);

        _granted[documentId][grantee] = false;
        emit AccessRevoked(documentId, grantee, msg.sender);
    }

    /// @inheritdoc IDocumentRegistry
    function ownerOf(bytes32 documentId) external view returns (address) {
        return _documents[documentId].owner;
    }

    /// @inheritdoc IDocumentRegistry
    function digestsOf(bytes32 documentId) external view returns (bytes32 sha256Hash, bytes32 sm3Hash) {
        Document storage d = _documents[documentId];
        return (d.sha256Hash, d.sm3Hash);
    }

    /// @inheritdoc IDocumentRegistry
    function canRead(bytes32 documentId, address account) external view returns (bool) {
        Document storage d = _documents[documentId];
        if (d.owner == address(0)) return false;
        return d.owner == account || _granted[documentId][account] || members.hasRoles(account, MemberRoles.REGULATOR);
    }

    function _requireOwner(bytes32 documentId) private view {
        address owner = _documents[documentId].owner;
        if (owner == address(0)) revert DocumentUnknown(documentId);
        if (owner != msg.sender) revert NotDocumentOwner(documentId, msg.sender);
    }
}
