// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ILeaseBook} from "./ILeaseBook.sol";
import {IServiceProviders} from "./IServiceProviders.sol";
import {RentSplit} from "./RentSplit.sol";
import {IDeviceRegistry} from "../devices/IDeviceRegistry.sol";
import {ITelemetryAnchor} from "../devices/ITelemetryAnchor.sol";
import {IClaimLedger} from "../claims/IClaimLedger.sol";
import {IMemberRegistry} from "../identity/IMemberRegistry.sol";
import {IInvestmentVenue} from "../investment/IInvestmentVenue.sol";
import {InvestmentTerms} from "../investment/InvestmentTerms.sol";
import {MemberRoles} from "../libraries/MemberRoles.sol";
import {DayCount} from "../libraries/DayCount.sol";

/// @title LeaseBook
/// @notice See {ILeaseBook}.
contract LeaseBook is ILeaseBook, IInvestmentVenue, ReentrancyGuard {
    /// Bounds the gas of a rent payment (one transfer per recipient).
    uint256 public constant MAX_INVESTORS = 20;
    uint256 public constant MAX_PROVIDERS = 5;
    /// The platform and the providers together take at most half of a payment.
    uint256 public constant MAX_FEES_BPS = 5_000;

    IClaimLedger public immutable ledger;
    IMemberRegistry public immutable members;
    IERC20 public immutable xt;
    IDeviceRegistry public immutable devices;
    ITelemetryAnchor public immutable telemetry;
    IServiceProviders public immutable serviceProviders;

    address public platformAccount;
    uint16 public platformFeeBps;

    mapping(bytes32 leaseId => Lease) private _leases;
    mapping(bytes32 leaseId => Terms) private _terms;
    mapping(bytes32 leaseId => ProviderShare[]) private _providers;
    /// Investors in funding order (the residue's tie-break).
    mapping(bytes32 leaseId => address[]) private _investors;

    constructor(
        IClaimLedger claimLedger,
        IMemberRegistry memberRegistry,
        IERC20 settlementToken,
        IDeviceRegistry deviceRegistry,
        ITelemetryAnchor telemetryAnchor,
        IServiceProviders providerRegistry,
        address platform,
        uint16 feeBps
    ) {
        ledger = claimLedger;
        members = memberRegistry;
        xt = settlementToken;
        devices = deviceRegistry;
        telemetry = telemetryAnchor;
        serviceProviders = providerRegistry;
        _setPlatformFee(platform, feeBps);
    }

    /// @inheritdoc ILeaseBook
    function propose(bytes32 leaseId, Terms calldata t, ProviderShare[] calldata providers)
        external
        nonReentrant
        returns (uint256 investmentId)
    {
        if (_leases[leaseId].status != Status.None) revert LeaseExists(leaseId);
        if (IERC721(address(devices)).ownerOf(t.deviceId) != msg.sender) revert NotLessor(leaseId, msg.sender);
        if (t.lessee == msg.sender || !members.hasRoles(t.lessee, MemberRoles.LESSEE)) revert LeaseTermsInvalid(leaseId, "lessee");
        if (t.price == 0) revert LeaseTermsInvalid(leaseId, "price");
        if (t.rentPerPeriod == 0 && t.usageRatePerHour == 0) revert LeaseTermsInvalid(leaseId, "rentPerPeriod");
        if (t.periodDays == 0) revert LeaseTermsInvalid(leaseId, "periodDays");
        if (t.periods == 0) revert LeaseTermsInvalid(leaseId, "periods");
        if (t.dayCount > 1) revert LeaseTermsInvalid(leaseId, "dayCount");
        if (t.fundingDeadline <= block.timestamp) revert LeaseTermsInvalid(leaseId, "fundingDeadline");
        if (providers.length > MAX_PROVIDERS) revert LeaseTermsInvalid(leaseId, "providers");
        uint256 fees = platformFeeBps;
        for (uint256 j; j < providers.length; ++j) {
            ProviderShare calldata p = providers[j];
            if (!serviceProviders.isCertified(p.account, p.kind)) revert ProviderNotCertifiedFor(p.account, p.kind);
            fees += p.bps;
            _providers[leaseId].push(p);
        }
        if (fees > MAX_FEES_BPS) revert LeaseTermsInvalid(leaseId, "providers");

        investmentId = investmentIdOf(leaseId);
        uint128 salvage = devices.deviceOf(t.deviceId).salvageValue;
        // The investment claim matures when the lease could end at the latest: funded on its deadline, all periods run.
        uint40 maturity = SafeCast.toUint40(uint256(t.fundingDeadline) + (uint256(t.periodDays) * t.periods + 1) * 1 days);
        _terms[leaseId] = t;
        _leases[leaseId] = Lease({
            lessor: msg.sender,
            status: Status.Proposed,
            startDay: 0,
            paidPeriods: 0,
            platformBps: platformFeeBps,
            raised: 0,
            salvageValue: salvage,
            meterMilliHours: 0,
            meterSeq: 0,
            metered: false,
            usageCarry: 0,
            investmentId: investmentId,
            collected: 0
        });
        InvestmentTerms.Terms memory it = InvestmentTerms.Terms({
            venue: InvestmentTerms.Venue.Lease,
            series: leaseId,
            tranche: 0,
            targetYieldBps: 0,
            maturity: maturity,
            redemption: InvestmentTerms.Redemption.RentShare
        });
        emit LeaseProposed(leaseId, t.deviceId, msg.sender, t.lessee, t, providers, platformFeeBps, salvage, investmentId);
        emit InvestmentDefined(investmentId, leaseId, it.venue, 0, 0, maturity, it.redemption);
        IERC721(address(devices)).transferFrom(msg.sender, address(this), t.deviceId);
        // maxHops 0: the shares do not move while the lease runs, so each payment is split among known holders.
        ledger.issue(
            investmentId,
            IClaimLedger.Terms({
                obligor: address(this),
                dueDate: maturity,
                lateRateBps: 0,
                maxHops: 0,
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

    /// @inheritdoc ILeaseBook
    function accept(bytes32 leaseId) external nonReentrant {
        Lease storage l = _existing(leaseId);
        Terms storage t = _terms[leaseId];
        if (msg.sender != t.lessee) revert NotLessee(leaseId, msg.sender, t.lessee);
        if (l.status != Status.Proposed) revert LeaseStatusInvalid(leaseId, l.status);
        if (block.timestamp >= t.fundingDeadline) revert FundingDeadlinePassed(leaseId, t.fundingDeadline);
        l.status = Status.Accepted;
        emit LeaseAccepted(leaseId, msg.sender, t.deposit);
        _pull(msg.sender, t.deposit);
    }

    /// @inheritdoc ILeaseBook
    function fund(bytes32 leaseId, uint128 amount) external nonReentrant {
        Lease storage l = _existing(leaseId);
        Terms storage t = _terms[leaseId];
        if (l.status != Status.Accepted) revert LeaseStatusInvalid(leaseId, l.status);
        if (block.timestamp >= t.fundingDeadline) revert FundingDeadlinePassed(leaseId, t.fundingDeadline);
        if (!members.hasRoles(msg.sender, MemberRoles.FUNDER) && !members.hasRoles(msg.sender, MemberRoles.INVESTOR)) revert NotInvestor(msg.sender);
        uint128 remaining = t.price - l.raised;
        if (amount == 0 || amount > remaining) revert FundingExceedsPrice(leaseId, remaining, amount);
        if (ledger.balanceOf(msg.sender, l.investmentId) == 0) {
            if (_investors[leaseId].length == MAX_INVESTORS) revert TooManyInvestors(leaseId, MAX_INVESTORS);
            _investors[leaseId].push(msg.sender);
        }
        uint128 raised = l.raised + amount;
        l.raised = raised;
        bool completed = raised == t.price;
        uint40 startDay = uint40(block.timestamp - (block.timestamp % 1 days));
        if (completed) {
            l.status = Status.Active;
            l.startDay = startDay;
        }
        emit LeaseFunded(leaseId, msg.sender, amount, raised);
        if (completed) emit LeaseActivated(leaseId, l.lessor, raised, startDay);
        _pull(msg.sender, amount);
        ledger.mint(msg.sender, l.investmentId, amount);
        if (completed) _send(l.lessor, raised);
    }

    /// @inheritdoc ILeaseBook
    function payRent(bytes32 leaseId) external nonReentrant returns (uint128 total) {
        Lease storage l = _payable(leaseId);
        if (_terms[leaseId].usageRatePerHour != 0) revert MeterRequired(leaseId);
        return _pay(leaseId, l, 0, 0);
    }

    /// @inheritdoc ILeaseBook
    function payMeteredRent(bytes32 leaseId, AnchoredReading calldata from, AnchoredReading calldata to)
        external
        nonReentrant
        returns (uint128 total)
    {
        Lease storage l = _payable(leaseId);
        Terms storage t = _terms[leaseId];
        if (t.usageRatePerHour == 0) revert MeterNotUsed(leaseId);
        ITelemetryAnchor.Reading calldata a = from.reading;
        ITelemetryAnchor.Reading calldata b = to.reading;
        if (a.deviceId != t.deviceId || b.deviceId != t.deviceId) revert UsageReadingInvalid(leaseId, "deviceId");
        if (b.seq <= a.seq || b.usageMilliHours < a.usageMilliHours) revert UsageReadingInvalid(leaseId, "seq");
        if (l.metered) {
            if (a.seq != l.meterSeq || a.usageMilliHours != l.meterMilliHours) revert UsageReadingInvalid(leaseId, "from");
        } else if (a.time >= uint256(l.startDay) + 1 days) {
            revert UsageReadingInvalid(leaseId, "from");
        }
        uint16 period = l.paidPeriods + 1;
        if (b.time < _dueDate(l, t, period)) revert UsageReadingInvalid(leaseId, "to");
        telemetry.requireAnchored(from.batchId, a, from.signature, from.proof);
        telemetry.requireAnchored(to.batchId, b, to.signature, to.proof);

        uint64 used = b.usageMilliHours - a.usageMilliHours;
        // floor(used × rate / 1000), the fraction of a minor unit carried to the next period (in 1/1000 units).
        uint256 numerator = uint256(used) * t.usageRatePerHour + l.usageCarry;
        l.metered = true;
        l.meterSeq = b.seq;
        l.meterMilliHours = b.usageMilliHours;
        l.usageCarry = uint16(numerator % 1000);
        return _pay(leaseId, l, SafeCast.toUint128(numerator / 1000), used);
    }

    /// @inheritdoc ILeaseBook
    function purchase(bytes32 leaseId) external nonReentrant {
        Lease storage l = _ended(leaseId);
        Terms storage t = _terms[leaseId];
        uint128 salvage = l.salvageValue;
        l.status = Status.Purchased;
        l.collected += salvage;
        address[] storage investors = _investors[leaseId];
        uint256[] memory parts = RentSplit.proRata(salvage, _shares(l, investors), t.price);
        emit LeaseEnded(leaseId, Status.Purchased, t.lessee, salvage, t.deposit);
        for (uint256 k; k < parts.length; ++k) {
            if (parts[k] != 0) emit RentShared(leaseId, 0, investors[k], Role.Investor, uint128(parts[k]));
        }
        _pull(msg.sender, salvage);
        for (uint256 k; k < parts.length; ++k) _send(investors[k], parts[k]);
        _close(leaseId, l, t, t.lessee, t.deposit);
    }

    /// @inheritdoc ILeaseBook
    function returnDevice(bytes32 leaseId) external nonReentrant {
        Lease storage l = _ended(leaseId);
        Terms storage t = _terms[leaseId];
        l.status = Status.Returned;
        emit LeaseEnded(leaseId, Status.Returned, l.lessor, 0, t.deposit);
        _close(leaseId, l, t, l.lessor, t.deposit);
    }

    /// @inheritdoc ILeaseBook
    function cancel(bytes32 leaseId) external nonReentrant {
        Lease storage l = _existing(leaseId);
        Terms storage t = _terms[leaseId];
        Status status = l.status;
        if (status != Status.Proposed && status != Status.Accepted) revert LeaseStatusInvalid(leaseId, status);
        if (block.timestamp < t.fundingDeadline) revert FundingDeadlineNotReached(leaseId, t.fundingDeadline);
        uint128 deposit = status == Status.Accepted ? t.deposit : 0;
        l.status = Status.Cancelled;
        emit LeaseCancelled(leaseId, deposit);
        IERC721(address(devices)).transferFrom(address(this), l.lessor, t.deviceId);
        _send(t.lessee, deposit);
    }

    /// @inheritdoc ILeaseBook
    function declareDefault(bytes32 leaseId) external nonReentrant {
        Lease storage l = _existing(leaseId);
        Terms storage t = _terms[leaseId];
        if (l.status != Status.Active || l.paidPeriods == t.periods) revert LeaseStatusInvalid(leaseId, l.status);
        uint16 first = l.paidPeriods + 1;
        uint256 behind = DayCount.daysLate(_dueDate(l, t, first), block.timestamp);
        if (behind < t.periodDays) revert LeaseNotInDefault(leaseId, SafeCast.toUint32(behind), t.periodDays);
        uint16 owed;
        uint128 lateOwed;
        for (uint256 k = first; k <= t.periods && _dueDate(l, t, uint16(k)) <= block.timestamp; ++k) {
            (uint128 late,) = _late(t, _dueDate(l, t, uint16(k)), t.rentPerPeriod);
            lateOwed += late;
            ++owed;
        }
        uint128 rentOwed = uint128(owed) * t.rentPerPeriod;
        uint128 applied = rentOwed + lateOwed < t.deposit ? rentOwed + lateOwed : t.deposit;
        l.status = Status.Defaulted;
        l.collected += applied;
        emit LeaseDefaulted(leaseId, t.lessee, first, owed, rentOwed, lateOwed, applied, t.deposit - applied);
        (address[] storage investors, uint256 platform, uint256[] memory providerParts, uint256[] memory investorParts) = _split(leaseId, l, first, applied);
        _send(platformAccount, platform);
        for (uint256 j; j < providerParts.length; ++j) _send(_providers[leaseId][j].account, providerParts[j]);
        for (uint256 k; k < investorParts.length; ++k) _send(investors[k], investorParts[k]);
        // The lessor repossesses the device and the lease closes as on a return, with what is left of the deposit.
        _close(leaseId, l, t, l.lessor, t.deposit - applied);
    }

    /// @inheritdoc ILeaseBook
    function refund(bytes32 leaseId, address investor) external nonReentrant returns (uint128 amount) {
        Lease storage l = _existing(leaseId);
        if (l.status != Status.Cancelled) revert LeaseStatusInvalid(leaseId, l.status);
        amount = SafeCast.toUint128(ledger.balanceOf(investor, l.investmentId));
        if (amount == 0) revert NothingToRefund(leaseId, investor);
        emit LeaseRefunded(leaseId, investor, amount);
        ledger.burn(investor, l.investmentId, amount);
        _send(investor, amount);
    }

    /// @inheritdoc ILeaseBook
    function setPlatformFee(address account, uint16 bps) external {
        if (msg.sender != Ownable(address(members)).owner() && !members.hasRoles(msg.sender, MemberRoles.OPERATOR)) {
            revert NotLeaseOperator(msg.sender);
        }
        _setPlatformFee(account, bps);
    }

    /// @inheritdoc ILeaseBook
    function lease(bytes32 leaseId) external view returns (Lease memory) {
        return _leases[leaseId];
    }

    /// @inheritdoc ILeaseBook
    function termsOf(bytes32 leaseId) external view returns (Terms memory) {
        return _terms[leaseId];
    }

    /// @inheritdoc ILeaseBook
    function providersOf(bytes32 leaseId) external view returns (ProviderShare[] memory) {
        return _providers[leaseId];
    }

    /// @inheritdoc ILeaseBook
    function investorsOf(bytes32 leaseId) external view returns (address[] memory) {
        return _investors[leaseId];
    }

    /// @inheritdoc ILeaseBook
    function rentDue(bytes32 leaseId)
        external
        view
        returns (uint16 period, uint40 dueDate, uint128 rent, uint128 lateInterest, uint32 daysLate)
    {
        Lease storage l = _leases[leaseId];
        Terms storage t = _terms[leaseId];
        if (l.status != Status.Active || l.paidPeriods == t.periods) return (0, 0, 0, 0, 0);
        period = l.paidPeriods + 1;
        dueDate = _dueDate(l, t, period);
        rent = t.rentPerPeriod;
        (lateInterest, daysLate) = _late(t, dueDate, rent);
    }

    /// @inheritdoc ILeaseBook
    function investmentIdOf(bytes32 leaseId) public view returns (uint256) {
        return uint256(keccak256(abi.encode(address(this), "lease", leaseId)));
    }

    /// @dev Splits and pays period `paidPeriods + 1`: fixed rent plus `usageRent`, with late interest on both.
    function _pay(bytes32 leaseId, Lease storage l, uint128 usageRent, uint64 used) private returns (uint128 total) {
        Terms storage t = _terms[leaseId];
        uint16 period = l.paidPeriods + 1;
        uint128 rent = t.rentPerPeriod;
        (uint128 lateInterest, uint32 daysLate) = _late(t, _dueDate(l, t, period), rent + usageRent);
        total = rent + usageRent + lateInterest;
        l.paidPeriods = period;
        l.collected += total;
        emit RentPaid(leaseId, period, msg.sender, rent, usageRent, lateInterest, daysLate, used);

        (address[] storage investors, uint256 platform, uint256[] memory providerParts, uint256[] memory investorParts) = _split(leaseId, l, period, total);
        ProviderShare[] storage providers = _providers[leaseId];
        address platformTo = platformAccount;
        _pull(msg.sender, total);
        _send(platformTo, platform);
        for (uint256 j; j < providerParts.length; ++j) _send(providers[j].account, providerParts[j]);
        for (uint256 k; k < investorParts.length; ++k) _send(investors[k], investorParts[k]);
    }

    /// @dev Splits `amount` (RentSplit: platform, providers, then the investors pro rata) and emits a {RentShared} per
    /// recipient; the caller moves the XT.
    function _split(bytes32 leaseId, Lease storage l, uint16 period, uint256 amount)
        private
        returns (address[] storage investors, uint256 platform, uint256[] memory providerParts, uint256[] memory investorParts)
    {
        ProviderShare[] storage providers = _providers[leaseId];
        uint16[] memory bps = new uint16[](providers.length);
        for (uint256 j; j < bps.length; ++j) bps[j] = providers[j].bps;
        uint256 pool;
        (platform, providerParts, pool) = RentSplit.fees(amount, l.platformBps, bps);
        investors = _investors[leaseId];
        investorParts = RentSplit.proRata(pool, _shares(l, investors), _terms[leaseId].price);
        if (platform != 0) emit RentShared(leaseId, period, platformAccount, Role.Platform, uint128(platform));
        for (uint256 j; j < providerParts.length; ++j) {
            if (providerParts[j] != 0) emit RentShared(leaseId, period, providers[j].account, Role.Provider, uint128(providerParts[j]));
        }
        for (uint256 k; k < investorParts.length; ++k) {
            if (investorParts[k] != 0) emit RentShared(leaseId, period, investors[k], Role.Investor, uint128(investorParts[k]));
        }
    }

    /// @dev Device to `deviceTo`, `depositBack` to the lessee, every investment unit burned.
    function _close(bytes32 leaseId, Lease storage l, Terms storage t, address deviceTo, uint128 depositBack) private {
        address[] storage investors = _investors[leaseId];
        IERC721(address(devices)).transferFrom(address(this), deviceTo, t.deviceId);
        for (uint256 k; k < investors.length; ++k) {
            uint256 units = ledger.balanceOf(investors[k], l.investmentId);
            if (units != 0) ledger.burn(investors[k], l.investmentId, units);
        }
        _send(t.lessee, depositBack);
    }

    function _shares(Lease storage l, address[] storage investors) private view returns (uint256[] memory shares) {
        shares = new uint256[](investors.length);
        for (uint256 k; k < shares.length; ++k) shares[k] = ledger.balanceOf(investors[k], l.investmentId);
    }

    function _late(Terms storage t, uint40 dueDate, uint128 amount) private view returns (uint128 interest, uint32 daysLate) {
        uint256 d = DayCount.daysLate(dueDate, block.timestamp);
        daysLate = SafeCast.toUint32(d);
        interest = SafeCast.toUint128(DayCount.interest(amount, t.lateRateBps, d, t.dayCount));
    }

    function _dueDate(Lease storage l, Terms storage t, uint16 period) private view returns (uint40) {
        return uint40(uint256(l.startDay) + uint256(period) * t.periodDays * 1 days);
    }

    function _payable(bytes32 leaseId) private view returns (Lease storage l) {
        l = _existing(leaseId);
        address lessee = _terms[leaseId].lessee;
        if (msg.sender != lessee) revert NotLessee(leaseId, msg.sender, lessee);
        if (l.status != Status.Active) revert LeaseStatusInvalid(leaseId, l.status);
        if (l.paidPeriods == _terms[leaseId].periods) revert RentAllPaid(leaseId);
    }

    function _ended(bytes32 leaseId) private view returns (Lease storage l) {
        l = _existing(leaseId);
        Terms storage t = _terms[leaseId];
        if (msg.sender != t.lessee) revert NotLessee(leaseId, msg.sender, t.lessee);
        if (l.status != Status.Active) revert LeaseStatusInvalid(leaseId, l.status);
        if (l.paidPeriods != t.periods) revert RentOutstanding(leaseId, l.paidPeriods, t.periods);
    }

    function _existing(bytes32 leaseId) private view returns (Lease storage l) {
        l = _leases[leaseId];
        if (l.status == Status.None) revert LeaseNotFound(leaseId);
    }

    function _setPlatformFee(address account, uint16 bps) private {
        if (bps > MAX_FEES_BPS || (bps != 0 && account == address(0))) revert LeaseTermsInvalid(bytes32(0), "platformFeeBps");
        platformAccount = account;
        platformFeeBps = bps;
        emit PlatformFeeSet(account, bps);
    }

    function _pull(address from, uint256 amount) private {
        if (amount != 0 && !xt.transferFrom(from, address(this), amount)) revert XtTransferFailed(from, address(this), amount);
    }

    function _send(address to, uint256 amount) private {
        if (amount != 0 && !xt.transfer(to, amount)) revert XtTransferFailed(address(this), to, amount);
    }
}
