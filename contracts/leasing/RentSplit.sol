// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title RentSplit
/// @notice How one payment of `amount` XT minor units is shared, to the last minor unit (the same in TypeScript,
/// src/modules/leasing/rentSplit.ts):
///   platform   = floor(amount × platformBps / 10 000)
///   provider j = floor(amount × bps_j / 10 000)
///   investors' pool = amount − platform − Σ provider j   (the fee floors' fractions stay with the investors)
///   investor k = floor(pool × shares_k / Σ shares), then the pool's residue r = pool − Σ floors (r < number of
///   investors) goes one minor unit each to the r investors with the largest remainders (pool × shares_k mod
///   Σ shares), ties to the earlier funder (largest-remainder / Hamilton rule).
/// So Σ of every part = amount, always; nothing stays behind.
library RentSplit {
    function fees(uint256 amount, uint16 platformBps, uint16[] memory providerBps)
        internal
        pure
        returns (uint256 platform, uint256[] memory providers, uint256 pool)
    {
        platform = (amount * platformBps) / 10_000;
        providers = new uint256[](providerBps.length);
        pool = amount - platform;
        for (uint256 j; j < providerBps.length; ++j) {
            providers[j] = (amount * providerBps[j]) / 10_000;
            pool -= providers[j];
        }
    }

    /// @notice `pool` shared pro rata to `shares` (Σ shares = `total` > 0) by the largest-remainder rule.
    function proRata(uint256 pool, uint256[] memory shares, uint256 total) internal pure returns (uint256[] memory parts) {
        uint256 n = shares.length;
        parts = new uint256[](n);
        uint256[] memory remainders = new uint256[](n);
        uint256 given;
        for (uint256 k; k < n; ++k) {
            uint256 product = pool * shares[k];
            parts[k] = product / total;
            remainders[k] = product % total;
            given += parts[k];
        }
        for (uint256 residue = pool - given; residue != 0; --residue) {
            uint256 best;
            for (uint256 k = 1; k < n; ++k) {
                if (remainders[k] > remainders[best]) best = k;
            }
            parts[best] += 1;
            // Each investor takes at most one unit of the residue (r < n): the remainder is spent.
            remainders[best] = 0;
        }
    }
}
