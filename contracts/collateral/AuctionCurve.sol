// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ICollateralVault} from "./ICollateralVault.sol";

/// @title AuctionCurve
/// @notice The descending price of a liquidation auction. From `startPrice` at `startedAt` down to `floorPrice` at
/// `startedAt + duration`; after that the round has ended unsold. Linear: the drop is proportional to the seconds
/// elapsed. Stepwise: the price holds for `step` seconds, then drops by the drop that many seconds are worth.
/// Rounding: the drop is rounded down, so the price is never below the exact curve (in the pledgor's favour).
library AuctionCurve {
    function priceAt(ICollateralVault.Auction memory a, uint256 time) internal pure returns (uint128) {
        if (time >= uint256(a.startedAt) + a.duration) return 0;
        uint256 elapsed = time > a.startedAt ? time - a.startedAt : 0;
        if (a.curve == ICollateralVault.CurveKind.Stepwise && a.step != 0) elapsed -= elapsed % a.step;
        uint256 drop = (uint256(a.startPrice - a.floorPrice) * elapsed) / a.duration;
        return uint128(a.startPrice - drop);
    }
}
