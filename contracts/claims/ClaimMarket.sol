// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IClaimMarket} from "./IClaimMarket.sol";
import {IClaimLedger} from "./IClaimLedger.sol";
import {IMemberRegistry} from "../identity/IMemberRegistry.sol";
import {MemberRoles} from "../libraries/MemberRoles.sol";
import {DayCount} from "../libraries/DayCount.sol";

/// @title ClaimMarket
/// @notice See {IClaimMarket}. The price is face minus the discount floor(face × rate × days / (10 000 × basis)),
/// days counted to the claim's due date with its own day-count convention.
contract ClaimMarket is IClaimMarket, ReentrancyGuard {
    IClaimLedger public immutable ledger;
    IMemberRegistry public immutable members;
    IERC20 public immutable xt;

    mapping(bytes32 offerId => Offer) private _offers;

    constructor(IClaimLedger claimLedger, IMemberRegistry memberRegistry, IERC20 settlementToken) {
        ledger = claimLedger;
        members = memberRegistry;
        xt = settlementToken;
    }

    /// @inheritdoc IClaimMarket
    function postOffer(bytes32 offerId, address obligor, uint16 rateBps, uint128 limit, uint40 expiresAt, address onlyHolder) external {
        if (!members.hasRoles(msg.sender, MemberRoles.FUNDER)) revert NotFunder(msg.sender);
        if (_offers[offerId].funder != address(0)) revert OfferExists(offerId);
        if (limit == 0) revert OfferTermsInvalid("limit");
        if (rateBps > 10_000) revert OfferTermsInvalid("rateBps");
        if (expiresAt <= block.timestamp) revert OfferTermsInvalid("expiresAt");
        // Any certified member may owe claims: a core enterprise its receivables, a pledgor the CTs its collateral backs.
        if (!members.isActive(obligor)) revert OfferTermsInvalid("obligor");
        _offers[offerId] = Offer(msg.sender, obligor, rateBps, expiresAt, onlyHolder, limit);
        emit OfferPosted(offerId, msg.sender, obligor, rateBps, limit, expiresAt, onlyHolder);
    }

    /// @inheritdoc IClaimMarket
    function cancelOffer(bytes32 offerId) external {
        Offer storage o = _offers[offerId];
        if (o.funder == address(0)) revert OfferNotFound(offerId);
        if (o.funder != msg.sender) revert NotOfferFunder(offerId, msg.sender);
        o.remaining = 0;
        emit OfferCancelled(offerId);
    }

    /// @inheritdoc IClaimMarket
    function sell(bytes32 offerId, uint256 id, uint128 amount, uint128 minPrice) external nonReentrant returns (uint128 price) {
        Offer storage o = _offers[offerId];
        if (o.funder == address(0)) revert OfferNotFound(offerId);
        if (block.timestamp >= o.expiresAt) revert OfferExpired(offerId, o.expiresAt);
        if (o.onlyHolder != address(0) && o.onlyHolder != msg.sender) revert OfferNotForYou(offerId, msg.sender);
        if (amount > o.remaining) revert OfferExhausted(offerId, o.remaining, amount);
        uint32 numDays;
        (price, numDays) = _price(offerId, o, id, amount);
        if (price < minPrice) revert PriceBelowMinimum(price, minPrice);

        o.remaining -= amount;
        address funder = o.funder;
        emit ClaimFinanced(offerId, id, msg.sender, funder, amount, price, numDays);
        // Both legs or neither: any revert below undoes the whole sale.
        ledger.transferFrom(msg.sender, funder, id, amount);
        if (!xt.transferFrom(funder, msg.sender, price)) revert PriceBelowMinimum(0, minPrice);
    }

    /// @inheritdoc IClaimMarket
    function quote(bytes32 offerId, uint256 id, uint128 amount) external view returns (uint128 price, uint32 numDays) {
        Offer storage o = _offers[offerId];
        if (o.funder == address(0)) revert OfferNotFound(offerId);
        return _price(offerId, o, id, amount);
    }

    /// @inheritdoc IClaimMarket
    function offer(bytes32 offerId) external view returns (Offer memory) {
        return _offers[offerId];
    }

    function _price(bytes32 offerId, Offer storage o, uint256 id, uint128 amount) private view returns (uint128 price, uint32 numDays) {
        IClaimLedger.Terms memory t = ledger.terms(id);
        if (t.obligor != o.obligor) revert OfferObligorMismatch(offerId, o.obligor, t.obligor);
        uint256 d = DayCount.daysBetween(block.timestamp, t.dueDate);
        numDays = uint32(d);
        uint256 discount = DayCount.interest(amount, o.rateBps, d, t.dayCount);
        if (discount >= amount) revert DiscountExceedsFace(discount, amount);
        price = amount - uint128(discount);
    }
}
