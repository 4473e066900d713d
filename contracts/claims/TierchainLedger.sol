// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ClaimLedger} from "./ClaimLedger.sol";
import {MemberRegistry} from "../identity/MemberRegistry.sol";

/// @title TierchainLedger
/// @notice The deployed core: member registry, consortium registry and claim ledger in one contract. Each
/// concern keeps its own source file and interface ({IMemberRegistry}, {IConsortiumRegistry},
/// {IClaimLedger}); they are deployed together so a claim transfer checks membership with local storage
/// reads instead of calls to other contracts (see docs/adr/005-one-ledger-contract.md).
contract TierchainLedger is ClaimLedger {
    constructor(address operator, bytes32 operatorLegalIdHash) MemberRegistry(operator, operatorLegalIdHash) {}
}
