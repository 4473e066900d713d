// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title IDocumentRegistry
/// @notice Private documents (invoices, contracts, warehouse receipts, lease contracts): the file stays off-chain,
/// encrypted; here are its digests (which prove it unchanged) and who may read it. The owner (the member who
/// registered it) names the parties at registration and grants or revokes access to others; the regulator reads every
/// document without a grant.
interface IDocumentRegistry {
    /// @notice `owner` registered document `documentId` with the SHA-256 and SM3 digests of its plaintext.
    event DocumentRegistered(bytes32 indexed documentId, address indexed owner, bytes32 sha256Hash, bytes32 sm3Hash, uint8 kind);
    /// @notice `grantedBy` gave `grantee` access to `documentId`.
    event AccessGranted(bytes32 indexed documentId, address indexed grantee, address indexed grantedBy);
    /// @notice `revokedBy` took `grantee`'s access to `documentId` away.
    event AccessRevoked(bytes32 indexed documentId, address indexed grantee, address indexed revokedBy);

    error DocumentAlreadyRegistered(bytes32 documentId);
    error DocumentHashZero();
    error DocumentUnknown(bytes32 documentId);
    error NotDocumentOwner(bytes32 documentId, address caller);
    error AccessAlreadyGranted(bytes32 documentId, address grantee);
    error AccessNotGranted(bytes32 documentId, address grantee);
    error GranteeCannotHold(address grantee);
    error DocumentOwnerNotActive(address owner);

    /// @dev Requirements: caller an active member; `documentId` new; digests non-zero; each party an active member.
    /// Emits {DocumentRegistered}, then {AccessGranted} for each party.
    function registerDocument(bytes32 documentId, bytes32 sha256Hash, bytes32 sm3Hash, uint8 kind, address[] calldata parties) external;

    /// @dev Requirements: caller the document's owner; `grantee` an active member without access. Emits {AccessGranted}.
    function grantAccess(bytes32 documentId, address grantee) external;

    /// @dev Requirements: caller the document's owner; `grantee` has access. Emits {AccessRevoked}.
    function revokeAccess(bytes32 documentId, address grantee) external;

    function ownerOf(bytes32 documentId) external view returns (address);

    /// @notice The digests the document was registered with: a copy whose SHA-256 (or SM3) differs was changed.
    function digestsOf(bytes32 documentId) external view returns (bytes32 sha256Hash, bytes32 sm3Hash);

    /// @notice Whether `account` may read `documentId`: its owner, a grantee, or an active regulator.
    function canRead(bytes32 documentId, address account) external view returns (bool);
}
