// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ITelemetryAnchor} from "../devices/ITelemetryAnchor.sol";

/// @title ILeaseBook
/// @notice Tripartite equipment leases (seed 004, Lease Chain), one per id in one book. The lessor (the device
/// token's owner, its manufacturer) proposes a lease of one device to one lessee: the device token goes into the
/// book's custody. The lessee accepts and posts the deposit. Certified investors fund the purchase price, receiving
/// as many units of the lease's investment claim (kind Investment on the claim ledger, one unit per XT, not
/// transferable while the lease runs) as they put in; the funding that reaches the price pays the lessor and starts
/// the lease. The lessee pays each period's rent (fixed, plus optionally per usage hour measured between two
/// anchored telemetry readings of the device), with late interest after the due day; each payment is split at once
/// among the platform, the lease's service providers and the investors (RentSplit), to the last minor unit. At the
/// end the lessee buys the device at its salvage value (shared among the investors) or returns it to the lessor; the
/// deposit goes back, the investment units are burned. A lease not funded by its deadline is cancelled: the device
/// goes back, the deposit and every investor's XT are returned.
///
/// Periods: period k (1..periods) is due on the day starting at startDay + k × periodDays days, startDay being the
/// first second (UTC) of the day the lease was funded. Paying on the due day is on time; after it, late interest
/// = floor(rent × lateRateBps × daysLate / (10 000 × basis)), basis 360 (ACT/360) or 365 (ACT/365F), daysLate the
/// whole days after the due day (DayCount). Periods are paid in order.
interface ILeaseBook {
    enum Status {
        None,
        Proposed,
        Accepted,
        Active,
        /// Every period paid and the device bought by the lessee.
        Purchased,
        /// Every period paid and the device returned to the lessor.
        Returned,
        /// Not funded by its deadline.
        Cancelled,
        /// The lessee fell a whole period behind: the deposit paid what was owed, the device went back to the lessor.
        Defaulted
    }

    /// @notice Recipient roles in {RentShared}.
    enum Role {
        Platform,
        Provider,
        Investor
    }

    struct ProviderShare {
        address account;
        /// One kind (IServiceProviders) the provider is certified for.
        uint8 kind;
        /// Share of each rent payment, basis points.
        uint16 bps;
    }

    struct Terms {
        uint256 deviceId;
        address lessee;
        bytes32 consortiumId;
        /// What the investors fund, paid to the lessor when the lease is funded.
        uint128 price;
        uint128 rentPerPeriod;
        /// XT minor units per usage hour (0: fixed rent only).
        uint128 usageRatePerHour;
        uint128 deposit;
        uint16 periodDays;
        uint16 periods;
        uint16 lateRateBps;
        uint8 dayCount;
        uint40 fundingDeadline;
    }

    struct Lease {
        address lessor;
        Status status;
        uint40 startDay;
        uint16 paidPeriods;
        uint16 platformBps;
        uint128 raised;
        uint128 salvageValue;
        /// Usage meter of the last billed reading (thousandths of an hour) and its sequence number.
        uint64 meterMilliHours;
        uint64 meterSeq;
        bool metered;
        /// Fraction of a minor unit of usage rent carried to the next period (units of 1/1000).
        uint16 usageCarry;
        uint256 investmentId;
        /// XT paid in so far (rent, late interest, salvage value), all of it passed on at once.
        uint128 collected;
    }

    /// @notice One anchored reading: which batch, the reading, the device's signature, the Merkle proof.
    struct AnchoredReading {
        uint256 batchId;
        ITelemetryAnchor.Reading reading;
        bytes signature;
        bytes32[] proof;
    }

    event LeaseProposed(
        bytes32 indexed leaseId, uint256 indexed deviceId, address indexed lessor, address lessee, Terms terms,
        ProviderShare[] providers, uint16 platformBps, uint128 salvageValue, uint256 investmentId
    );
    event LeaseAccepted(bytes32 indexed leaseId, address indexed lessee, uint128 deposit);
    event LeaseFunded(bytes32 indexed leaseId, address indexed investor, uint128 amount, uint128 raised);
    /// @notice The price was reached: the lessor was paid and the lease runs from `startDay`.
    event LeaseActivated(bytes32 indexed leaseId, address indexed lessor, uint128 price, uint40 startDay);
    event RentPaid(
        bytes32 indexed leaseId, uint16 indexed period, address indexed payer, uint128 rent, uint128 usageRent,
        uint128 lateInterest, uint32 daysLate, uint64 usageMilliHours
    );
    /// @notice One recipient's part of a payment (`period` 0: the salvage value at purchase).
    event RentShared(bytes32 indexed leaseId, uint16 indexed period, address indexed recipient, Role role, uint128 amount);
    event LeaseEnded(bytes32 indexed leaseId, Status status, address indexed deviceTo, uint128 salvagePaid, uint128 depositReturned);
    event LeaseCancelled(bytes32 indexed leaseId, uint128 depositReturned);
    /// @notice The lease was declared in default: periods `firstPeriod` .. `firstPeriod + periodsOwed - 1` were due and
    /// unpaid, owing `rentOwed` fixed rent and `lateInterestOwed` late interest; the deposit paid `depositApplied` of
    /// it (split as a rent payment, {RentShared} with `period` = `firstPeriod`) and `depositReturned` went back to the
    /// lessee; the device went back to the lessor.
    event LeaseDefaulted(
        bytes32 indexed leaseId, address indexed lessee, uint16 firstPeriod, uint16 periodsOwed, uint128 rentOwed, uint128 lateInterestOwed,
        uint128 depositApplied, uint128 depositReturned
    );
    event LeaseRefunded(bytes32 indexed leaseId, address indexed investor, uint128 amount);
    event PlatformFeeSet(address indexed account, uint16 bps);

