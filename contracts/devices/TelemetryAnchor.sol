// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {ITelemetryAnchor} from "./ITelemetryAnchor.sol";
import {IDeviceRegistry} from "./IDeviceRegistry.sol";
import {IMemberRegistry} from "../identity/IMemberRegistry.sol";

/// @title TelemetryAnchor
/// @notice See {ITelemetryAnchor}. Stores one root per batch; a reading is checked against a root with its Merkle
/// proof and against its device's current key with its signature.
/// @dev The EIP-191 prefix is applied here rather than with OpenZeppelin's MessageHashUtils: that library imports
/// Strings, whose MCOPY the `paris` EVM lacks. The result is the same 32-byte digest
/// (keccak256("\x19Ethereum Signed Message:\n32" ‖ readingHash)).
contract TelemetryAnchor is ITelemetryAnchor {
    IMemberRegistry public immutable members;
    IDeviceRegistry public immutable devices;

    uint256 public batchCount;
    mapping(uint256 batchId => bytes32 root) private _roots;
    mapping(address account => bool) private _anchorers;

    /// @param firstAnchorer the platform's anchoring signer (the operator at deployment).
    constructor(IMemberRegistry memberRegistry, IDeviceRegistry deviceRegistry, address firstAnchorer) {
        members = memberRegistry;
        devices = deviceRegistry;
        _anchorers[firstAnchorer] = true;
        emit AnchorerSet(firstAnchorer, true);
    }

    /// @inheritdoc ITelemetryAnchor
    function anchor(bytes32 root, uint32 count, uint40 firstTime, uint40 lastTime) external returns (uint256 batchId) {
        if (!_anchorers[msg.sender]) revert NotAnchorer(msg.sender);
        if (count == 0 || root == bytes32(0)) revert BatchEmpty();
        batchId = ++batchCount;
        _roots[batchId] = root;
        emit BatchAnchored(batchId, root, count, firstTime, lastTime);
    }

    /// @inheritdoc ITelemetryAnchor
    function setAnchorer(address anchorer, bool allowed) external {
        if (msg.sender != Ownable(address(members)).owner()) revert NotRegistryOperator(msg.sender);
        _anchorers[anchorer] = allowed;
        emit AnchorerSet(anchorer, allowed);
    }

    /// @inheritdoc ITelemetryAnchor
    function isAnchorer(address account) external view returns (bool) {
        return _anchorers[account];
    }

    /// @inheritdoc ITelemetryAnchor
    function rootOf(uint256 batchId) external view returns (bytes32) {
        return _roots[batchId];
    }

    /// @inheritdoc ITelemetryAnchor
    function readingHashOf(Reading calldata r) public pure returns (bytes32) {
        return keccak256(abi.encode(r.deviceId, r.seq, r.time, r.usageMilliHours, r.latE6, r.lonE6, r.status));
    }

    /// @inheritdoc ITelemetryAnchor
    function leafOf(Reading calldata r, bytes calldata signature) public pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(readingHashOf(r), keccak256(signature)))));
    }

    /// @inheritdoc ITelemetryAnchor
    function isAnchored(uint256 batchId, Reading calldata r, bytes calldata signature, bytes32[] calldata proof)
        external
        view
        returns (bool)
    {
        bytes32 root = _roots[batchId];
        if (root == bytes32(0)) return false;
        (, bool valid) = _signer(r, signature);
        if (!valid) return false;
        return MerkleProof.verifyCalldata(proof, root, leafOf(r, signature));
    }

    /// @inheritdoc ITelemetryAnchor
    function requireAnchored(uint256 batchId, Reading calldata r, bytes calldata signature, bytes32[] calldata proof)
        external
        view
    {
        bytes32 root = _roots[batchId];
        if (root == bytes32(0)) revert BatchUnknown(batchId);
        (address signer, bool valid) = _signer(r, signature);
        if (!valid) revert ReadingSignatureInvalid(r.deviceId, signer);
        bytes32 leaf = leafOf(r, signature);
        if (!MerkleProof.verifyCalldata(proof, root, leaf)) revert ReadingNotAnchored(batchId, leaf);
    }

    /// @dev Who signed `r`, and whether that is its device's current key.
    function _signer(Reading calldata r, bytes calldata signature) private view returns (address signer, bool valid) {
        bytes32 digest = keccak256(abi.encodePacked("\x19Ethereum Signed Message:\n32", readingHashOf(r)));
        (address recovered, ECDSA.RecoverError err,) = ECDSA.tryRecoverCalldata(digest, signature);
        if (err != ECDSA.RecoverError.NoError) return (address(0), false);
        return (recovered, recovered != address(0) && devices.deviceIdByKey(recovered) == r.deviceId);
    }
}
