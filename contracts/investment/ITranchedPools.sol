// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IInvestmentVenue} from "./IInvestmentVenue.sol";

/// @title ITranchedPools
/// @notice Tranched pools (ABS, seed 002 §6.2.3): a pool buys obligation claims under its policy and is funded by
/// three tranches, A (senior), B (mezzanine) and C (junior). Each tranche is an ERC-7540-style asynchronous vault
/// whose shares are an investment claim on the ledger: deposits and redemptions are requested at any time and
/// executed together at the next epoch close, at the tranche's price (its value / its shares) after the waterfall
/// (see {Waterfall}); each investor then claims its shares or XT (Centrifuge-style), so a close costs the same
/// whatever the number of investors. Redemptions are served A first, then B, then C, as far as the cash goes;
/// the unserved part of a request comes back as shares with the claim.
/// @dev Books per tranche: `supply` = shares on the ledger + `pendingRedeem` (burned at request, not yet executed)
/// + `unminted` (executed, not yet claimed, and the floors' residue of the claims). XT per pool: the contract holds
/// `cash + reserved + pendingDeposits + cover` of it; `reserved` is what executed requests owe investors.
interface ITranchedPools is IInvestmentVenue {
    struct Policy {
        /// Price of a purchase: face less simple discount at this annual rate over the days to the due date.
        uint16 discountRateBps;
        /// A purchase's discount must be at least this share of its face.
        uint16 minDiscountBps;
        uint32 maxTenorDays;
        /// Face held per obligor, at most.
        uint128 limitPerObligor;
    }

    struct PoolConfig {
        bytes32 consortiumId;
        uint40 maturity;
        /// Anyone may close an epoch once this long has passed since the last close (the sponsor at any time).
        uint32 minEpochSeconds;
        uint8 dayCount;
        /// Annual target yield of A, B and C in basis points.
        uint16[3] targetYieldBps;
        /// Governance: share of the voting weight that must vote, and share of the votes cast that must be for.
        uint16 quorumBps;
        uint16 thresholdBps;
        uint32 votingSeconds;
        /// Minimum subordination: the share (bps of the tranches' value) that B and C must keep under A. At a close,
        /// A's deposits execute and B's and C's redemptions are served only as far as this holds; the rest comes back
        /// (deposits as XT, redemptions as shares) with the claim. 0: no limit. Below 10,000.
        uint16 minSubordinationBps;
        /// The cover the sponsor commits to keep: this share (bps) of the tranches' value at the last close, rounded
        /// up. Cover above it is unused and the sponsor may withdraw it; from the pool's maturity, once every claim it
        /// bought is closed, all of it.
        uint16 minCoverBps;
    }

    struct PoolState {
        address sponsor;
        uint32 epoch;
        uint40 lastClose;
        uint128 cash;
        /// Owed to investors by executed requests (redemption payouts, refused deposits), not yet claimed.
        uint128 reserved;
        uint128 pendingDeposits;
        /// The sponsor's first-loss cover, not yet drawn.
        uint128 cover;
        /// The portfolio's value at the last close.
        uint128 nav;
    }

    struct Tranche {
        uint128 value;
        uint128 supply;
        uint128 pendingDeposits;
        uint128 pendingRedeem;
        uint128 unminted;
        /// The tranche's target value at the last close.
        uint128 target;
    }

    struct Asset {
        uint256 claimId;
        address obligor;
        uint40 boughtAt;
        uint40 dueDate;
        bool writtenOff;
        bool closed;
        bool valued;
        uint128 face;
        uint128 price;
        uint128 collected;
        /// A value set by the holders' vote; counts instead of the schedule while `valued`.
        uint128 valuation;
    }

    /// @notice What an epoch close did for one tranche: the totals every investor's claim is a share of.
    struct EpochTranche {
        uint128 depositAssets;
        uint128 depositShares;
        uint128 redeemShares;
        uint128 redeemFulfilled;
        uint128 redeemAssets;
        bool depositsRefused;
        /// Deposits not executed, returned as XT with the claims: all of them when the tranche is wiped out, the part
        /// above what the minimum subordination allows for A.
        uint128 depositReturned;
    }

    struct Order {
        uint32 epoch;
        uint128 deposit;
        uint128 redeem;
    }

