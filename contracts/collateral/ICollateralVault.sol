// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IClaimLedger} from "../claims/IClaimLedger.sol";

/// @title ICollateralVault
/// @notice Collateral behind obligation CTs on the shared claim ledger. A pledgor locks goods (its own goods token)
/// or an XT deposit into a position; the position's line is fixed at the lock: collateral value × the class's
/// loan-to-value. Draws issue CTs (kind Inventory or Pledge against goods, Margin against XT) owed by the pledgor,
/// each a root of the ledger that splits, transfers, narrows and sells like a receivable. The pledgor repays into
/// each draw's settlement; holders redeem pro rata at the due date. When the debt passes the class's margin
/// threshold against the current valuation (plus XT margin), anyone may call margin; the pledgor then has the
/// class's grace period to top up XT margin or repay. A position defaults after its due date plus the class's grace
/// with principal unpaid, after an uncured margin call, or at once past the liquidation threshold. Goods of a
/// defaulted position go to a descending-price auction; proceeds and XT margin pay the CT holders (charges, i.e.
/// late interest and the default penalty, first, then principal, pro rata across draws), any surplus returns to
/// the pledgor, and any shortfall is written off per holder at redemption.
/// Rounding: every share is rounded down; the remainder of a pro-rata split across draws goes one minor unit each
/// to the draws in drawing order; within a draw, holders' floors leave a residue (`paid − distributed`) that stays
/// in the vault, visible per draw.
interface ICollateralVault {
    enum CurveKind {
        Linear,
        Stepwise
    }

    /// @notice Risk parameters of a collateral class (all ratios in basis points of the collateral value).
    struct CollateralClass {
        /// Inventory or Pledge for goods, Margin for XT deposits.
        IClaimLedger.Kind kind;
        bool active;
        uint16 ltvBps;
        uint16 marginBps;
        uint16 liquidationBps;
        /// One-off default penalty on the principal outstanding at default.
        uint16 penaltyBps;
        /// Auction start and floor prices, as bps of the last valuation.
        uint16 auctionStartBps;
        uint16 auctionFloorBps;
        CurveKind curve;
        uint32 auctionDuration;
        /// Stepwise curves: the price drops every `auctionStep` seconds.
        uint32 auctionStep;
        uint32 marginGrace;
        /// After the due date, how long before unpaid principal is a default.
        uint32 defaultGrace;
    }

    enum PositionStatus {
        None,
        Open,
        Defaulted,
        Liquidated,
        Released
    }

    /// @notice What a draw's CTs look like (the ledger's Terms, chosen at the lock for every draw).
    struct LineTerms {
        uint40 dueDate;
        uint16 lateRateBps;
        uint8 maxHops;
        uint8 dayCount;
        bytes32 consortiumId;
    }

    struct Position {
        address pledgor;
        PositionStatus status;
        uint16 classId;
        uint8 draws;
        uint40 dueDate;
        uint16 lateRateBps;
        uint8 maxHops;
        uint8 dayCount;
        /// Zero for an XT-only (margin) position.
        uint256 goodsId;
        bytes32 consortiumId;
        /// The most that may be drawn (principal), fixed at the lock.
        uint128 limit;
        /// Principal outstanding over every draw.
        uint128 debt;
        /// XT deposited as margin (an XT position's collateral, or top-ups).
        uint128 margin;
        uint40 marginCallDeadline;
    }

    /// @notice Settlement state of one draw (a root id of the ledger).
    struct Draw {
        bytes32 positionId;
        uint128 face;
        /// Every XT paid in (principal, interest, penalty); holders share it pro rata by units.
        uint128 paid;
        uint128 principalPaid;
        uint128 distributed;
        uint128 interestDue;
        uint128 penaltyDue;
        uint32 accruedDays;
        uint32 carry;
        /// What a liquidation left unpaid (principal and charges), written off; holders bear it pro rata.
        uint128 writtenOff;
        /// Settled by a liquidation: nothing more is paid in.
        bool closed;
    }

    struct Auction {
        uint128 startPrice;
        uint128 floorPrice;
        uint40 startedAt;
        uint32 duration;
        uint32 step;
        CurveKind curve;
        uint16 round;
    }

