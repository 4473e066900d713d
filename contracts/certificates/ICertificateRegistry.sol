// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title ICertificateRegistry
/// @notice The X.509 certificate each member is onboarded with, as hashes: the platform's operator checks the chain to
/// the certificate authority it configured, the validity and the revocation list off-chain, then records here the
/// certificate's SHA-256 and SM3 digests (of its DER encoding) and its expiry with the member; it revokes it when the
/// authority's list does. Anyone can then check that a document signature was made with the member's current
/// certificate.
interface ICertificateRegistry {
    struct MemberCertificate {
        bytes32 sha256Hash;
        bytes32 sm3Hash;
        uint64 notAfter;
        bool revoked;
    }

    /// @notice `recordedBy` (the operator) recorded `sha256Hash` as `member`'s certificate, valid until `notAfter`.
    event CertificateRecorded(address indexed member, bytes32 indexed sha256Hash, bytes32 sm3Hash, uint64 notAfter, address indexed recordedBy);
    /// @notice `member`'s certificate `sha256Hash` was revoked by `revokedBy`.
    event CertificateRevoked(address indexed member, bytes32 indexed sha256Hash, address indexed revokedBy);

    error CertificateHashZero();
    error CertificateExpiryPassed(uint64 notAfter);
    error CertificateMemberNotRegistered(address member);
    error CertificateNotCurrent(address member, bytes32 sha256Hash);

    /// @notice Records `member`'s certificate, replacing the one before.
    /// @dev Requirements: caller an active member with the OPERATOR role; `member` registered; hashes non-zero;
    /// `notAfter` in the future. Emits {CertificateRecorded}.
    function recordCertificate(address member, bytes32 sha256Hash, bytes32 sm3Hash, uint64 notAfter) external;

    /// @notice Marks `member`'s current certificate `sha256Hash` revoked.
    /// @dev Requirements: caller an active operator; `sha256Hash` is `member`'s current, unrevoked certificate.
    /// Emits {CertificateRevoked}.
    function revokeCertificate(address member, bytes32 sha256Hash) external;

    function certificateOf(address member) external view returns (MemberCertificate memory);
}
