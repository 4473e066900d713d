// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IClaimLedger} from "./IClaimLedger.sol";

/// @title IReceivables
/// @notice Payables of a core enterprise as claims: credit lines, trade background, issuance, settlement.
/// A supplier submits the trade (invoice); the core enterprise confirms it (or issues a payable directly) and
/// the claim is minted to the supplier, drawing on the core's credit line. One invoice (issuer + number, or
/// document hash) backs at most one claim, ever. At maturity the core pays into settlement and every holder
/// of every id of the claim's tree redeems its share: pulled by the holder or pushed in bounded batches.
interface IReceivables {
    enum TradeStatus {
        None,
        Submitted,
        Confirmed,
        Rejected
    }

    struct Trade {
        address supplier;
        address obligor;
        uint128 amount;
        TradeStatus status;
        uint40 dueDate;
        uint16 lateRateBps;
        uint8 maxHops;
        uint8 dayCount;
        bytes32 consortiumId;
        bytes32 invoiceKey;
        bytes32 documentsHash;
    }

    struct CreditLine {
        uint128 limit;
        uint128 used;
    }

    /// @notice Settlement state of an issued claim (a root of the ledger).
    struct Settlement {
        uint128 face;
        uint128 paid;
        uint128 distributed;
    }

    event CreditLineSet(address indexed obligor, uint128 limit, address indexed by);
    event TradeSubmitted(bytes32 indexed tradeId, address indexed supplier, address indexed obligor, uint128 amount, bytes32 invoiceKey, bytes32 documentsHash, uint40 dueDate);
    event TradeRejected(bytes32 indexed tradeId, address indexed obligor, bytes32 reasonHash);
    event ClaimIssued(uint256 indexed id, bytes32 indexed tradeId, address indexed obligor, address holder, uint128 amount);
    event SettlementPaid(uint256 indexed root, address indexed payer, uint128 amount, uint128 paidTotal);
    event ClaimRedeemed(uint256 indexed id, uint256 indexed root, address indexed holder, uint128 payout, uint128 burned);

    error NotCreditProvider(address caller);
    error CreditLineHeldByOther(address obligor, address provider);
    error NotTradeSupplier(bytes32 tradeId, address caller);
    error SupplierRoleRequired(address caller);
    error BatchLengthMismatch(uint256 ids, uint256 holders);
    error CreditLineExceeded(address obligor, uint128 limit, uint128 used, uint128 requested);
    error InvoiceAlreadyUsed(bytes32 invoiceKey);
    error DocumentAlreadyUsed(bytes32 documentsHash);
    error TradeExists(bytes32 tradeId);
    error TradeTermsInvalid(bytes32 tradeId, string field);
    error TradeNotPending(bytes32 tradeId, TradeStatus status);
    error NotTradeObligor(bytes32 tradeId, address caller);
    error ObligorLacksRole(address obligor);
    error NotObligor(uint256 root, address caller);
    error OverPayment(uint256 root, uint128 outstanding, uint128 offered);
    error NotRedeemableYet(uint256 id, uint40 dueDate);
    error NothingToRedeem(uint256 id, address holder);
    error NotIssuedClaim(uint256 id);

    /// @notice Sets the credit line of `obligor` (a core enterprise). Caller: the operator, or an active funder
    /// that granted the line (the first to set it). A line may be lowered below what is used; new issuance
    /// then waits until payments free it.
    function setCreditLine(address obligor, uint128 limit) external;

    /// @notice A supplier submits the trade behind a future claim; `invoiceKey` = keccak(issuer, invoice number).
    function submitTrade(bytes32 tradeId, Trade calldata trade) external;

    /// @notice The trade's obligor confirms it: the claim is issued to the supplier. Returns the claim id.
    function confirmTrade(bytes32 tradeId) external returns (uint256 id);

    /// @notice The trade's obligor rejects it.
    function rejectTrade(bytes32 tradeId, bytes32 reasonHash) external;

    /// @notice The obligor issues a payable directly to `trade.supplier` (no submission step).
    function issuePayable(bytes32 tradeId, Trade calldata trade) external returns (uint256 id);

    /// @notice The obligor pays `amount` of XT into the settlement of `root` (at most what is outstanding).
    function pay(uint256 root, uint128 amount) external;

    /// @notice Pays `holder` its share of `id` (at or after the id's due date). Anyone may call it (push).
    function redeem(uint256 id, address holder) external returns (uint128 payout);

    /// @notice Pushes redemptions to many holders in one transaction; gas per holder is constant. Entries not
    /// yet due, or whose holder cannot receive XT, are skipped (redeem them later one by one).
    function redeemBatch(uint256[] calldata ids, address[] calldata holders) external;

    function creditLine(address obligor) external view returns (CreditLine memory);

    function trade(bytes32 tradeId) external view returns (Trade memory);

    function settlement(uint256 root) external view returns (Settlement memory);

    /// @notice What `holder` would receive from `id` now.
    function redeemable(uint256 id, address holder) external view returns (uint128);

    function claimIdFor(address obligor, bytes32 invoiceKey) external pure returns (uint256);
}
