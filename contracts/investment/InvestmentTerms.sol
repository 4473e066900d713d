// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title InvestmentTerms
/// @notice The conditions an investment (right-type) claim carries besides the ledger's terms. The ledger records
/// the id with kind Investment, the venue contract as obligor, the maturity as due date and
/// keccak256(abi.encode(InvestmentTerms)) as its documents hash; the venue emits the conditions in full
/// ({InvestmentDefined}), so anyone can check them against that hash.
library InvestmentTerms {
    enum Venue {
        Listing,
        Pool,
        /// A lease of the lease book (contracts/leasing): the investors' shares of one device.
        Lease
    }

    /// @notice How an investment claim turns back into XT.
    enum Redemption {
        /// Listing: pro-rata share of what the obligor pays, claimed after maturity; units burn once it is all paid.
        ProRataAtMaturity,
        /// Pool tranche: a redemption request executed at an epoch close at the tranche's price.
        EpochRequest,
        /// Lease: each rent payment (and the salvage value at a purchase) is split among the units when paid; the
        /// units burn when the lease ends.
        RentShare
    }

    struct Terms {
        Venue venue;
        /// The listing or pool id (bytes32, chosen by whoever opened it).
        bytes32 series;
        /// 0 for a listing; 0 = A (senior), 1 = B (mezzanine), 2 = C (junior) for a pool.
        uint8 tranche;
        /// Annual target yield in basis points (for a listing: implied by price, face and tenor).
        uint16 targetYieldBps;
        /// When it matures: the listed claim's due date, or the pool's end.
        uint40 maturity;
        Redemption redemption;
    }

    function hash(Terms memory t) internal pure returns (bytes32) {
        return keccak256(abi.encode(t));
    }
}