    event PoolCreated(bytes32 indexed poolId, address indexed sponsor, bytes32 indexed consortiumId, uint40 maturity, uint16[3] targetYieldBps);
    event PolicySet(bytes32 indexed poolId, uint16 discountRateBps, uint16 minDiscountBps, uint32 maxTenorDays, uint128 limitPerObligor);
    event ObligorEligibilitySet(bytes32 indexed poolId, address indexed obligor, bool eligible);
    event CoverPosted(bytes32 indexed poolId, address indexed sponsor, uint128 amount, uint128 cover);
    event PoolLimitsSet(bytes32 indexed poolId, uint16 minSubordinationBps, uint16 minCoverBps);
    event CoverWithdrawn(bytes32 indexed poolId, address indexed sponsor, uint128 amount, uint128 cover);
    /// @notice At the close of `epoch`, `assets` of the tranche's deposits were not executed (returned at the claims).
    event DepositsReturned(bytes32 indexed poolId, uint32 indexed epoch, uint8 indexed tranche, uint128 assets);
    event DepositRequested(bytes32 indexed poolId, uint8 indexed tranche, address indexed investor, uint128 assets, uint32 epoch);
    event RedeemRequested(bytes32 indexed poolId, uint8 indexed tranche, address indexed investor, uint128 shares, uint32 epoch);
    event AssetBought(bytes32 indexed poolId, uint256 indexed claimId, address indexed seller, address obligor, uint128 face, uint128 price, uint32 assetIndex);
    event AssetCollected(bytes32 indexed poolId, uint32 indexed assetIndex, uint128 amount, uint128 collected, bool closed);
    event AssetWrittenOff(bytes32 indexed poolId, uint32 indexed assetIndex);
    event AssetValued(bytes32 indexed poolId, uint32 indexed assetIndex, uint128 valuation);
    /// @notice An epoch closed: the portfolio was valued at `nav`, the cover gave `coverUsed`.
    event EpochClosed(bytes32 indexed poolId, uint32 indexed epoch, uint128 nav, uint128 cash, uint128 coverUsed, uint32 numDays);
    /// @notice One tranche at an epoch close: its value before the requests (`value`, against `target`), the
    /// executed requests, and its value and shares after.
    event TrancheSettled(
        bytes32 indexed poolId, uint32 indexed epoch, uint8 indexed tranche, uint128 previous, uint128 target, uint128 value,
        uint128 depositAssets, uint128 depositShares, uint128 redeemShares, uint128 redeemFulfilled, uint128 redeemAssets,
        uint128 valueAfter, uint128 supplyAfter
    );
    event OrderClaimed(
        bytes32 indexed poolId, uint8 indexed tranche, address indexed investor, uint32 epoch, uint128 shares, uint128 returnedShares, uint128 payout,
        uint128 refund
    );
    event GovernanceSet(address governance);

    error PoolExists(bytes32 poolId);
    error PoolNotFound(bytes32 poolId);
    error PoolTermsInvalid(bytes32 poolId, string field);
    error PoolMatured(bytes32 poolId, uint40 maturity);
    error NotSponsor(bytes32 poolId, address caller);
    error NotInvestor(address account);
    error TrancheInvalid(uint8 tranche);
    error AmountZero();
    error RedeemExceedsShares(bytes32 poolId, uint8 tranche, uint256 shares, uint128 requested);
    error PurchaseOutsidePolicy(bytes32 poolId, string rule);
    error InsufficientCash(bytes32 poolId, uint128 cash, uint128 price);
    error PriceBelowMinimum(uint128 price, uint128 minPrice);
    error NothingToClaim(bytes32 poolId, uint8 tranche, address investor);
    error EpochTooEarly(bytes32 poolId, uint40 opensAt);
    error NotGovernance(address caller);
    error GovernanceAlreadySet(address governance);
    error AssetUnknown(bytes32 poolId, uint32 assetIndex);
    error CoverLocked(bytes32 poolId, uint128 withdrawable, uint128 requested);

    function createPool(bytes32 poolId, PoolConfig calldata config, Policy calldata policy, address[] calldata eligible) external;
    function postCover(bytes32 poolId, uint128 amount) external;
    /// @notice The sponsor takes back `amount` of its unused cover (at most {coverWithdrawable}).
    function withdrawCover(bytes32 poolId, uint128 amount) external;
    function requestDeposit(bytes32 poolId, uint8 tranche, uint128 assets) external;
    /// @notice Burns `shares` of the caller's tranche shares now; executes at the next close.
    function requestRedeem(bytes32 poolId, uint8 tranche, uint128 shares) external;
    /// @notice Delivers what `investor`'s executed order earned: shares minted, XT paid.
    function claim(bytes32 poolId, uint8 tranche, address investor) external;
    /// @notice The caller sells `face` units of claim `claimId` to the pool at the policy's price (at least `minPrice`).
    function sell(bytes32 poolId, uint256 claimId, uint128 face, uint128 minPrice) external returns (uint128 price);
    function closeEpoch(bytes32 poolId) external;

    function setGovernance(address governance) external;
    function setValuation(bytes32 poolId, uint32 assetIndex, uint128 valuation) external;
    function writeOff(bytes32 poolId, uint32 assetIndex) external;
    function setPolicy(bytes32 poolId, Policy calldata policy) external;
    function setEligible(bytes32 poolId, address obligor, bool eligible) external;

    function pool(bytes32 poolId) external view returns (PoolState memory);
    function config(bytes32 poolId) external view returns (PoolConfig memory);
    function policy(bytes32 poolId) external view returns (Policy memory);
    function tranche(bytes32 poolId, uint8 tranche) external view returns (Tranche memory);
    function asset(bytes32 poolId, uint32 assetIndex) external view returns (Asset memory);
    function assetCount(bytes32 poolId) external view returns (uint256);
    function epochResult(bytes32 poolId, uint32 epoch, uint8 tranche) external view returns (EpochTranche memory);
    function order(bytes32 poolId, uint8 tranche, address investor) external view returns (Order memory);
    function trancheId(bytes32 poolId, uint8 tranche) external view returns (uint256);
    /// @notice The cover the sponsor may withdraw now: what exceeds `minCoverBps` of the tranches' value at the last
    /// close (rounded up); all of it from the pool's maturity once every claim it bought is closed.
    function coverWithdrawable(bytes32 poolId) external view returns (uint128);
    /// @notice The portfolio's value now (uncollected settlement not counted until collected at a close).
    function portfolioValue(bytes32 poolId) external view returns (uint256);
}
