// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IInvestmentVenue} from "./IInvestmentVenue.sol";

/// @title IP2PListings
/// @notice Peer-to-peer financing (seed 002 §4.4, Algorithm 4). A holder lists units of an obligation claim, which
/// the contract escrows, asking `price` XT for them by `deadline`. Certified investors fund any part and receive as
/// many units of the listing's investment claim as the XT they put in. When the funding reaches the price the holder
/// is paid at once; when the deadline passes first the listing fails, the claim goes back to the holder and every
/// investor's XT comes back (pulled per holding). After the claim's due date, what the obligor pays is collected
/// from settlement and shared among the investment units pro rata; once it is paid in full, they redeem and burn.
/// @dev Pull accounting: a holding of `b` units has been entitled, in total, to floor(b × collected / units) XT;
/// each claim pays that minus what the holding already received, so gas does not grow with the number of
/// investors. Investment units share the listed claim's due date, so they stop moving before anything is
/// collected, and what a holding received stays attached to it. The floors' residue stays in the contract as
/// `collected − distributed`.
interface IP2PListings is IInvestmentVenue {
    enum Status {
        None,
        Open,
        Funded,
        Failed,
        /// Funded, and the listed claim was paid in full and collected.
        Settled
    }

    struct Listing {
        address holder;
        uint40 deadline;
        uint16 targetYieldBps;
        Status status;
        uint256 claimId;
        /// Units of the listed claim escrowed (face).
        uint128 units;
        /// XT asked: the funding target.
        uint128 price;
        uint128 raised;
        /// XT collected from the claim's settlement so far.
        uint128 collected;
        /// XT paid out to investment holdings so far.
        uint128 distributed;
        /// The listing's investment claim id on the ledger.
        uint256 investmentId;
    }

    event Listed(
        bytes32 indexed listingId, address indexed holder, uint256 indexed claimId, uint128 units, uint128 price, uint40 deadline,
        uint16 targetYieldBps, uint256 investmentId
    );
    event ListingFunded(bytes32 indexed listingId, address indexed investor, uint128 amount, uint128 raised);
    /// @notice The target was reached: the holder received `price`.
    event ListingCompleted(bytes32 indexed listingId, address indexed holder, uint128 price);
    /// @notice The deadline passed before the target: the claim went back to its holder.
    event ListingFailed(bytes32 indexed listingId, address indexed holder, uint128 raised);
    event ListingRefunded(bytes32 indexed listingId, address indexed investor, uint128 amount);
    /// @notice `amount` was collected from settlement; `settled` once the listed claim is paid in full.
    event ListingCollected(bytes32 indexed listingId, uint128 amount, uint128 collected, bool settled);
    /// @notice `investor` received `payout`; `burned` units of the investment claim were burned (all, once the
    /// listed claim is paid in full).
    event ListingPaidOut(bytes32 indexed listingId, address indexed investor, uint128 payout, uint128 burned);

    error ListingExists(bytes32 listingId);
    error ListingNotFound(bytes32 listingId);
    error ListingTermsInvalid(bytes32 listingId, string field);
    error ListingNotOpen(bytes32 listingId, Status status);
    error ListingDeadlinePassed(bytes32 listingId, uint40 deadline);
    error ListingDeadlineNotReached(bytes32 listingId, uint40 deadline);
    error FundingExceedsTarget(bytes32 listingId, uint128 remaining, uint128 amount);
    error NotInvestor(address account);
    error ListingNotFunded(bytes32 listingId, Status status);
    error NothingToPay(bytes32 listingId, address investor);
    error ClaimAlreadyListed(uint256 claimId, bytes32 listingId);

    /// @notice Lists `units` of the caller's obligation claim `claimId` (escrowed here) for `price` XT by `deadline`
    /// (before the claim's due date). The price is at most the face: the discount is the investors' yield.
    function list(bytes32 listingId, uint256 claimId, uint128 units, uint128 price, uint40 deadline) external returns (uint256 investmentId);

    /// @notice Funds `amount` XT of an open listing before its deadline (certified investors only); mints as many
    /// investment units to the caller. The funding that reaches the price pays the holder.
    function fund(bytes32 listingId, uint128 amount) external;

    /// @notice After the deadline of a listing that did not reach its price: marks it failed (returning the claim to
    /// its holder) and gives `investor` back the XT of its units, burning them.
    function refund(bytes32 listingId, address investor) external returns (uint128 amount);

    /// @notice Collects what settlement owes the escrowed claim (after its due date) into the listing.
    function collect(bytes32 listingId) external returns (uint128 amount);

    /// @notice Pays `investor` its pro-rata share of what was collected and not yet paid to it; burns its units once
    /// the listed claim is fully paid.
    function claim(bytes32 listingId, address investor) external returns (uint128 payout);

    function listing(bytes32 listingId) external view returns (Listing memory);

    /// @notice What `claim` would pay `investor` now.
    function claimable(bytes32 listingId, address investor) external view returns (uint128);

    /// @notice The investment claim id of a listing.
    function investmentIdOf(bytes32 listingId) external view returns (uint256);
}
