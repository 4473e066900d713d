// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {ICollateralVault} from "./ICollateralVault.sol";
import {IGoodsToken} from "./IGoodsToken.sol";
import {AuctionCurve} from "./AuctionCurve.sol";
import {CollateralMath} from "./CollateralMath.sol";
import {IClaimLedger} from "../claims/IClaimLedger.sol";
import {IClaimPledges} from "./IClaimPledges.sol";
import {IMemberRegistry} from "../identity/IMemberRegistry.sol";
import {IConsortiumRegistry} from "../identity/IConsortiumRegistry.sol";
import {MemberRoles} from "../libraries/MemberRoles.sol";

/// @title CollateralVault
/// @notice See {ICollateralVault}. A platform contract of the claim ledger (the registry knows it as a system
/// account): it issues and burns the CTs it backs, and moves members' XT without an approval step, like Receivables.
/// @dev Pro-rata rule per draw, as in Receivables: a holding of `b` units of any id in a draw's tree has received, in
/// total, floor(b × paid / face). Units are burned at redemption once the principal is fully paid or the draw was
/// settled by a liquidation; then floor(b × writtenOff / face) is the holder's written-off loss, where `writtenOff` is
/// what the liquidation left unpaid of the draw's principal, late interest and penalty. Late interest after the due date is simple interest on the draw's principal outstanding at the
/// position's rate and day count, checkpointed at each payment (and at default and liquidation); the arithmetic
/// and its rounding are in {CollateralMath}.
contract CollateralVault is ICollateralVault, ReentrancyGuard {
    using AuctionCurve for Auction;

    /// Bounds the loops of a liquidation (one iteration per draw).
    uint8 public constant MAX_DRAWS = 8;
    /// Bounds the goods a position may take after its lock (the auction and the release loop over them).
    uint8 public constant MAX_ADDED_GOODS = 4;

    IClaimLedger public immutable ledger;
    IMemberRegistry public immutable members;
    IConsortiumRegistry public immutable consortia;
    IERC20 public immutable xt;
    IGoodsToken public immutable goodsToken;
    IClaimPledges public immutable claimPledges;

    mapping(uint16 classId => CollateralClass) private _classes;
    mapping(bytes32 positionId => Position) private _positions;
    mapping(uint256 id => Draw) private _draws;
    mapping(bytes32 positionId => Auction) private _auctions;
    mapping(uint256 goodsId => bytes32 positionId) public positionOfGoods;
    mapping(bytes32 positionId => uint256[]) private _addedGoods;
    /// XT already received per holding, so payments made after the due date can be redeemed as they arrive.
    mapping(uint256 id => mapping(address holder => uint128)) public received;

    constructor(
        IClaimLedger claimLedger,
        IMemberRegistry memberRegistry,
        IConsortiumRegistry consortiumRegistry,
        IERC20 settlementToken,
        IGoodsToken goods,
        IClaimPledges pledgedClaims
    ) {
        ledger = claimLedger;
        members = memberRegistry;
        consortia = consortiumRegistry;
        xt = settlementToken;
        goodsToken = goods;
        claimPledges = pledgedClaims;
    }

    /// @inheritdoc ICollateralVault
    function setClass(uint16 classId, CollateralClass calldata c) external {
        if (msg.sender != Ownable(address(members)).owner() && !members.hasRoles(msg.sender, MemberRoles.OPERATOR)) revert NotOperator(msg.sender);
        if (c.kind != IClaimLedger.Kind.Inventory && c.kind != IClaimLedger.Kind.Pledge && c.kind != IClaimLedger.Kind.Margin) {
            revert ClassInvalid(classId, "kind");
        }
        if (c.ltvBps == 0 || c.ltvBps >= c.marginBps) revert ClassInvalid(classId, "ltvBps");
        if (c.marginBps >= c.liquidationBps) revert ClassInvalid(classId, "marginBps");
        if (c.liquidationBps > 10_000) revert ClassInvalid(classId, "liquidationBps");
        if (c.auctionStartBps == 0 || c.auctionFloorBps > c.auctionStartBps) revert ClassInvalid(classId, "auctionFloorBps");
        if (c.auctionDuration == 0) revert ClassInvalid(classId, "auctionDuration");
        if (c.curve == CurveKind.Stepwise && (c.auctionStep == 0 || c.auctionStep > c.auctionDuration)) revert ClassInvalid(classId, "auctionStep");
        _classes[classId] = c;
        emit CollateralClassSet(classId, c);
    }

    /// @inheritdoc ICollateralVault
    function lockGoods(bytes32 positionId, uint256 goodsId, LineTerms calldata terms, uint128 firstDraw)
        external
        nonReentrant
        returns (uint256 drawId)
    {
        IGoodsToken.Goods memory g = _lockableGoods(goodsId);
        positionOfGoods[goodsId] = positionId;
        drawId = _lock(positionId, g.classId, goodsId, terms, g.value, 0, firstDraw);
        goodsToken.setLocked(goodsId, true);
    }

    /// @inheritdoc ICollateralVault
    function lockXt(bytes32 positionId, uint16 classId, uint128 amount, LineTerms calldata terms, uint128 firstDraw)
        external
        nonReentrant
        returns (uint256 drawId)
    {
        CollateralClass storage c = _activeClass(classId);
        if (c.kind != IClaimLedger.Kind.Margin) revert ClassKindMismatch(classId, c.kind);
        if (amount == 0) revert ZeroAmount();
        drawId = _lock(positionId, classId, 0, terms, amount, amount, firstDraw);
        _pull(msg.sender, amount);
    }

    /// @inheritdoc ICollateralVault
    function lockClaim(bytes32 positionId, uint16 classId, uint256 claimId, LineTerms calldata terms, uint128 firstDraw)
        external
        nonReentrant
        returns (uint256 drawId)
    {
        CollateralClass storage c = _activeClass(classId);
        if (c.kind != IClaimLedger.Kind.Pledge) revert ClassKindMismatch(classId, c.kind);
        // ClaimPledges is a platform contract: it checks the claim and escrows it (its ClaimLocked comes first).
        uint128 units = claimPledges.lock(positionId, msg.sender, claimId);
        drawId = _lock(positionId, classId, 0, terms, units, 0, firstDraw);
    }

    /// @inheritdoc ICollateralVault
    function collectClaim(bytes32 positionId) external nonReentrant returns (uint128 amount) {
        Position storage p = _positions[positionId];
        PositionStatus status = p.status;
        if (status == PositionStatus.None) revert PositionUnknown(positionId);
        if (status == PositionStatus.Liquidated) revert PositionNotOpen(positionId, status);
        bool released = status == PositionStatus.Released;
        bool settled;
        (amount, settled) = claimPledges.collect(positionId, released ? p.pledgor : address(this));
        if (amount == 0) revert NothingToCollect(positionId);
        if (!released) _collected(positionId, p, amount, settled);
    }

    /// @inheritdoc ICollateralVault
    function addGoods(bytes32 positionId, uint256 goodsId) external nonReentrant {
        Position storage p = _pledgorPosition(positionId);
        if (p.goodsId == 0) revert GoodsTopUpRefused(positionId, "position");
        uint256[] storage added = _addedGoods[positionId];
        if (added.length >= MAX_ADDED_GOODS) revert GoodsTopUpRefused(positionId, "count");
        IGoodsToken.Goods memory g = _lockableGoods(goodsId);
        added.push(goodsId);
        positionOfGoods[goodsId] = positionId;
        (, uint128 value,) = _coverage(positionId, p);
        emit GoodsAdded(positionId, goodsId, msg.sender, g.value, value);
        _cureIfCovered(positionId, p);
        goodsToken.setLocked(goodsId, true);
    }

    /// @inheritdoc ICollateralVault
    function draw(bytes32 positionId, uint128 amount) external nonReentrant returns (uint256 id) {
        Position storage p = _pledgorPosition(positionId);
        id = _draw(positionId, p, amount);
    }

    /// @inheritdoc ICollateralVault
    function repay(uint256 id, uint128 amount) external nonReentrant {
        Draw storage d = _draws[id];
        if (d.face == 0) revert DrawUnknown(id);
        bytes32 positionId = d.positionId;
        Position storage p = _pledgorPosition(positionId);
        CollateralMath.Accrual memory a = _accrual(d, p);
        if (amount == 0 || amount > a.principal + a.due) revert RepayInvalid(id, a.principal, a.due, amount);
        uint128 interestPart = amount < a.due ? amount : a.due;
        uint128 principalPart = amount - interestPart;
        d.interestDue = a.due - interestPart;
        d.accruedDays = a.daysLate;
        d.carry = a.carry;
        d.paid += amount;
        d.principalPaid += principalPart;
        uint128 debt = p.debt - principalPart;
        p.debt = debt;
        if (a.advanced) emit LateInterestAccrued(id, a.daysLate, a.accrued, a.due, a.carry);
        emit Repaid(positionId, id, msg.sender, amount, principalPart, interestPart, debt);
        _cureIfCovered(positionId, p);
        _pull(msg.sender, amount);
    }

    /// @inheritdoc ICollateralVault
    function topUp(bytes32 positionId, uint128 amount) external nonReentrant {
        Position storage p = _pledgorPosition(positionId);
        if (amount == 0) revert ZeroAmount();
        uint128 margin = p.margin + amount;
        p.margin = margin;
        emit MarginToppedUp(positionId, msg.sender, amount, margin);
        _cureIfCovered(positionId, p);
        _pull(msg.sender, amount);
    }

    /// @inheritdoc ICollateralVault
    function marginCall(bytes32 positionId) external {
        Position storage p = _openPosition(positionId);
        if (p.marginCallDeadline != 0) revert MarginCallOpen(positionId, p.marginCallDeadline);
        CollateralClass storage c = _classes[p.classId];
        (uint128 debt, uint128 value, uint256 ratio) = _coverage(positionId, p);
        if (ratio <= c.marginBps) revert CoverageSufficient(positionId, ratio, c.marginBps);
        uint40 deadline = uint40(block.timestamp + c.marginGrace);
        p.marginCallDeadline = deadline;
        emit MarginCalled(positionId, debt, value, ratio, deadline);
    }

    /// @inheritdoc ICollateralVault
    function declareDefault(bytes32 positionId) external nonReentrant {
        Position storage p = _openPosition(positionId);
        CollateralClass storage c = _classes[p.classId];
        (uint128 debt, uint128 value, uint256 ratio) = _coverage(positionId, p);
        uint8 reason;
        if (debt != 0 && block.timestamp > uint256(p.dueDate) + c.defaultGrace) reason = 0;
        else if (p.marginCallDeadline != 0 && block.timestamp > p.marginCallDeadline && ratio > c.marginBps) reason = 1;
        else if (debt != 0 && ratio >= c.liquidationBps) reason = 2;
        else revert NotInDefault(positionId, ratio, p.dueDate);

        p.status = PositionStatus.Defaulted;
        p.marginCallDeadline = 0;
        uint128 penalty;
        for (uint8 i; i < p.draws; ++i) {
            uint256 id = drawIdFor(positionId, i);
            Draw storage d = _draws[id];
            _checkpoint(id, d, p);
            uint128 dPenalty = uint128(CollateralMath.applyBps(d.face - d.principalPaid, c.penaltyBps));
            d.penaltyDue = dPenalty;
            penalty += dPenalty;
        }
        emit PositionDefaulted(positionId, reason, debt, value, penalty);
        if (p.goodsId != 0) {
            _startAuction(positionId, p, c, 1);
            return;
        }
        // A claim is not auctioned: the holders are paid from its settlement (collectClaim), as its holder would
        // be; XT alone (or a paid claim) is settled now.
        (uint128 amount, bool settled) = claimPledges.collect(positionId, address(this));
        _collected(positionId, p, amount, settled);
    }

    /// @inheritdoc ICollateralVault
    function restartAuction(bytes32 positionId) external {
        Position storage p = _positions[positionId];
        if (p.status != PositionStatus.Defaulted || p.goodsId == 0) revert AuctionNotLive(positionId);
        Auction storage a = _auctions[positionId];
        uint40 endsAt = a.startedAt + a.duration;
        if (block.timestamp < endsAt) revert AuctionStillLive(positionId, endsAt);
        _startAuction(positionId, p, _classes[p.classId], a.round + 1);
    }

    /// @inheritdoc ICollateralVault
    function bid(bytes32 positionId, uint128 maxPrice) external nonReentrant returns (uint128 price) {
        Position storage p = _positions[positionId];
        if (p.status != PositionStatus.Defaulted || p.goodsId == 0) revert AuctionNotLive(positionId);
        Auction memory a = _auctions[positionId];
        uint40 endsAt = a.startedAt + a.duration;
        if (block.timestamp >= endsAt) revert AuctionEnded(positionId, endsAt);
        price = a.priceAt(block.timestamp);
        if (maxPrice < price) revert BidBelowPrice(positionId, maxPrice, price);

        uint256 goodsId = p.goodsId;
        uint256[] memory added = _addedGoods[positionId];
        p.status = PositionStatus.Liquidated;
        delete positionOfGoods[goodsId];
        for (uint256 i; i < added.length; ++i) delete positionOfGoods[added[i]];
        emit AuctionWon(positionId, goodsId, msg.sender, a.round, price);
        uint128 surplus = _settle(positionId, p, price);
        _pull(msg.sender, price);
        goodsToken.releaseTo(goodsId, msg.sender);
        for (uint256 i; i < added.length; ++i) goodsToken.releaseTo(added[i], msg.sender);
        if (surplus != 0) _push(p.pledgor, surplus);
    }

    /// @inheritdoc ICollateralVault
    function release(bytes32 positionId) external nonReentrant {
        Position storage p = _pledgorPosition(positionId);
        if (p.debt != 0) revert ReleaseWhileOutstanding(positionId, p.debt);
        uint128 margin = p.margin;
        uint256 goodsId = p.goodsId;
        uint256[] memory added = _addedGoods[positionId];
        p.margin = 0;
        p.status = PositionStatus.Released;
        p.marginCallDeadline = 0;
        if (goodsId != 0) delete positionOfGoods[goodsId];
        for (uint256 i; i < added.length; ++i) delete positionOfGoods[added[i]];
        emit PositionReleased(positionId, msg.sender, goodsId, margin);
        if (goodsId != 0) {
            goodsToken.setLocked(goodsId, false);
            for (uint256 i; i < added.length; ++i) goodsToken.setLocked(added[i], false);
        } else {
            // A pledged claim: what its settlement paid goes to the pledgor, and the claim too unless it is due.
            claimPledges.release(positionId, msg.sender);
        }
        if (margin != 0) _push(msg.sender, margin);
    }

    /// @inheritdoc ICollateralVault
    function redeem(uint256 id, address holder) external nonReentrant returns (uint128 payout) {
        Redemption memory r = _redemption(id, holder);
        payout = r.payout;
        if (payout == 0 && r.burned == 0) revert NothingToRedeem(id, holder);
        received[id][holder] = r.burned != 0 ? 0 : r.entitled;
        _draws[r.root].distributed += payout;
        emit ClaimRedeemed(id, r.root, holder, payout, r.burned);
        if (r.loss != 0) emit ClaimWrittenOff(id, r.root, holder, r.loss);
        if (r.burned != 0) ledger.burn(holder, id, r.burned);
        if (payout != 0) _push(holder, payout);
    }

    /// @inheritdoc ICollateralVault
    function collateralClass(uint16 classId) external view returns (CollateralClass memory) {
        return _classes[classId];
    }

    /// @inheritdoc ICollateralVault
    function position(bytes32 positionId) external view returns (Position memory) {
        return _positions[positionId];
    }

    /// @inheritdoc ICollateralVault
    function drawOf(uint256 id) external view returns (Draw memory) {
        return _draws[id];
    }

    /// @inheritdoc ICollateralVault
    function auction(bytes32 positionId) external view returns (Auction memory) {
        return _auctions[positionId];
    }

    /// @inheritdoc ICollateralVault
    function auctionPrice(bytes32 positionId) external view returns (uint128) {
        Position storage p = _positions[positionId];
        if (p.status != PositionStatus.Defaulted || p.goodsId == 0) return 0;
        return _auctions[positionId].priceAt(block.timestamp);
    }

    /// @inheritdoc ICollateralVault
    function coverage(bytes32 positionId) external view returns (uint128 debt, uint128 value, uint256 ratioBps) {
        return _coverage(positionId, _positions[positionId]);
    }

    /// @inheritdoc ICollateralVault
    function addedGoods(bytes32 positionId) external view returns (uint256[] memory) {
        return _addedGoods[positionId];
    }

    /// @inheritdoc ICollateralVault
    function owed(uint256 id) external view returns (uint128 principal, uint128 interest) {
        Draw storage d = _draws[id];
        if (d.face == 0) revert DrawUnknown(id);
        if (d.closed) return (0, 0);
        CollateralMath.Accrual memory a = _accrual(d, _positions[d.positionId]);
        return (a.principal, a.due);
    }

    /// @inheritdoc ICollateralVault
    function drawIdFor(bytes32 positionId, uint8 index) public pure returns (uint256) {
        return uint256(keccak256(abi.encode(positionId, index)));
    }

    // ------------------------------------------------------------------------------------------------ internals

    /// @dev Goods the caller owns, not locked anywhere, of an active goods class.
    function _lockableGoods(uint256 goodsId) private view returns (IGoodsToken.Goods memory g) {
        address owner = IERC721(address(goodsToken)).ownerOf(goodsId);
        if (owner != msg.sender) revert NotGoodsOwner(goodsId, msg.sender, owner);
        g = goodsToken.goods(goodsId);
        if (g.locked || positionOfGoods[goodsId] != bytes32(0)) revert GoodsAlreadyPledged(goodsId, positionOfGoods[goodsId]);
        CollateralClass storage c = _activeClass(g.classId);
        if (c.kind == IClaimLedger.Kind.Margin) revert ClassKindMismatch(g.classId, c.kind);
    }

    /// @dev `amount` of the claim's settlement arrived as margin; a defaulted position is settled once nothing more
    /// is to come (`settled`: the claim is paid, or there is none).
    function _collected(bytes32 positionId, Position storage p, uint128 amount, bool settled) private {
        if (amount != 0) p.margin += amount;
        if (p.status != PositionStatus.Defaulted || !settled) return;
        uint128 surplus = _settle(positionId, p, 0);
        p.status = PositionStatus.Liquidated;
        if (surplus != 0) _push(p.pledgor, surplus);
    }

    function _activeClass(uint16 classId) private view returns (CollateralClass storage c) {
        c = _classes[classId];
        if (!c.active) revert ClassInactive(classId);
    }

    function _openPosition(bytes32 positionId) private view returns (Position storage p) {
        p = _positions[positionId];
        if (p.status == PositionStatus.None) revert PositionUnknown(positionId);
        if (p.status != PositionStatus.Open) revert PositionNotOpen(positionId, p.status);
    }

    function _pledgorPosition(bytes32 positionId) private view returns (Position storage p) {
        p = _openPosition(positionId);
        if (p.pledgor != msg.sender) revert NotPledgor(positionId, msg.sender);
    }

    /// @dev Opens the position (the line fixed now) and makes its first draw, if any.
    function _lock(
        bytes32 positionId, uint16 classId, uint256 goodsId, LineTerms calldata t, uint128 value, uint128 margin, uint128 firstDraw
    ) private returns (uint256 drawId) {
        Position storage p = _open(positionId, classId, goodsId, t, value, margin);
        if (firstDraw != 0) drawId = _draw(positionId, p, firstDraw);
    }

    function _open(bytes32 positionId, uint16 classId, uint256 goodsId, LineTerms calldata t, uint128 value, uint128 margin)
        private
        returns (Position storage p)
    {
        if (positionId == bytes32(0)) revert LineTermsInvalid("positionId");
        p = _positions[positionId];
        if (p.status != PositionStatus.None) revert PositionExists(positionId);
        if (t.dueDate <= block.timestamp) revert LineTermsInvalid("dueDate");
        if (t.dayCount > 1) revert LineTermsInvalid("dayCount");
        if (!consortia.isMember(t.consortiumId, msg.sender)) revert LineTermsInvalid("consortiumId");
        uint128 limit = uint128(CollateralMath.applyBps(value, _classes[classId].ltvBps));
        p.pledgor = msg.sender;
        p.status = PositionStatus.Open;
        p.classId = classId;
        p.dueDate = t.dueDate;
        p.lateRateBps = t.lateRateBps;
        p.maxHops = t.maxHops;
        p.dayCount = t.dayCount;
        p.goodsId = goodsId;
        p.consortiumId = t.consortiumId;
        p.limit = limit;
        p.margin = margin;
        emit PositionOpened(
            positionId, msg.sender, goodsId, classId, value, limit, margin, t.dueDate, t.lateRateBps, t.maxHops, t.dayCount, t.consortiumId
        );
    }

    function _draw(bytes32 positionId, Position storage p, uint128 amount) private returns (uint256 id) {
        if (amount == 0) revert ZeroAmount();
        if (block.timestamp >= p.dueDate) revert DrawAfterDueDate(positionId, p.dueDate);
        if (p.marginCallDeadline != 0) revert DrawUnderMarginCall(positionId, p.marginCallDeadline);
        uint8 index = p.draws;
        if (index >= MAX_DRAWS) revert DrawsExhausted(positionId, index);
        uint128 debt = p.debt + amount;
        if (debt > p.limit) revert DrawOverLimit(positionId, p.limit, p.debt, amount);
        id = drawIdFor(positionId, index);
        p.draws = index + 1;
        p.debt = debt;
        Draw storage d = _draws[id];
        d.positionId = positionId;
        d.face = amount;
        IClaimLedger.Kind kind = _classes[p.classId].kind;
        emit Drawn(positionId, id, p.pledgor, amount, debt, kind);
        ledger.issue(
            id,
            IClaimLedger.Terms({
                obligor: p.pledgor,
                dueDate: p.dueDate,
                lateRateBps: p.lateRateBps,
                maxHops: p.maxHops,
                dayCount: p.dayCount,
                kind: kind,
                consortiumId: p.consortiumId,
                parent: 0,
                root: id,
                // The trace of every CT of the draw leads to the position, and the position to its collateral.
                documentsHash: positionId
            }),
            p.pledgor,
            amount
        );
    }

    function _coverage(bytes32 positionId, Position storage p) private view returns (uint128 debt, uint128 value, uint256 ratioBps) {
        debt = p.debt;
        value = p.margin;
        // A pledged claim counts at its face less what its settlement already paid into the margin.
        value += p.goodsId != 0 ? _goodsValue(positionId, p) : claimPledges.valueOf(positionId);
        ratioBps = CollateralMath.ratioBps(debt, value);
    }

    function _cureIfCovered(bytes32 positionId, Position storage p) private {
        if (p.marginCallDeadline == 0) return;
        (uint128 debt, uint128 value, uint256 ratio) = _coverage(positionId, p);
        if (ratio > _classes[p.classId].marginBps) return;
        p.marginCallDeadline = 0;
        emit MarginCallCured(positionId, debt, value, ratio);
    }

    /// @dev The current valuation of the position's goods: the locked item and every item added since.
    function _goodsValue(bytes32 positionId, Position storage p) private view returns (uint128 value) {
        value = goodsToken.goods(p.goodsId).value;
        uint256[] storage added = _addedGoods[positionId];
        for (uint256 i; i < added.length; ++i) value += goodsToken.goods(added[i]).value;
    }

    function _startAuction(bytes32 positionId, Position storage p, CollateralClass storage c, uint16 round) private {
        uint256 value = _goodsValue(positionId, p);
        Auction memory a = Auction({
            startPrice: uint128(CollateralMath.applyBps(value, c.auctionStartBps)),
            floorPrice: uint128(CollateralMath.applyBps(value, c.auctionFloorBps)),
            startedAt: uint40(block.timestamp),
            duration: c.auctionDuration,
            step: c.auctionStep,
            curve: c.curve,
            round: round
        });
        _auctions[positionId] = a;
        emit AuctionStarted(positionId, p.goodsId, round, a.startPrice, a.floorPrice, a.startedAt, a.duration, a.step, a.curve);
    }

    /// @dev The waterfall: `proceeds` plus the position's XT margin pay every draw's charges (late interest, then
    /// the penalty) pro rata to the charges, then principal pro rata to the principal outstanding; what is left is
    /// the pledgor's surplus (returned). Every draw is closed: what it did not get is written off.
    function _settle(bytes32 positionId, Position storage p, uint128 proceeds) private returns (uint128 surplus) {
        uint128 marginUsed = p.margin;
        uint128 available = proceeds + marginUsed;
        p.margin = 0;
        p.debt = 0;
        uint8 n = p.draws;
        uint256[] memory charges = new uint256[](n);
        uint256[] memory principals = new uint256[](n);
        for (uint8 i; i < n; ++i) {
            uint256 id = drawIdFor(positionId, i);
            Draw storage d = _draws[id];
            _checkpoint(id, d, p);
            charges[i] = uint256(d.interestDue) + d.penaltyDue;
            principals[i] = d.face - d.principalPaid;
        }
        (uint256[] memory chargeShares, uint256[] memory principalShares, uint256 left, uint256 shortfall) =
            CollateralMath.waterfall(available, charges, principals);
        surplus = uint128(left);
        for (uint8 i; i < n; ++i) {
            uint256 id = drawIdFor(positionId, i);
            Draw storage d = _draws[id];
            uint128 interest = uint128(chargeShares[i] < d.interestDue ? chargeShares[i] : d.interestDue);
            uint128 penalty = uint128(chargeShares[i] - interest);
            uint128 principal = uint128(principalShares[i]);
            d.paid += interest + penalty + principal;
            d.principalPaid += principal;
            d.interestDue = 0;
            d.penaltyDue = 0;
            d.closed = true;
            uint128 writtenOff = uint128(charges[i] + principals[i] - chargeShares[i] - principal);
            d.writtenOff = writtenOff;
            emit DrawSettled(positionId, id, interest, penalty, principal, writtenOff);
        }
        emit PositionLiquidated(positionId, proceeds, marginUsed, available - surplus, surplus, uint128(shortfall));
    }

    /// @dev What a redemption of `holder`'s `id` pays, burns and writes off now.
    struct Redemption {
        uint256 root;
        uint128 entitled;
        uint128 payout;
        uint128 burned;
        uint128 loss;
    }

    function _redemption(uint256 id, address holder) private view returns (Redemption memory r) {
        IClaimLedger.Terms memory t = ledger.terms(id);
        Draw storage d = _draws[t.root];
        if (t.obligor == address(0) || d.face == 0) revert DrawUnknown(id);
        if (!d.closed && block.timestamp < t.dueDate) revert NotRedeemable(id, t.dueDate);
        uint256 balance = ledger.balanceOf(holder, id);
        r.root = t.root;
        r.entitled = uint128(CollateralMath.proRata(balance, d.paid, d.face));
        r.payout = r.entitled - received[id][holder];
        if (d.closed || d.principalPaid == d.face) r.burned = uint128(balance);
        if (d.closed) r.loss = uint128(CollateralMath.proRata(balance, d.writtenOff, d.face));
    }

    /// @dev Late interest owed now on a draw (see {Receivables}).
    function _accrual(Draw storage d, Position storage p) private view returns (CollateralMath.Accrual memory a) {
        a.principal = d.face - d.principalPaid;
        a.due = d.interestDue;
        a.daysLate = d.accruedDays;
        a.carry = d.carry;
        CollateralMath.accrueLate(a, p.lateRateBps, p.dueDate, p.dayCount, block.timestamp);
    }

    function _checkpoint(uint256 id, Draw storage d, Position storage p) private {
        CollateralMath.Accrual memory a = _accrual(d, p);
        if (!a.advanced) return;
        d.interestDue = a.due;
        d.accruedDays = a.daysLate;
        d.carry = a.carry;
        emit LateInterestAccrued(id, a.daysLate, a.accrued, a.due, a.carry);
    }

    /// @dev XT is a platform token: this contract is an allowed spender, so no approval step is needed.
    function _pull(address from, uint128 amount) private {
        if (!xt.transferFrom(from, address(this), amount)) revert XtTransferFailed(from, address(this), amount);
    }

    function _push(address to, uint128 amount) private {
        if (!xt.transfer(to, amount)) revert XtTransferFailed(address(this), to, amount);
    }
}
