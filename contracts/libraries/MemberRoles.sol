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

    uint64 internal constant ALL = (1 << 8) - 1;
    uint64 internal constant PRIVILEGED = VERIFIER | REGULATOR | BANK_GATEWAY | OPERATOR;
}
