// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ICertificateRegistry} from "./ICertificateRegistry.sol";
import {IMemberRegistry} from "../identity/IMemberRegistry.sol";
import {MemberRoles} from "../libraries/MemberRoles.sol";

/// @title CertificateRegistry
/// @notice See {ICertificateRegistry}.
contract CertificateRegistry is ICertificateRegistry {
    IMemberRegistry public immutable members;

    mapping(address => MemberCertificate) private _certificates;

    constructor(IMemberRegistry memberRegistry) {
        members = memberRegistry;
    }

    /// @inheritdoc ICertificateRegistry
    function recordCertificate(address member, bytes32 sha256Hash, bytes32 sm3Hash, uint64 notAfter) external {
        members.requireRoles(msg.sender, MemberRoles.OPERATOR);
        if (sha256Hash == bytes32(0) || sm3Hash == bytes32(0)) revert CertificateHashZero();
        if (notAfter <= block.timestamp) revert CertificateExpiryPassed(notAfter);
        if (members.memberOf(member).status == IMemberRegistry.MemberStatus.None) revert CertificateMemberNotRegistered(member);

        _certificates[member] = MemberCertificate({sha256Hash: sha256Hash, sm3Hash: sm3Hash, notAfter: notAfter, revoked: false});
        emit CertificateRecorded(member, sha256Hash, sm3Hash, notAfter, msg.sender);
    }

    /// @inheritdoc ICertificateRegistry
    function revokeCertificate(address member, bytes32 sha256Hash) external {
        members.requireRoles(msg.sender, MemberRoles.OPERATOR);
        MemberCertificate storage c = _certificates[member];
        if (sha256Hash == bytes32(0) || c.sha256Hash != sha256Hash || c.revoked) revert CertificateNotCurrent(member, sha256Hash);

        c.revoked = true;
        emit CertificateRevoked(member, sha256Hash, msg.sender);
    }

    /// @inheritdoc ICertificateRegistry
    function certificateOf(address member) external view returns (MemberCertificate memory) {
        return _certificates[member];
    }
}
