// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ITranchedPools} from "./ITranchedPools.sol";
import {InvestmentTerms} from "./InvestmentTerms.sol";
import {Waterfall} from "./Waterfall.sol";
import {IClaimLedger} from "../claims/IClaimLedger.sol";
import {IMemberRegistry} from "../identity/IMemberRegistry.sol";
import {IReceivables} from "../receivables/IReceivables.sol";
import {MemberRoles} from "../libraries/MemberRoles.sol";
import {DayCount} from "../libraries/DayCount.sol";

/// @title TranchedPools
/// @notice See {ITranchedPools}. One contract serves every pool; a pool holds at most {MAX_ASSETS} claims, so an
/// epoch close costs O(assets + tranches), never O(investors).
contract TranchedPools is ITranchedPools, ReentrancyGuard {
    using SafeCast for uint256;

    uint256 public constant MAX_ASSETS = 32;

    IClaimLedger public immutable ledger;
    IMemberRegistry public immutable members;
    IReceivables public immutable receivables;
    IERC20 public immutable xt;
    /// The holders' vote (PoolGovernance): the only caller of valuation, write-off and policy changes.
    address public governance;

    mapping(bytes32 poolId => PoolState) private _pools;
    mapping(bytes32 poolId => PoolConfig) private _configs;
    mapping(bytes32 poolId => Policy) private _policies;
    mapping(bytes32 poolId => mapping(address obligor => bool)) public eligible;
    mapping(bytes32 poolId => mapping(address obligor => uint128)) public exposure;
    mapping(bytes32 poolId => Tranche[3]) private _tranches;
    mapping(bytes32 poolId => Asset[]) private _assets;
    /// Which pool holds a claim id (settlement pays this contract's whole holding: one pool per claim id).
    mapping(uint256 claimId => bytes32) public poolOfClaim;
    mapping(uint256 claimId => uint32) private _assetIndexOf;
    mapping(bytes32 poolId => mapping(uint32 epoch => EpochTranche[3])) private _epochs;
    mapping(bytes32 poolId => mapping(uint8 tranche => mapping(address investor => Order))) private _orders;

    constructor(IClaimLedger claimLedger, IMemberRegistry memberRegistry, IReceivables settlement, IERC20 settlementToken) {
        ledger = claimLedger;
        members = memberRegistry;
        receivables = settlement;
        xt = settlementToken;
    }

    modifier onlyGovernance() {
        if (msg.sender != governance) revert NotGovernance(msg.sender);
        _;
    }

    /// @inheritdoc ITranchedPools
    function setGovernance(address gov) external {
        if (msg.sender != Ownable(address(members)).owner()) revert NotGovernance(msg.sender);
        if (governance != address(0)) revert GovernanceAlreadySet(governance);
        governance = gov;
        emit GovernanceSet(gov);
    }

    /// @inheritdoc ITranchedPools
    function createPool(bytes32 poolId, PoolConfig calldata c, Policy calldata p, address[] calldata obligors) external {
        if (_pools[poolId].sponsor != address(0)) revert PoolExists(poolId);
        if (!members.hasRoles(msg.sender, MemberRoles.FUNDER)) revert NotInvestor(msg.sender);
        if (c.maturity <= block.timestamp) revert PoolTermsInvalid(poolId, "maturity");
        if (c.dayCount > 1) revert PoolTermsInvalid(poolId, "dayCount");
        if (c.quorumBps > 10_000 || c.thresholdBps > 10_000 || c.thresholdBps == 0) revert PoolTermsInvalid(poolId, "quorum");
        if (c.votingSeconds == 0) revert PoolTermsInvalid(poolId, "votingSeconds");
        if (c.minSubordinationBps >= 10_000) revert PoolTermsInvalid(poolId, "minSubordinationBps");
        if (c.minCoverBps > 10_000) revert PoolTermsInvalid(poolId, "minCoverBps");
        _checkPolicy(poolId, p);
        _pools[poolId] = PoolState({
            sponsor: msg.sender, epoch: 1, lastClose: uint40(block.timestamp), cash: 0, reserved: 0, pendingDeposits: 0, cover: 0, nav: 0
        });
        _configs[poolId] = c;
        _policies[poolId] = p;
        emit PoolCreated(poolId, msg.sender, c.consortiumId, c.maturity, c.targetYieldBps);
        emit PolicySet(poolId, p.discountRateBps, p.minDiscountBps, p.maxTenorDays, p.limitPerObligor);
        emit PoolLimitsSet(poolId, c.minSubordinationBps, c.minCoverBps);
        for (uint256 i; i < obligors.length; ++i) {
            eligible[poolId][obligors[i]] = true;
            emit ObligorEligibilitySet(poolId, obligors[i], true);
        }
        for (uint8 t; t < 3; ++t) {
            InvestmentTerms.Terms memory it = InvestmentTerms.Terms({
                venue: InvestmentTerms.Venue.Pool,
                series: poolId,
                tranche: t,
                targetYieldBps: c.targetYieldBps[t],
                maturity: c.maturity,
                redemption: InvestmentTerms.Redemption.EpochRequest
            });
            uint256 id = trancheId(poolId, t);
            emit InvestmentDefined(id, poolId, it.venue, t, it.targetYieldBps, it.maturity, it.redemption);
            ledger.issue(
                id,
                IClaimLedger.Terms({
                    obligor: address(this),
                    dueDate: c.maturity,
                    lateRateBps: 0,
                    maxHops: type(uint8).max,
                    dayCount: c.dayCount,
                    kind: IClaimLedger.Kind.Investment,
                    consortiumId: c.consortiumId,
                    parent: 0,
                    root: id,
                    documentsHash: InvestmentTerms.hash(it)
                }),
                msg.sender,
                0
            );
        }
    }

    /// @inheritdoc ITranchedPools
    function postCover(bytes32 poolId, uint128 amount) external nonReentrant {
        PoolState storage s = _existing(poolId);
        if (msg.sender != s.sponsor) revert NotSponsor(poolId, msg.sender);
        if (amount == 0) revert AmountZero();
        s.cover += amount;
        emit CoverPosted(poolId, msg.sender, amount, s.cover);
        _pull(msg.sender, amount);
    }

    /// @inheritdoc ITranchedPools
    function withdrawCover(bytes32 poolId, uint128 amount) external nonReentrant {
        PoolState storage s = _existing(poolId);
        if (msg.sender != s.sponsor) revert NotSponsor(poolId, msg.sender);
        if (amount == 0) revert AmountZero();
        uint128 free = coverWithdrawable(poolId);
        if (amount > free) revert CoverLocked(poolId, free, amount);
        s.cover -= amount;
        emit CoverWithdrawn(poolId, msg.sender, amount, s.cover);
        if (!xt.transfer(msg.sender, amount)) revert CoverLocked(poolId, free, amount);
    }

    /// @inheritdoc ITranchedPools
    function coverWithdrawable(bytes32 poolId) public view returns (uint128) {
        PoolState storage s = _existing(poolId);
        PoolConfig storage c = _configs[poolId];
        if (block.timestamp >= c.maturity && !_holdsOpenAsset(poolId)) return s.cover;
        Tranche[3] storage tr = _tranches[poolId];
        uint256 required = Math.mulDiv(uint256(tr[0].value) + tr[1].value + tr[2].value, c.minCoverBps, 10_000, Math.Rounding.Ceil);
        return s.cover > required ? s.cover - uint128(required) : 0;
    }

    /// @inheritdoc ITranchedPools
    function requestDeposit(bytes32 poolId, uint8 t, uint128 assets) external nonReentrant {
        PoolState storage s = _open(poolId, t);
        if (!members.hasRoles(msg.sender, MemberRoles.FUNDER)) revert NotInvestor(msg.sender);
        if (assets == 0) revert AmountZero();
        Order storage o = _currentOrder(poolId, t, msg.sender, s.epoch);
        o.deposit += assets;
        s.pendingDeposits += assets;
        _tranches[poolId][t].pendingDeposits += assets;
        emit DepositRequested(poolId, t, msg.sender, assets, s.epoch);
        _pull(msg.sender, assets);
    }

    /// @inheritdoc ITranchedPools
    function requestRedeem(bytes32 poolId, uint8 t, uint128 shares) external nonReentrant {
        PoolState storage s = _existing(poolId);
        if (t > 2) revert TrancheInvalid(t);
        if (shares == 0) revert AmountZero();
        uint256 id = trancheId(poolId, t);
        uint256 held = ledger.balanceOf(msg.sender, id);
        if (held < shares) revert RedeemExceedsShares(poolId, t, held, shares);
        Order storage o = _currentOrder(poolId, t, msg.sender, s.epoch);
        o.redeem += shares;
        _tranches[poolId][t].pendingRedeem += shares;
        emit RedeemRequested(poolId, t, msg.sender, shares, s.epoch);
        ledger.burn(msg.sender, id, shares);
    }

    /// @inheritdoc ITranchedPools
    function claim(bytes32 poolId, uint8 t, address investor) external nonReentrant {
        PoolState storage s = _existing(poolId);
        if (t > 2) revert TrancheInvalid(t);
        Order storage o = _orders[poolId][t][investor];
        if (o.epoch == 0 || o.epoch >= s.epoch) revert NothingToClaim(poolId, t, investor);
        _settle(poolId, t, investor, o);
    }

    /// @inheritdoc ITranchedPools
    function sell(bytes32 poolId, uint256 claimId, uint128 face, uint128 minPrice) external nonReentrant returns (uint128 price) {
        PoolState storage s = _existing(poolId);
        PoolConfig storage c = _configs[poolId];
        if (block.timestamp >= c.maturity) revert PoolMatured(poolId, c.maturity);
        if (face == 0) revert AmountZero();
        IClaimLedger.Terms memory t = ledger.terms(claimId);
        Policy memory p = _policies[poolId];
        if (t.obligor == address(0) || t.kind == IClaimLedger.Kind.Investment) revert PurchaseOutsidePolicy(poolId, "claimKind");
        if (!eligible[poolId][t.obligor]) revert PurchaseOutsidePolicy(poolId, "obligor");
        if (t.dueDate <= block.timestamp || t.dueDate > c.maturity) revert PurchaseOutsidePolicy(poolId, "dueDate");
        uint256 numDays = DayCount.daysBetween(block.timestamp, t.dueDate);
        if (numDays > p.maxTenorDays) revert PurchaseOutsidePolicy(poolId, "maxTenorDays");
        uint128 held = exposure[poolId][t.obligor] + face;
        if (held > p.limitPerObligor) revert PurchaseOutsidePolicy(poolId, "limitPerObligor");
        bytes32 holder = poolOfClaim[claimId];
        if (holder != bytes32(0) && holder != poolId) revert PurchaseOutsidePolicy(poolId, "claimId");
        uint256 discount = DayCount.interest(face, p.discountRateBps, numDays, t.dayCount);
        if (discount * 10_000 < uint256(face) * p.minDiscountBps) revert PurchaseOutsidePolicy(poolId, "minDiscountBps");
        if (discount >= face) revert PurchaseOutsidePolicy(poolId, "discountRateBps");
        price = face - uint128(discount);
        if (price < minPrice) revert PriceBelowMinimum(price, minPrice);
        if (price > s.cash) revert InsufficientCash(poolId, s.cash, price);

        s.cash -= price;
        exposure[poolId][t.obligor] = held;
        uint32 index;
        if (holder == poolId) {
            // More of a claim the pool already holds: one asset per claim id (settlement pays the whole holding).
            index = _assetIndexOf[claimId];
            Asset storage a = _assets[poolId][index];
            a.face += face;
            a.price += price;
        } else {
            if (_assets[poolId].length >= MAX_ASSETS) revert PurchaseOutsidePolicy(poolId, "maxAssets");
            index = uint32(_assets[poolId].length);
            _assets[poolId].push(
                Asset({
                    claimId: claimId,
                    obligor: t.obligor,
                    boughtAt: uint40(block.timestamp),
                    dueDate: t.dueDate,
                    writtenOff: false,
                    closed: false,
                    valued: false,
                    face: face,
                    price: price,
                    collected: 0,
                    valuation: 0
                })
            );
            poolOfClaim[claimId] = poolId;
            _assetIndexOf[claimId] = index;
        }
        emit AssetBought(poolId, claimId, msg.sender, t.obligor, face, price, index);
        ledger.transferFrom(msg.sender, address(this), claimId, face);
        if (!xt.transfer(msg.sender, price)) revert InsufficientCash(poolId, s.cash, price);
    }

    /// @inheritdoc ITranchedPools
    function closeEpoch(bytes32 poolId) external nonReentrant {
        PoolState storage s = _existing(poolId);
        PoolConfig storage c = _configs[poolId];
        if (msg.sender != s.sponsor && block.timestamp < uint256(s.lastClose) + c.minEpochSeconds) {
            revert EpochTooEarly(poolId, uint40(uint256(s.lastClose) + c.minEpochSeconds));
        }
        _collect(poolId, s);
        uint256 nav = portfolioValue(poolId);
        uint32 numDays = uint32(DayCount.daysBetween(s.lastClose, block.timestamp));
        Tranche[3] storage tr = _tranches[poolId];
        uint256[3] memory previous = [uint256(tr[0].value), tr[1].value, tr[2].value];
        uint256[3] memory targets;
        for (uint256 i; i < 3; ++i) targets[i] = Waterfall.target(previous[i], c.targetYieldBps[i], numDays, c.dayCount);
        (uint256[3] memory values, uint256 coverUsed) = Waterfall.allocate(nav + s.cash, previous, targets, s.cover);
        uint32 epoch = s.epoch;
        s.cover -= coverUsed.toUint128();
        s.cash += coverUsed.toUint128();
        s.nav = nav.toUint128();
        s.lastClose = uint40(block.timestamp);
        s.epoch = epoch + 1;
        emit EpochClosed(poolId, epoch, s.nav, s.cash, uint128(coverUsed), numDays);

        // A copy, not an alias: the requests below change `values`; the event reports the waterfall's result too.
        uint256[3] memory before = [values[0], values[1], values[2]];
        EpochTranche[3] storage results = _epochs[poolId][epoch];
        uint16 minSub = c.minSubordinationBps;
        // C's and B's deposits raise the subordination; A's execute as far as the minimum allows.
        _executeDeposits(s, tr[2], results[2], values, 2, type(uint256).max);
        _executeDeposits(s, tr[1], results[1], values, 1, type(uint256).max);
        _executeDeposits(s, tr[0], results[0], values, 0, _seniorRoom(values, minSub));
        // Redemptions in order of seniority, as far as the cash goes; B's and C's as far as the minimum allows.
        _executeRedemptions(s, tr[0], results[0], values, 0, type(uint256).max);
        _executeRedemptions(s, tr[1], results[1], values, 1, _juniorRoom(values, minSub));
        _executeRedemptions(s, tr[2], results[2], values, 2, _juniorRoom(values, minSub));
        for (uint8 i; i < 3; ++i) {
            Tranche storage x = tr[i];
            x.value = values[i].toUint128();
            x.target = targets[i].toUint128();
            EpochTranche storage e = results[i];
            if (e.depositReturned != 0) emit DepositsReturned(poolId, epoch, i, e.depositReturned);
            emit TrancheSettled(
                poolId, epoch, i, uint128(previous[i]), x.target, uint128(before[i]), e.depositAssets, e.depositShares, e.redeemShares,
                e.redeemFulfilled, e.redeemAssets, x.value, x.supply
            );
        }
    }

    /// @inheritdoc ITranchedPools
    function setValuation(bytes32 poolId, uint32 index, uint128 valuation) external onlyGovernance {
        Asset storage a = _asset(poolId, index);
        a.valued = true;
        a.valuation = valuation;
        emit AssetValued(poolId, index, valuation);
    }

    /// @inheritdoc ITranchedPools
    function writeOff(bytes32 poolId, uint32 index) external onlyGovernance {
        Asset storage a = _asset(poolId, index);
        a.writtenOff = true;
        emit AssetWrittenOff(poolId, index);
    }

    /// @inheritdoc ITranchedPools
    function setPolicy(bytes32 poolId, Policy calldata p) external onlyGovernance {
        _existing(poolId);
        _checkPolicy(poolId, p);
        _policies[poolId] = p;
        emit PolicySet(poolId, p.discountRateBps, p.minDiscountBps, p.maxTenorDays, p.limitPerObligor);
    }

    /// @inheritdoc ITranchedPools
    function setEligible(bytes32 poolId, address obligor, bool allowed) external onlyGovernance {
        _existing(poolId);
        eligible[poolId][obligor] = allowed;
        emit ObligorEligibilitySet(poolId, obligor, allowed);
    }

    /// @inheritdoc ITranchedPools
    function pool(bytes32 poolId) external view returns (PoolState memory) {
        return _pools[poolId];
    }

    /// @inheritdoc ITranchedPools
    function config(bytes32 poolId) external view returns (PoolConfig memory) {
        return _configs[poolId];
    }

    /// @inheritdoc ITranchedPools
    function policy(bytes32 poolId) external view returns (Policy memory) {
        return _policies[poolId];
    }

    /// @inheritdoc ITranchedPools
    function tranche(bytes32 poolId, uint8 t) external view returns (Tranche memory) {
        return _tranches[poolId][t];
    }

    /// @inheritdoc ITranchedPools
    function asset(bytes32 poolId, uint32 index) external view returns (Asset memory) {
        return _assets[poolId][index];
    }

    /// @inheritdoc ITranchedPools
    function assetCount(bytes32 poolId) external view returns (uint256) {
        return _assets[poolId].length;
    }

    /// @inheritdoc ITranchedPools
    function epochResult(bytes32 poolId, uint32 epoch, uint8 t) external view returns (EpochTranche memory) {
        return _epochs[poolId][epoch][t];
    }

    /// @inheritdoc ITranchedPools
    function order(bytes32 poolId, uint8 t, address investor) external view returns (Order memory) {
        return _orders[poolId][t][investor];
    }

    /// @inheritdoc ITranchedPools
    function trancheId(bytes32 poolId, uint8 t) public view returns (uint256) {
        if (t > 2) revert TrancheInvalid(t);
        return uint256(keccak256(abi.encode(address(this), "pool", poolId, t)));
    }

    /// @inheritdoc ITranchedPools
    function portfolioValue(bytes32 poolId) public view returns (uint256 nav) {
        Asset[] storage list = _assets[poolId];
        for (uint256 i; i < list.length; ++i) {
            Asset storage a = list[i];
            if (a.closed || a.writtenOff) continue;
            if (a.valued) {
                nav += a.valuation;
                continue;
            }
            nav += Waterfall.assetValue(a.face, a.price, a.collected, a.boughtAt, a.dueDate, block.timestamp);
        }
    }

    /// @dev Deposits of tranche `i` at its price after the waterfall (1:1 while it has no shares), at most `room` of
    /// them; the rest is returned with the claims. A tranche wiped out (value 0, shares outstanding) has no price: its
    /// deposits are refused and returned.
    function _executeDeposits(PoolState storage s, Tranche storage x, EpochTranche storage e, uint256[3] memory values, uint8 i, uint256 room)
        private
    {
        uint128 d = x.pendingDeposits;
        if (d == 0) return;
        x.pendingDeposits = 0;
        s.pendingDeposits -= d;
        e.depositAssets = d;
        if (x.supply != 0 && values[i] == 0) {
            e.depositsRefused = true;
            room = 0;
        }
        uint128 accepted = room < d ? uint128(room) : d;
        if (accepted < d) {
            e.depositReturned = d - accepted;
            s.reserved += d - accepted;
        }
        if (accepted == 0) return;
        uint128 shares = x.supply == 0 ? accepted : ((uint256(accepted) * x.supply) / values[i]).toUint128();
        e.depositShares = shares;
        x.supply += shares;
        x.unminted += shares;
        values[i] += accepted;
        s.cash += accepted;
    }

    /// @dev How much A may take in deposits with B and C keeping `minSub` of the tranches' value: the largest x with
    /// (B + C) × 10,000 ≥ minSub × (A + B + C + x), rounded down.
    function _seniorRoom(uint256[3] memory v, uint16 minSub) private pure returns (uint256) {
        if (minSub == 0) return type(uint256).max;
        uint256 junior = (v[1] + v[2]) * 10_000;
        uint256 needed = uint256(minSub) * (v[0] + v[1] + v[2]);
        return junior > needed ? (junior - needed) / minSub : 0;
    }

    /// @dev How much value B and C may redeem with them keeping `minSub` of the tranches' value: the largest y with
    /// (B + C − y) × 10,000 ≥ minSub × (A + B + C − y), rounded down.
    function _juniorRoom(uint256[3] memory v, uint16 minSub) private pure returns (uint256) {
        if (minSub == 0) return type(uint256).max;
        uint256 junior = (v[1] + v[2]) * 10_000;
        uint256 needed = uint256(minSub) * (v[0] + v[1] + v[2]);
        return junior > needed ? (junior - needed) / (10_000 - minSub) : 0;
    }

    /// @dev Redemptions of tranche `i` at its price: in full when the cash and `room` (value it may give up) allow,
    /// else the share of the request they allow (rounded down); the rest comes back as shares at the claim.
    function _executeRedemptions(PoolState storage s, Tranche storage x, EpochTranche storage e, uint256[3] memory values, uint8 i, uint256 room)
        private
    {
        uint128 r = x.pendingRedeem;
        if (r == 0) return;
        x.pendingRedeem = 0;
        uint256 supply = x.supply;
        uint256 full = (uint256(r) * values[i]) / supply;
        uint256 fulfilled = r;
        uint256 assets = full;
        uint256 limit = room < s.cash ? room : s.cash;
        if (full > limit) {
            fulfilled = (uint256(r) * limit) / full;
            assets = (fulfilled * values[i]) / supply;
            // The two floors can leave `assets` one unit above the limit: never pay more than it allows.
            if (assets > limit) assets = limit;
        }
        e.redeemShares = r;
        e.redeemFulfilled = fulfilled.toUint128();
        e.redeemAssets = assets.toUint128();
        x.supply = (supply - fulfilled).toUint128();
        x.unminted += r - e.redeemFulfilled;
        values[i] -= assets;
        s.cash -= e.redeemAssets;
        s.reserved += e.redeemAssets;
    }

    /// @dev Collects what settlement owes each matured claim the pool holds into its cash.
    function _collect(bytes32 poolId, PoolState storage s) private {
        Asset[] storage list = _assets[poolId];
        for (uint256 i; i < list.length; ++i) {
            Asset storage a = list[i];
            if (a.closed || block.timestamp < a.dueDate) continue;
            uint128 due = receivables.redeemable(a.claimId, address(this));
            if (due == 0) continue;
            uint256 before = xt.balanceOf(address(this));
            receivables.redeem(a.claimId, address(this));
            uint128 amount = (xt.balanceOf(address(this)) - before).toUint128();
            a.collected += amount;
            s.cash += amount;
            bool closed = ledger.balanceOf(address(this), a.claimId) == 0;
            if (closed) {
                a.closed = true;
                exposure[poolId][a.obligor] -= a.face;
                delete poolOfClaim[a.claimId];
            }
            emit AssetCollected(poolId, uint32(i), amount, a.collected, closed);
        }
    }

    /// @dev The caller's order for the current epoch; an order of an executed epoch is first delivered.
    function _currentOrder(bytes32 poolId, uint8 t, address investor, uint32 epoch) private returns (Order storage o) {
        o = _orders[poolId][t][investor];
        if (o.epoch != 0 && o.epoch < epoch) _settle(poolId, t, investor, o);
        o.epoch = epoch;
    }

    /// @dev Delivers an executed order: shares = the order's part of the epoch's executed totals, rounded down (the
    /// floors' residue stays in `unminted`, counted in the tranche's shares; XT residue stays in `reserved`).
    function _settle(bytes32 poolId, uint8 t, address investor, Order storage o) private {
        EpochTranche storage e = _epochs[poolId][o.epoch][t];
        uint128 shares;
        uint128 refund;
        uint128 returned;
        uint128 payout;
        if (o.deposit != 0) {
            shares = ((uint256(o.deposit) * e.depositShares) / e.depositAssets).toUint128();
            refund = ((uint256(o.deposit) * e.depositReturned) / e.depositAssets).toUint128();
        }
        if (o.redeem != 0) {
            returned = ((uint256(o.redeem) * (e.redeemShares - e.redeemFulfilled)) / e.redeemShares).toUint128();
            payout = ((uint256(o.redeem) * e.redeemAssets) / e.redeemShares).toUint128();
        }
        uint32 epoch = o.epoch;
        delete _orders[poolId][t][investor];
        Tranche storage x = _tranches[poolId][t];
        x.unminted -= shares + returned;
        _pools[poolId].reserved -= refund + payout;
        emit OrderClaimed(poolId, t, investor, epoch, shares, returned, payout, refund);
        if (shares + returned != 0) ledger.mint(investor, trancheId(poolId, t), shares + returned);
        if (refund + payout != 0 && !xt.transfer(investor, refund + payout)) revert NothingToClaim(poolId, t, investor);
    }

    /// @dev Whether the pool holds a claim not yet collected in full.
    function _holdsOpenAsset(bytes32 poolId) private view returns (bool) {
        Asset[] storage list = _assets[poolId];
        for (uint256 i; i < list.length; ++i) if (!list[i].closed) return true;
        return false;
    }

    function _pull(address from, uint128 amount) private {
        if (!xt.transferFrom(from, address(this), amount)) revert AmountZero();
    }

    function _checkPolicy(bytes32 poolId, Policy calldata p) private pure {
        if (p.discountRateBps > 10_000) revert PoolTermsInvalid(poolId, "discountRateBps");
        if (p.minDiscountBps > 10_000) revert PoolTermsInvalid(poolId, "minDiscountBps");
        if (p.maxTenorDays == 0) revert PoolTermsInvalid(poolId, "maxTenorDays");
    }

    function _existing(bytes32 poolId) private view returns (PoolState storage s) {
        s = _pools[poolId];
        if (s.sponsor == address(0)) revert PoolNotFound(poolId);
    }

    function _open(bytes32 poolId, uint8 t) private view returns (PoolState storage s) {
        s = _existing(poolId);
        if (t > 2) revert TrancheInvalid(t);
        uint40 maturity = _configs[poolId].maturity;
        if (block.timestamp >= maturity) revert PoolMatured(poolId, maturity);
    }

    function _asset(bytes32 poolId, uint32 index) private view returns (Asset storage) {
        if (index >= _assets[poolId].length) revert AssetUnknown(poolId, index);
        return _assets[poolId][index];
    }
}