    event CollateralClassSet(uint16 indexed classId, CollateralClass c);
    event PositionOpened(
        bytes32 indexed positionId, address indexed pledgor, uint256 indexed goodsId, uint16 classId, uint128 collateralValue,
        uint128 limit, uint128 margin, uint40 dueDate, uint16 lateRateBps, uint8 maxHops, uint8 dayCount, bytes32 consortiumId
    );
    event Drawn(bytes32 indexed positionId, uint256 indexed id, address indexed pledgor, uint128 amount, uint128 debt, IClaimLedger.Kind kind);
    /// @notice `payer` paid `amount` into draw `id`: `interest` of late interest, then `principal`.
    event Repaid(bytes32 indexed positionId, uint256 indexed id, address indexed payer, uint128 amount, uint128 principal, uint128 interest, uint128 debt);
    event LateInterestAccrued(uint256 indexed id, uint32 daysLate, uint128 accrued, uint128 interestDue, uint32 carry);
    event MarginToppedUp(bytes32 indexed positionId, address indexed by, uint128 amount, uint128 margin);
    event MarginCalled(bytes32 indexed positionId, uint128 debt, uint128 collateralValue, uint256 ratioBps, uint40 deadline);
    event MarginCallCured(bytes32 indexed positionId, uint128 debt, uint128 collateralValue, uint256 ratioBps);
    /// @notice Reason: 0 past due date and grace, 1 margin call not cured, 2 past the liquidation threshold.
    event PositionDefaulted(bytes32 indexed positionId, uint8 reason, uint128 debt, uint128 collateralValue, uint128 penalty);
    /// @notice The pledgor added goods `goodsId` (valued `value`) to the position's collateral, now worth `collateralValue`.
    event GoodsAdded(bytes32 indexed positionId, uint256 indexed goodsId, address indexed pledgor, uint128 value, uint128 collateralValue);
    event AuctionStarted(bytes32 indexed positionId, uint256 indexed goodsId, uint16 round, uint128 startPrice, uint128 floorPrice, uint40 startedAt, uint32 duration, uint32 step, CurveKind curve);
    event AuctionWon(bytes32 indexed positionId, uint256 indexed goodsId, address indexed bidder, uint16 round, uint128 price);
    /// @notice Draw `id` was settled by a liquidation: what it got for interest, penalty and principal, and the
    /// principal and charges left unpaid (written off).
    event DrawSettled(bytes32 indexed positionId, uint256 indexed id, uint128 interest, uint128 penalty, uint128 principal, uint128 shortfall);
    /// @notice `proceeds` (auction) and `margin` (XT held) were distributed: `toHolders` into the draws, `surplus` to the pledgor.
    event PositionLiquidated(bytes32 indexed positionId, uint128 proceeds, uint128 margin, uint128 toHolders, uint128 surplus, uint128 shortfall);
    event PositionReleased(bytes32 indexed positionId, address indexed pledgor, uint256 indexed goodsId, uint128 marginReturned);
    event ClaimRedeemed(uint256 indexed id, uint256 indexed root, address indexed holder, uint128 payout, uint128 burned);
    /// @notice A holder's share of its draw's written-off shortfall, floor(units × writtenOff / face).
    event ClaimWrittenOff(uint256 indexed id, uint256 indexed root, address indexed holder, uint128 loss);

    error NotOperator(address caller);
    error ClassInvalid(uint16 classId, string field);
    error ClassInactive(uint16 classId);
    error ClassKindMismatch(uint16 classId, IClaimLedger.Kind kind);
    error PositionExists(bytes32 positionId);
    error PositionUnknown(bytes32 positionId);
    error PositionNotOpen(bytes32 positionId, PositionStatus status);
    error NotPledgor(bytes32 positionId, address caller);
    error NotGoodsOwner(uint256 goodsId, address caller, address owner);
    error GoodsAlreadyPledged(uint256 goodsId, bytes32 positionId);
    error GoodsNotValued(uint256 goodsId);
    error NothingToCollect(bytes32 positionId);
    /// @notice Reason: "position" (only goods positions take more goods), "count" (MAX_ADDED_GOODS reached).
    error GoodsTopUpRefused(bytes32 positionId, string reason);
    error LineTermsInvalid(string field);
    error DrawOverLimit(bytes32 positionId, uint128 limit, uint128 debt, uint128 requested);
    error DrawsExhausted(bytes32 positionId, uint8 draws);
    error DrawAfterDueDate(bytes32 positionId, uint40 dueDate);
    error DrawUnderMarginCall(bytes32 positionId, uint40 deadline);
    error DrawUnknown(uint256 id);
    error RepayInvalid(uint256 id, uint128 principal, uint128 interest, uint128 offered);
    error ZeroAmount();
    error ReleaseWhileOutstanding(bytes32 positionId, uint128 debt);
    error CoverageSufficient(bytes32 positionId, uint256 ratioBps, uint16 thresholdBps);
    error MarginCallOpen(bytes32 positionId, uint40 deadline);
    error NotInDefault(bytes32 positionId, uint256 ratioBps, uint40 dueDate);
    error AuctionNotLive(bytes32 positionId);
    error AuctionEnded(bytes32 positionId, uint40 endedAt);
    error AuctionStillLive(bytes32 positionId, uint40 endsAt);
    error BidBelowPrice(bytes32 positionId, uint128 bid, uint128 price);
    error NotRedeemable(uint256 id, uint40 dueDate);
    error NothingToRedeem(uint256 id, address holder);
    error XtTransferFailed(address from, address to, uint128 amount);

