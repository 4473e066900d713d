// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {InvestmentTerms} from "./InvestmentTerms.sol";

/// @title IInvestmentVenue
/// @notice What every venue issuing investment claims (listings, pools) announces about them.
interface IInvestmentVenue {
    /// @notice Investment claim `id` exists on the ledger with these conditions (their hash is its documents hash).
    event InvestmentDefined(
        uint256 indexed id,
        bytes32 indexed series,
        InvestmentTerms.Venue venue,
        uint8 tranche,
        uint16 targetYieldBps,
        uint40 maturity,
        InvestmentTerms.Redemption redemption
    );
}
