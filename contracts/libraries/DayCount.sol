// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title DayCount
/// @notice Interest and discount arithmetic in integer minor units. One rounding rule everywhere: every
/// computed amount is rounded down (toward zero). Days are whole days: to maturity a started day counts as a day;
/// after a due date only whole days past the due day count (ACT), the due day itself being on time.
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

    /// @notice Whole days late at `time` for a claim due on the day starting at `dueDate` (the first second of the due
    /// day in the claim's time zone): 0 on the due day itself, however late in the day; from the next day the actual
    /// number of days after the due date (ACT): 1 all through the day after, 30 thirty days after.
    function daysLate(uint256 dueDate, uint256 time) internal pure returns (uint256) {
        if (time < dueDate) return 0;
        return (time - dueDate) / 1 days;
    }

    /// @notice floor(amount × rateBps × days / (10 000 × basis)).
    function interest(uint256 amount, uint256 rateBps, uint256 numDays, uint8 dayCount) internal pure returns (uint256) {
        return (amount * rateBps * numDays) / (10_000 * basis(dayCount));
    }

    /// @notice Interest accrued in steps (late interest, checkpointed at each payment) without losing the floors'
    /// fractions: adds `amount × rateBps × days` to the numerator `carry` left by the previous step (the fraction
    /// of a minor unit, in units of 1 / (10 000 × basis)), returns the whole minor units and the new carry. After
    /// any number of steps, Σ accrued = floor(Σ amount_i × rate × days_i / (10 000 × basis)): the floor is taken
    /// once, on the exact total, and the residue (`carry`, always < 10 000 × basis) stays visible.
    function accrue(uint256 amount, uint256 rateBps, uint256 numDays, uint8 dayCount, uint256 carry)
        internal
        pure
        returns (uint256 accrued, uint256 newCarry)
    {
        uint256 denominator = 10_000 * basis(dayCount);
        uint256 numerator = amount * rateBps * numDays + carry;
        return (numerator / denominator, numerator % denominator);
    }
}