    error LeaseExists(bytes32 leaseId);
    error LeaseNotFound(bytes32 leaseId);
    error LeaseTermsInvalid(bytes32 leaseId, string field);
    error LeaseStatusInvalid(bytes32 leaseId, Status status);
    error NotLessor(bytes32 leaseId, address caller);
    /// @notice Only the lease's lessee accepts it and pays its rent.
    error NotLessee(bytes32 leaseId, address caller, address lessee);
    error NotInvestor(address account);
    error FundingExceedsPrice(bytes32 leaseId, uint128 remaining, uint128 amount);
    error TooManyInvestors(bytes32 leaseId, uint256 max);
    error FundingDeadlinePassed(bytes32 leaseId, uint40 deadline);
    error FundingDeadlineNotReached(bytes32 leaseId, uint40 deadline);
    error ProviderNotCertifiedFor(address provider, uint8 kind);
    error RentAllPaid(bytes32 leaseId);
    error RentOutstanding(bytes32 leaseId, uint16 paidPeriods, uint16 periods);
    error MeterRequired(bytes32 leaseId);
    error MeterNotUsed(bytes32 leaseId);
    error UsageReadingInvalid(bytes32 leaseId, string field);
    error NothingToRefund(bytes32 leaseId, address investor);
    /// @notice A lease is in default only once its oldest unpaid period is `required` (its periodDays) whole days late.
    error LeaseNotInDefault(bytes32 leaseId, uint32 daysLate, uint32 required);
    error NotLeaseOperator(address caller);
    error XtTransferFailed(address from, address to, uint256 amount);

    /// @notice Proposes a lease of the caller's device `terms.deviceId` (escrowed here: the caller approved this book for
    /// it) to a member certified as LESSEE. Emits {LeaseProposed}.
    function propose(bytes32 leaseId, Terms calldata terms, ProviderShare[] calldata providers) external returns (uint256 investmentId);

    /// @notice The lessee accepts and posts the deposit. Emits {LeaseAccepted}.
    function accept(bytes32 leaseId) external;

    /// @notice Funds `amount` of the price (members certified as FUNDER or INVESTOR, before the deadline, once accepted).
    function fund(bytes32 leaseId, uint128 amount) external;

    /// @notice Pays the next period's fixed rent (a lease without usage rent). Caller: the lessee.
    function payRent(bytes32 leaseId) external returns (uint128 total);

    /// @notice Pays the next period's rent with its usage part, measured from `from` to `to` (both anchored; `from`
    /// the last billed reading, or for the first period one taken on or before the start day's end; `to` taken on or
    /// after the period's due day). Caller: the lessee.
    function payMeteredRent(bytes32 leaseId, AnchoredReading calldata from, AnchoredReading calldata to)
        external
        returns (uint128 total);

    /// @notice After every period is paid: the lessee buys the device at its salvage value.
    function purchase(bytes32 leaseId) external;

    /// @notice After every period is paid: the lessee returns the device to the lessor.
    function returnDevice(bytes32 leaseId) external;

    /// @notice After the funding deadline of a lease not funded: cancels it (device and deposit back).
    function cancel(bytes32 leaseId) external;

    /// @notice Declares an active lease in default, once its oldest unpaid period is at least `periodDays` whole days
    /// late (the lessee a whole period behind); anyone may call it, the rule alone decides. What is owed is the fixed
    /// rent of every period due and unpaid, with its late interest to now (usage not presented is not billed). The
    /// deposit pays it, up to the deposit, split as any rent payment (platform, providers, investors; RentSplit); the
    /// rest of the deposit goes back to the lessee; the device goes back to the lessor (as on a return) and the
    /// investment units are burned. Emits {LeaseDefaulted} and a {RentShared} per recipient.
    function declareDefault(bytes32 leaseId) external;

    /// @notice Gives an investor of a cancelled lease its XT back, burning its units.
    function refund(bytes32 leaseId, address investor) external returns (uint128 amount);

    /// @notice Where and how much of each rent goes to the platform. Caller: the operator.
    function setPlatformFee(address account, uint16 bps) external;

    function lease(bytes32 leaseId) external view returns (Lease memory);
    function termsOf(bytes32 leaseId) external view returns (Terms memory);
    function providersOf(bytes32 leaseId) external view returns (ProviderShare[] memory);
    function investorsOf(bytes32 leaseId) external view returns (address[] memory);

    /// @notice What the next period costs now: its number, the fixed rent and the late interest (usage apart).
    function rentDue(bytes32 leaseId) external view returns (uint16 period, uint40 dueDate, uint128 rent, uint128 lateInterest, uint32 daysLate);

    function investmentIdOf(bytes32 leaseId) external view returns (uint256);
}
