// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IP2PListings} from "./IP2PListings.sol";
import {InvestmentTerms} from "./InvestmentTerms.sol";
import {IClaimLedger} from "../claims/IClaimLedger.sol";
import {IMemberRegistry} from "../identity/IMemberRegistry.sol";
import {IReceivables} from "../receivables/IReceivables.sol";
import {MemberRoles} from "../libraries/MemberRoles.sol";
import {DayCount} from "../libraries/DayCount.sol";

/// @title P2PListings
/// @notice See {IP2PListings}.
contract P2PListings is IP2PListings, ReentrancyGuard {
    IClaimLedger public immutable ledger;
    IMemberRegistry public immutable members;
    IReceivables public immutable receivables;
    IERC20 public immutable xt;

    mapping(bytes32 listingId => Listing) private _listings;
    /// XT already paid to each holding of a listing's investment claim.
    mapping(bytes32 listingId => mapping(address investor => uint128)) public received;
    /// The live listing (open or funded and not settled) of each claim id: one at a time, so what settlement pays
    /// this contract for a claim belongs to one listing.
    mapping(uint256 claimId => bytes32) public listingOfClaim;

    constructor(IClaimLedger claimLedger, IMemberRegistry memberRegistry, IReceivables settlement, IERC20 settlementToken) {
        ledger = claimLedger;
        members = memberRegistry;
        receivables = settlement;
        xt = settlementToken;
    }

    /// @inheritdoc IP2PListings
    function list(bytes32 listingId, uint256 claimId, uint128 units, uint128 price, uint40 deadline)
        external
        nonReentrant
        returns (uint256 investmentId)
    {
        if (_listings[listingId].status != Status.None) revert ListingExists(listingId);
        IClaimLedger.Terms memory t = ledger.terms(claimId);
        if (t.obligor == address(0) || t.kind == IClaimLedger.Kind.Investment) revert ListingTermsInvalid(listingId, "claimId");
        if (units == 0) revert ListingTermsInvalid(listingId, "units");
        if (price == 0 || price > units) revert ListingTermsInvalid(listingId, "price");
        if (deadline <= block.timestamp || deadline >= t.dueDate) revert ListingTermsInvalid(listingId, "deadline");
        bytes32 live = listingOfClaim[claimId];
        if (live != bytes32(0)) revert ClaimAlreadyListed(claimId, live);

        // The yield an investor earns if the obligor pays the face at the due date, over the days from the deadline
        // (ACT/360 or ACT/365F as the claim), rounded down; capped at 655.35 %.
        uint256 tenor = DayCount.daysBetween(deadline, t.dueDate);
        uint256 yieldBps = (uint256(units - price) * 10_000 * DayCount.basis(t.dayCount)) / (uint256(price) * tenor);
        uint16 targetYieldBps = yieldBps > type(uint16).max ? type(uint16).max : uint16(yieldBps);
        investmentId = investmentIdOf(listingId);
        InvestmentTerms.Terms memory it = InvestmentTerms.Terms({
            venue: InvestmentTerms.Venue.Listing,
            series: listingId,
            tranche: 0,
            targetYieldBps: targetYieldBps,
            maturity: t.dueDate,
            redemption: InvestmentTerms.Redemption.ProRataAtMaturity
        });
        _listings[listingId] = Listing({
            holder: msg.sender,
            deadline: deadline,
            targetYieldBps: targetYieldBps,
            status: Status.Open,
            claimId: claimId,
            units: units,
            price: price,
            raised: 0,
            collected: 0,
            distributed: 0,
            investmentId: investmentId
        });
        listingOfClaim[claimId] = listingId;
        emit Listed(listingId, msg.sender, claimId, units, price, deadline, targetYieldBps, investmentId);
        emit InvestmentDefined(investmentId, listingId, it.venue, 0, targetYieldBps, t.dueDate, it.redemption);
        // Escrow: this contract takes the units into its custody (the ledger checks the holder is active).
        ledger.transferFrom(msg.sender, address(this), claimId, units);
        ledger.issue(
            investmentId,
            IClaimLedger.Terms({
                obligor: address(this),
                dueDate: t.dueDate,
                lateRateBps: 0,
                maxHops: type(uint8).max,
                dayCount: t.dayCount,
                kind: IClaimLedger.Kind.Investment,
                consortiumId: t.consortiumId,
                parent: 0,
                root: investmentId,
                documentsHash: InvestmentTerms.hash(it)
            }),
            msg.sender,
            0
        );
    }

    /// @inheritdoc IP2PListings
    function fund(bytes32 listingId, uint128 amount) external nonReentrant {
        Listing storage l = _existing(listingId);
        if (l.status != Status.Open) revert ListingNotOpen(listingId, l.status);
        if (block.timestamp >= l.deadline) revert ListingDeadlinePassed(listingId, l.deadline);
        if (!members.hasRoles(msg.sender, MemberRoles.FUNDER)) revert NotInvestor(msg.sender);
        uint128 remaining = l.price - l.raised;
        if (amount == 0 || amount > remaining) revert FundingExceedsTarget(listingId, remaining, amount);
        uint128 raised = l.raised + amount;
        l.raised = raised;
        bool completed = raised == l.price;
        if (completed) l.status = Status.Funded;
        emit ListingFunded(listingId, msg.sender, amount, raised);
        if (completed) emit ListingCompleted(listingId, l.holder, raised);
        if (!xt.transferFrom(msg.sender, address(this), amount)) revert FundingExceedsTarget(listingId, remaining, amount);
        ledger.mint(msg.sender, l.investmentId, amount);
        if (completed && !xt.transfer(l.holder, raised)) revert ListingNotOpen(listingId, Status.Funded);
    }

    /// @inheritdoc IP2PListings
    function refund(bytes32 listingId, address investor) external nonReentrant returns (uint128 amount) {
        Listing storage l = _existing(listingId);
        bool failing = l.status == Status.Open;
        if (!failing && l.status != Status.Failed) revert ListingNotOpen(listingId, l.status);
        if (block.timestamp < l.deadline) revert ListingDeadlineNotReached(listingId, l.deadline);
        amount = SafeCast.toUint128(ledger.balanceOf(investor, l.investmentId));
        if (failing) {
            l.status = Status.Failed;
            delete listingOfClaim[l.claimId];
            emit ListingFailed(listingId, l.holder, l.raised);
        }
        if (amount != 0) emit ListingRefunded(listingId, investor, amount);
        if (failing) ledger.transferFrom(address(this), l.holder, l.claimId, l.units);
        if (amount != 0) {
            ledger.burn(investor, l.investmentId, amount);
            if (!xt.transfer(investor, amount)) revert NothingToPay(listingId, investor);
        }
    }

    /// @inheritdoc IP2PListings
    function collect(bytes32 listingId) external nonReentrant returns (uint128 amount) {
        Listing storage l = _existing(listingId);
        if (l.status != Status.Funded) revert ListingNotFunded(listingId, l.status);
        amount = receivables.redeemable(l.claimId, address(this));
        if (amount == 0) revert NothingToPay(listingId, address(this));
        uint256 claimId = l.claimId;
        uint128 before = SafeCast.toUint128(xt.balanceOf(address(this)));
        // Settlement pays this contract (the escrow holder) and burns the units once the claim is paid in full.
        receivables.redeem(claimId, address(this));
        amount = SafeCast.toUint128(xt.balanceOf(address(this))) - before;
        uint128 collected = l.collected + amount;
        l.collected = collected;
        bool settled = ledger.balanceOf(address(this), claimId) == 0;
        if (settled) {
            l.status = Status.Settled;
            delete listingOfClaim[claimId];
        }
        emit ListingCollected(listingId, amount, collected, settled);
    }

    /// @inheritdoc IP2PListings
    function claim(bytes32 listingId, address investor) external nonReentrant returns (uint128 payout) {
        Listing storage l = _existing(listingId);
        if (l.status != Status.Funded && l.status != Status.Settled) revert ListingNotFunded(listingId, l.status);
        uint128 balance = SafeCast.toUint128(ledger.balanceOf(investor, l.investmentId));
        uint128 entitled = _entitled(l, balance);
        payout = entitled - received[listingId][investor];
        bool settled = l.status == Status.Settled;
        if (payout == 0 && !(settled && balance != 0)) revert NothingToPay(listingId, investor);
        uint128 burned = settled ? balance : 0;
        received[listingId][investor] = settled ? 0 : entitled;
        l.distributed += payout;
        emit ListingPaidOut(listingId, investor, payout, burned);
        if (burned != 0) ledger.burn(investor, l.investmentId, burned);
        if (payout != 0 && !xt.transfer(investor, payout)) revert NothingToPay(listingId, investor);
    }

    /// @inheritdoc IP2PListings
    function listing(bytes32 listingId) external view returns (Listing memory) {
        return _listings[listingId];
    }

    /// @inheritdoc IP2PListings
    function claimable(bytes32 listingId, address investor) external view returns (uint128) {
        Listing storage l = _listings[listingId];
        if (l.status != Status.Funded && l.status != Status.Settled) return 0;
        return _entitled(l, SafeCast.toUint128(ledger.balanceOf(investor, l.investmentId))) - received[listingId][investor];
    }

    /// @inheritdoc IP2PListings
    function investmentIdOf(bytes32 listingId) public view returns (uint256) {
        return uint256(keccak256(abi.encode(address(this), "listing", listingId)));
    }

    /// @dev floor(balance × collected / units funded): the funded units are the price (one unit per XT put in).
    function _entitled(Listing storage l, uint128 balance) private view returns (uint128) {
        return uint128((uint256(balance) * l.collected) / l.price);
    }

    function _existing(bytes32 listingId) private view returns (Listing storage l) {
        l = _listings[listingId];
        if (l.status == Status.None) revert ListingNotFound(listingId);
    }
}
