// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title ITelemetryAnchor
/// @notice Roots of Merkle trees of signed device readings, anchored by the platform's anchoring signer, so that
/// anyone can check one reading against the chain, off-chain or in a contract (a lease billing per usage hour).
///
/// A reading and its leaf (the same in TypeScript, src/modules/devices):
///   readingHash = keccak256(abi.encode(uint256 deviceId, uint64 seq, uint40 time, uint64 usageMilliHours,
///                                      int32 latE6, int32 lonE6, uint8 status))
///   the device signs the EIP-191 personal message whose 32 raw bytes are readingHash, with its own key
///   leaf = keccak256(bytes.concat(keccak256(abi.encode(readingHash, keccak256(signature)))))
/// Trees hash pairs sorted (OpenZeppelin MerkleProof's commutative keccak256), so a proof is a list of siblings.
interface ITelemetryAnchor {
    struct Reading {
        uint256 deviceId;
        /// Strictly increasing per device.
        uint64 seq;
        /// Unix seconds, as the device's clock says.
        uint40 time;
        /// Cumulative usage (hour meter), thousandths of an hour.
        uint64 usageMilliHours;
        int32 latE6;
        int32 lonE6;
        /// 0 ok, 1 warning, 2 fault.
        uint8 status;
    }

    /// @notice Batch `batchId` anchors `root` over `count` readings, sequence numbers per device inside it
    /// (the batch's off-chain manifest has the readings).
    event BatchAnchored(uint256 indexed batchId, bytes32 indexed root, uint32 count, uint40 firstTime, uint40 lastTime);

    error NotAnchorer(address caller);
    error BatchEmpty();
    error BatchUnknown(uint256 batchId);
    error ReadingNotAnchored(uint256 batchId, bytes32 leaf);
    error ReadingSignatureInvalid(uint256 deviceId, address signer);

    /// @notice Anchors a batch root. Caller: an anchorer (the operator names them). Returns the batch id (1, 2, ...).
    function anchor(bytes32 root, uint32 count, uint40 firstTime, uint40 lastTime) external returns (uint256 batchId);

    function rootOf(uint256 batchId) external view returns (bytes32);

    /// @notice The leaf of `r` signed with `signature` (see the contract's notice).
    function leafOf(Reading calldata r, bytes calldata signature) external pure returns (bytes32);

    /// @notice True when `r`, signed by its device's current key with `signature`, is in batch `batchId`.
    function isAnchored(uint256 batchId, Reading calldata r, bytes calldata signature, bytes32[] calldata proof)
        external view returns (bool);

    /// @notice Like {isAnchored}, reverting with {ReadingNotAnchored} or {ReadingSignatureInvalid}.
    function requireAnchored(uint256 batchId, Reading calldata r, bytes calldata signature, bytes32[] calldata proof)
        external view;

    // Added with the implementation (issue 13, devices half): who may anchor, and helpers for callers.

    /// @notice The operator allowed (or stopped allowing) `anchorer` to anchor batches.
    event AnchorerSet(address indexed anchorer, bool allowed);

    error NotRegistryOperator(address caller);

    /// @notice Allows (or stops allowing) an account to anchor. Caller: the operator (the member registry's owner).
    function setAnchorer(address anchorer, bool allowed) external;

    function isAnchorer(address account) external view returns (bool);

    /// @notice The number of batches anchored (the last batch id).
    function batchCount() external view returns (uint256);

    /// @notice The hash of `r` that its device signs (see the contract's notice).
    function readingHashOf(Reading calldata r) external pure returns (bytes32);
}
