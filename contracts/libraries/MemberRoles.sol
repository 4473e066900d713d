// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title MemberRoles
/// @notice Bit flags for what a certified member may do. A member may hold several.
/// @dev Business roles can be certified by any certifier; privileged roles only by the registry admin.
library MemberRoles {
    uint64 internal constant CORE_ENTERPRISE = 1 << 0;
    uint64 internal constant SUPPLIER = 1 << 1;
    uint64 internal constant DISTRIBUTOR = 1 << 2;
    uint64 internal constant FUNDER = 1 << 3;
    uint64 internal constant VERIFIER = 1 << 4;
    uint64 internal constant REGULATOR = 1 << 5;
    uint64 internal constant BANK_GATEWAY = 1 << 6;
    uint64 internal constant OPERATOR = 1 << 7;
    /// A business role: a member that stands behind a core enterprise's credit line. It is named on a line by
    /// whoever manages the line and must accept on-chain; it may then pay into the settlement of the claims
    /// issued under it (Receivables).
    uint64 internal constant GUARANTOR = 1 << 8;

    /// Business roles of the Lease Chain (seed 004): a manufacturer registers its devices as tokens (DeviceRegistry)
    /// and leases them out; a lessee rents them; an investor funds their purchase; a service provider maintains,
    /// insures or inspects them.
    uint64 internal constant MANUFACTURER = 1 << 9;
    uint64 internal constant LESSEE = 1 << 10;
    uint64 internal constant INVESTOR = 1 << 11;
    uint64 internal constant SERVICE_PROVIDER = 1 << 12;

    uint64 internal constant ALL = (1 << 13) - 1;
    uint64 internal constant PRIVILEGED = VERIFIER | REGULATOR | BANK_GATEWAY | OPERATOR;
}
