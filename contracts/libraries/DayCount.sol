// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title DayCount
/// @notice Interest and discount arithmetic in integer minor units. One rounding rule everywhere: every
/// computed amount is rounded down (toward zero). Days are whole days; a started day counts as a day.
library DayCount {
    uint8 internal constant ACT_360 = 0;
    uint8 internal constant ACT_365F = 1;

    error DayCountUnknown(uint8 dayCount);

    function basis(uint8 dayCount) internal pure returns (uint256) {
        if (dayCount == ACT_360) return 360;
        if (dayCount == ACT_365F) return 365;
        revert DayCountUnknown(dayCount);
    }

    /// @notice Whole days from `fromTime` to `toTime` (0 when `toTime` is not later); a started day counts.
    function daysBetween(uint256 fromTime, uint256 toTime) internal pure returns (uint256) {
        if (toTime <= fromTime) return 0;
        return (toTime - fromTime + 1 days - 1) / 1 days;
    }

    /// @notice floor(amount × rateBps × days / (10 000 × basis)).
    function interest(uint256 amount, uint256 rateBps, uint256 numDays, uint8 dayCount) internal pure returns (uint256) {
        return (amount * rateBps * numDays) / (10_000 * basis(dayCount));
    }
}
