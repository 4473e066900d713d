// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title IClaimMarket
/// @notice Financing: funders post standing offers to buy claims on an obligor at a discount rate; a holder
/// sells all or part of a claim against an offer. The claim and the XT change hands in one transaction
/// (delivery versus payment): both legs happen or neither does. A quote is an offer restricted to one holder.
interface IClaimMarket {
    struct Offer {
        address funder;
        address obligor;
        /// Discount rate per year in basis points.
        uint16 rateBps;
        uint40 expiresAt;
        /// Only this holder may accept (a quote); zero for a standing offer open to every holder.
        address onlyHolder;
        /// Face amount the funder is still willing to buy.
        uint128 remaining;
    }

    event OfferPosted(bytes32 indexed offerId, address indexed funder, address indexed obligor, uint16 rateBps, uint128 limit, uint40 expiresAt, address onlyHolder);
    event OfferCancelled(bytes32 indexed offerId);
    /// @notice `seller` sold `amount` face of claim `id` to `funder` for `price` XT (`amount − price` discount, `numDays` to maturity).
    event ClaimFinanced(bytes32 indexed offerId, uint256 indexed id, address indexed seller, address funder, uint128 amount, uint128 price, uint32 numDays);

    error OfferExists(bytes32 offerId);
    error OfferNotFound(bytes32 offerId);
    error OfferExpired(bytes32 offerId, uint40 expiresAt);
    error OfferExhausted(bytes32 offerId, uint128 remaining, uint128 requested);
    error OfferNotForYou(bytes32 offerId, address holder);
    error OfferObligorMismatch(bytes32 offerId, address offerObligor, address claimObligor);
    error NotFunder(address caller);
    error NotOfferFunder(bytes32 offerId, address caller);
    error PriceBelowMinimum(uint128 price, uint128 minPrice);
    error OfferTermsInvalid(string field);
    error DiscountExceedsFace(uint256 discount, uint128 amount);

    /// @notice Posts an offer on claims owed by `obligor` (an active member: a core enterprise, or a pledgor owing
    /// collateral CTs). Caller: an active funder. Emits {OfferPosted}.
    function postOffer(bytes32 offerId, address obligor, uint16 rateBps, uint128 limit, uint40 expiresAt, address onlyHolder) external;

    /// @notice Withdraws an offer. Caller: its funder. Emits {OfferCancelled}.
    function cancelOffer(bytes32 offerId) external;

    /// @notice Sells `amount` of the caller's claim `id` against `offerId`, receiving at least `minPrice` XT.
    /// @return price the XT paid to the caller.
    function sell(bytes32 offerId, uint256 id, uint128 amount, uint128 minPrice) external returns (uint128 price);

    /// @notice The price `amount` of claim `id` fetches against `offerId` now (floor rounding of the discount).
    function quote(bytes32 offerId, uint256 id, uint128 amount) external view returns (uint128 price, uint32 numDays);

    function offer(bytes32 offerId) external view returns (Offer memory);
}