    /// @notice Sets a collateral class. Caller: the operator. Emits {CollateralClassSet}.
    function setClass(uint16 classId, CollateralClass calldata c) external;

    /// @notice Locks the caller's goods into a new position and draws `firstDraw` (0: none). The line is
    /// value × ltv, fixed now. Emits {PositionOpened} (and {Drawn}).
    function lockGoods(bytes32 positionId, uint256 goodsId, LineTerms calldata terms, uint128 firstDraw) external returns (uint256 drawId);

    /// @notice Deposits `amount` of the caller's XT as the collateral of a margin position and draws `firstDraw`.
    function lockXt(bytes32 positionId, uint16 classId, uint128 amount, LineTerms calldata terms, uint128 firstDraw) external returns (uint256 drawId);

    /// @notice Locks the caller's whole holding of receivable claim `claimId` (escrowed by {IClaimPledges}: it
    /// cannot be transferred, split, sold or pledged again) into a new position of pledge class `classId` and draws
    /// `firstDraw`. The line is units × ltv. Emits {IClaimPledges.ClaimLocked}, {PositionOpened} (and {Drawn}).
    function lockClaim(bytes32 positionId, uint16 classId, uint256 claimId, LineTerms calldata terms, uint128 firstDraw)
        external
        returns (uint256 drawId);

    /// @notice Collects what the locked claim's settlement has paid since the last collection (the claim is due):
    /// into the margin of an open position; into the margin of a defaulted one, which is then settled (the
    /// waterfall) once the claim's principal is paid in full; to the pledgor of a released one. Anyone may call.
    function collectClaim(bytes32 positionId) external returns (uint128 amount);

    /// @notice Adds the caller's goods (registered, not locked) to its open goods position: coverage rises, the
    /// line stays as fixed at the lock; a margin call is cured if coverage is back within the threshold. The goods
    /// are sold with the rest at an auction and unlocked with the rest at release. Emits {GoodsAdded}.
    function addGoods(bytes32 positionId, uint256 goodsId) external;

    /// @notice Issues `amount` of a new CT on the position to the pledgor. Emits {Drawn}.
    function draw(bytes32 positionId, uint128 amount) external returns (uint256 id);

    /// @notice Pays `amount` XT into draw `id`'s settlement (late interest first). Caller: the pledgor.
    function repay(uint256 id, uint128 amount) external;

    /// @notice Adds `amount` XT of the caller's (the pledgor's) as margin. Emits {MarginToppedUp}.
    function topUp(bytes32 positionId, uint128 amount) external;

    /// @notice Opens a margin call when the debt passes the class's margin threshold. Anyone may call.
    function marginCall(bytes32 positionId) external;

    /// @notice Declares the position in default (see the conditions above) and starts the auction (goods) or
    /// settles at once (XT only). Anyone may call.
    function declareDefault(bytes32 positionId) external;

    /// @notice Starts a new round of an auction that ended unsold, from the current valuation. Anyone may call.
    function restartAuction(bytes32 positionId) external;

    /// @notice Buys the goods at the current price if it is at most `maxPrice`: the caller pays the price in XT and
    /// receives the goods token. Emits {AuctionWon}, {DrawSettled}…, {PositionLiquidated}.
    function bid(bytes32 positionId, uint128 maxPrice) external returns (uint128 price);

    /// @notice Releases the collateral once nothing is owed: goods unlocked, margin returned. Caller: the pledgor.
    function release(bytes32 positionId) external;

    /// @notice Pays `holder` its share of `id` (at or after the due date, or once its draw is settled).
    function redeem(uint256 id, address holder) external returns (uint128 payout);

    function collateralClass(uint16 classId) external view returns (CollateralClass memory);

    function position(bytes32 positionId) external view returns (Position memory);

    function drawOf(uint256 id) external view returns (Draw memory);

    function auction(bytes32 positionId) external view returns (Auction memory);

    /// @notice The auction's price now (0 when no round is live).
    function auctionPrice(bytes32 positionId) external view returns (uint128);

    /// @notice Debt, collateral value (valuation + margin) and debt / value in bps (max uint when the value is 0).
    function coverage(bytes32 positionId) external view returns (uint128 debt, uint128 value, uint256 ratioBps);

    /// @notice What is owed on draw `id` now: principal and late interest.
    function owed(uint256 id) external view returns (uint128 principal, uint128 interest);

    /// @notice Goods added to the position after the lock (in order).
    function addedGoods(bytes32 positionId) external view returns (uint256[] memory);

    /// @notice The position whose line goods `goodsId` are locked in (zero when none).
    function positionOfGoods(uint256 goodsId) external view returns (bytes32);

    function drawIdFor(bytes32 positionId, uint8 index) external pure returns (uint256);
}
