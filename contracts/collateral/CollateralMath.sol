// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {DayCount} from "../libraries/DayCount.sol";

/// @title CollateralMath
/// @notice The collateral vault's payout and accrual arithmetic, in integer minor units: shares of a basis-point
/// rate, pro-rata shares, late interest, and the liquidation waterfall. Pure, internal (compiled into the vault).
/// Rounding: every amount is rounded down; the only residue handed out is a split's, see {split}.
library CollateralMath {
    /// @notice Late interest owed on a draw: principal outstanding, interest due (checkpointed and accrued since),
    /// the whole days late it is accrued to, the fraction of a minor unit carried between checkpoints (see
    /// {DayCount.accrue}), what this accrual added, and whether it reached a new day.
    struct Accrual {
        uint128 principal;
        uint128 due;
        uint128 accrued;
        uint32 daysLate;
        uint32 carry;
        bool advanced;
    }

    /// @notice floor(amount × rateBps / 10 000).
    function applyBps(uint256 amount, uint256 rateBps) internal pure returns (uint256) {
        return (amount * rateBps) / 10_000;
    }

    /// @notice `debt` as basis points of `value`, floor(debt × 10 000 / value); the maximum when `value` is 0.
    function ratioBps(uint256 debt, uint256 value) internal pure returns (uint256) {
        return value == 0 ? type(uint256).max : (debt * 10_000) / value;
    }

    /// @notice A holding's share of a draw's `amount`: floor(units × amount / face). Holders' floors leave a
    /// residue in the vault.
    function proRata(uint256 units, uint256 amount, uint256 face) internal pure returns (uint256) {
        return (units * amount) / face;
    }

    /// @notice Advances `a` (in place) to `time`: when the draw has a late rate, principal outstanding and `time` is
    /// past `dueDate`, simple interest on the principal for the days late not yet accrued, a started day counting as
    /// a day, is added to `a.due` with {DayCount.accrue} (rounded down once on the exact total, the fraction kept in
    /// `a.carry`); `a.advanced` tells whether a new day was reached. Reverts if the days or the interest overflow
    /// their fields.
    function accrueLate(Accrual memory a, uint256 lateRateBps, uint256 dueDate, uint8 dayCount, uint256 time) internal pure {
        if (lateRateBps == 0 || a.principal == 0 || time <= dueDate) return;
        uint256 days_ = DayCount.daysBetween(dueDate, time);
        if (days_ <= a.daysLate) return;
        (uint256 more, uint256 rest) = DayCount.accrue(a.principal, lateRateBps, days_ - a.daysLate, dayCount, a.carry);
        a.accrued = SafeCast.toUint128(more);
        a.due += a.accrued;
        a.daysLate = SafeCast.toUint32(days_);
        a.carry = uint32(rest);
        a.advanced = true;
    }

    /// @notice The liquidation waterfall across draws: `available` pays the charges (late interest and penalty) pro
    /// rata to each draw's `charges`, then what is left pays principal pro rata to `principals`, each with {split}.
    /// @return chargeShares What each draw's charges get.
    /// @return principalShares What each draw's principal gets.
    /// @return surplus What is left once every charge and all principal are paid.
    /// @return shortfall What the draws together do not get (charges and principal).
    function waterfall(uint256 available, uint256[] memory charges, uint256[] memory principals)
        internal
        pure
        returns (uint256[] memory chargeShares, uint256[] memory principalShares, uint256 surplus, uint256 shortfall)
    {
        uint256 totalCharges = sum(charges);
        uint256 totalPrincipal = sum(principals);
        uint256 toCharges = available < totalCharges ? available : totalCharges;
        chargeShares = split(toCharges, charges, totalCharges);
        uint256 rest = available - toCharges;
        uint256 toPrincipal = rest < totalPrincipal ? rest : totalPrincipal;
        principalShares = split(toPrincipal, principals, totalPrincipal);
        surplus = rest - toPrincipal;
        shortfall = totalCharges + totalPrincipal - toCharges - toPrincipal;
    }

    /// @notice `amount` split pro rata to `weights` (which sum to `total`, and `amount` ≤ `total`): floor(amount × w_i /
    /// total) each, then the remainder one unit each to the first entries still short of their weight (the remainder
    /// never exceeds the number of entries with a fraction), so the shares sum to `amount` exactly.
    function split(uint256 amount, uint256[] memory weights, uint256 total) internal pure returns (uint256[] memory shares) {
        shares = new uint256[](weights.length);
        if (amount == 0) return shares;
        uint256 given;
        for (uint256 i; i < weights.length; ++i) {
            shares[i] = (amount * weights[i]) / total;
            given += shares[i];
        }
        for (uint256 i; given < amount && i < weights.length; ++i) {
            if (shares[i] < weights[i]) {
                shares[i] += 1;
                given += 1;
            }
        }
    }

    function sum(uint256[] memory values) private pure returns (uint256 total) {
        for (uint256 i; i < values.length; ++i) total += values[i];
    }
}
