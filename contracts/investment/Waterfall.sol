// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {DayCount} from "../libraries/DayCount.sol";

/// @title Waterfall
/// @notice How a pool's value is divided among its tranches A (senior), B (mezzanine) and C (junior) at an epoch
/// close, and how its overdue claims are written down. Pure arithmetic; one rounding rule: every amount rounds down,
/// and whatever the floors leave goes to the junior tranche (it takes "the rest"), so nothing is lost.
library Waterfall {
    uint256 internal constant TRANCHES = 3;

    /// @notice A tranche's target value at this close: its value at the previous close plus simple interest at its
    /// target yield over the whole days since (a started day counts), rounded down.
    function target(uint256 previous, uint16 yieldBps, uint256 numDays, uint8 dayCount) internal pure returns (uint256) {
        return previous + DayCount.interest(previous, yieldBps, numDays, dayCount);
    }

    /// @notice Divides `poolValue` (NAV + cash) among the tranches. First the sponsor's cover tops the pool up to
    /// what keeps the junior tranche's previous value whole (A's and B's targets plus C's previous value), as far
    /// as it goes: the cover absorbs losses before C. Then A takes up to its target, B up to its target, C the
    /// rest. So B receives nothing until A is whole, C nothing until B is whole; a shortfall hits C first, then B,
    /// then A.
    /// @return values each tranche's value after the close
    /// @return coverUsed how much of `cover` was drawn into the pool
    function allocate(uint256 poolValue, uint256[3] memory previous, uint256[3] memory targets, uint256 cover)
        internal
        pure
        returns (uint256[3] memory values, uint256 coverUsed)
    {
        uint256 protectedValue = targets[0] + targets[1] + previous[2];
        if (poolValue < protectedValue) {
            uint256 shortfall = protectedValue - poolValue;
            coverUsed = shortfall < cover ? shortfall : cover;
            poolValue += coverUsed;
        }
        uint256 rest = poolValue;
        values[0] = rest < targets[0] ? rest : targets[0];
        rest -= values[0];
        values[1] = rest < targets[1] ? rest : targets[1];
        values[2] = rest - values[1];
    }

    /// @notice The documented write-down schedule: the share (basis points) of an overdue claim's unpaid face that the
    /// NAV still counts, by whole days past its due date. Up to 30 days: 100 % (grace); 31–60: 50 %; 61–90: 25 %;
    /// more than 90: nothing (written down in full; anything collected later is a recovery, added to cash).
    function overdueValueBps(uint256 daysOverdue) internal pure returns (uint256) {
        if (daysOverdue <= 30) return 10_000;
        if (daysOverdue <= 60) return 5_000;
        if (daysOverdue <= 90) return 2_500;
        return 0;
    }

    /// @notice The value of a held claim at `time`: before its due date, the price paid accreted straight-line to
    /// the face (the discount earned as time passes); from its due date, the face not yet collected times the
    /// write-down schedule. Rounded down.
    function assetValue(uint256 face, uint256 price, uint256 collected, uint256 boughtAt, uint256 dueDate, uint256 time)
        internal
        pure
        returns (uint256)
    {
        if (time < dueDate) {
            return price + ((face - price) * (time - boughtAt)) / (dueDate - boughtAt);
        }
        if (collected >= face) return 0;
        return ((face - collected) * overdueValueBps(DayCount.daysBetween(dueDate, time))) / 10_000;
    }
}
