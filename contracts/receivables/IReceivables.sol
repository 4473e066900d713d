// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IClaimLedger} from "../claims/IClaimLedger.sol";

/// @title IReceivables
/// @notice Payables of a core enterprise as claims: credit lines, trade background, issuance, settlement.
/// A supplier submits the trade (invoice); the core enterprise confirms it (or issues a payable directly) and
/// the claim is minted to the supplier, drawing on the core's credit line. One invoice (issuer + number, or
/// document hash) backs at most one claim, ever. At maturity the core pays into settlement and every holder
/// of every id of the claim's tree redeems its share: pulled by the holder or pushed in bounded batches.
/// A claim is due on the day starting at its `dueDate` (the first second of the due day in the claim's time zone):
/// a payment at any time that day is on time. From the next day an unpaid claim accrues late interest on its unpaid
/// principal for the actual days after the due date (simple interest at the issued claim's late rate and day count,
/// checkpointed at every payment); a payment then settles accrued interest first, then principal. A credit line may carry a guarantee: a certified guarantor named by whoever manages the
/// line and accepted by the guarantor on-chain; claims issued while it is active record the guarantor, who may
/// pay into their settlement on the obligor's behalf.
interface IReceivables {
    enum TradeStatus {
        None,
        Submitted,
        Confirmed,
        Rejected
    }

    /// @notice The trade background behind a claim. Only a commitment to it is stored: its status and
    /// keccak256(abi.encode(trade)) (see {TradeRecord}); every field is in `TradeSubmitted`, and `confirmTrade` /
    /// `rejectTrade` take the trade back (docs/adr/008-trade-commitment.md).
    struct Trade {
        address supplier;
        address obligor;
        uint128 amount;
        uint40 dueDate;
        uint16 lateRateBps;
        uint8 maxHops;
        uint8 dayCount;
        bytes32 consortiumId;
        bytes32 invoiceKey;
        bytes32 documentsHash;
    }

    /// @notice What is stored per trade: its status and its commitment, keccak256(abi.encode(trade)) with the lowest
    /// byte cleared (one storage word holds both: the status lives in that byte).
    struct TradeRecord {
        TradeStatus status;
        bytes32 hash;
    }

    struct CreditLine {
        uint128 limit;
        uint128 used;
    }

    /// @notice Settlement state of an issued claim (a root of the ledger). Four slots: (face, paid) is all a
    /// redemption reads besides (distributed, interestPaid); the accrual slot is touched by late payments only, the
    /// guarantor slot is written only for guaranteed claims.
    struct Settlement {
        uint128 face;
        /// Every XT paid in: principal and late interest. Holders share it pro rata by units.
        uint128 paid;
        uint128 distributed;
        /// The late-interest part of `paid` (so the principal paid is `paid − interestPaid`).
        uint128 interestPaid;
        /// Late interest accrued up to `accruedDays` and not yet paid.
        uint128 interestDue;
        /// Whole days after the due day up to which interest has been accrued ({DayCount.daysLate}).
        uint32 accruedDays;
        /// The floors' residue of the accrual: a fraction of a minor unit, in units of 1 / (10 000 × basis).
        uint32 interestCarry;
        /// The guarantor of the claim (zero when none): it may pay into this settlement too.
        address guarantor;
    }

    enum GuaranteeStatus {
        None,
        Proposed,
        Active
    }

    /// @notice The guarantee on a credit line: proposed by the line's manager, active once the guarantor accepts.
    struct Guarantee {
        address guarantor;
        GuaranteeStatus status;
    }

    /// @notice Advance financing (seed 002, Algorithm 1): CTs issued before delivery against a confirmed order, to the
    /// manufacturer that will deliver it (purchase-order financing) or to the distributor buying at the sale (channel).
    enum AdvanceKind {
        PurchaseOrder,
        Channel
    }

    /// @notice An advance's order: open until delivery and invoicing close it (`invoiceKey` then names the invoice).
    struct Advance {
        AdvanceKind kind;
        bool issued;
        bool closed;
        bytes32 invoiceKey;
    }

    event CreditLineSet(address indexed obligor, uint128 limit, address indexed by);
    /// @notice CTs were issued against a confirmed order (`orderKey` is the trade's key: one live set per order, ever).
    event AdvanceIssued(uint256 indexed root, bytes32 indexed orderKey, AdvanceKind kind, address indexed recipient);
    /// @notice Delivery and invoicing closed the order: the invoice now backs these CTs and no other claim.
    event OrderClosed(uint256 indexed root, bytes32 indexed invoiceKey, bytes32 deliveryHash, address indexed by);
    /// @notice A trade was submitted (or issued directly as a payable): every field of the trade, so the record can be
    /// rebuilt from events alone and passed back to `confirmTrade` / `rejectTrade`.
    event TradeSubmitted(
        bytes32 indexed tradeId,
        address indexed supplier,
        address indexed obligor,
        uint128 amount,
        bytes32 invoiceKey,
        bytes32 documentsHash,
        uint40 dueDate,
        uint16 lateRateBps,
        uint8 maxHops,
        uint8 dayCount,
        bytes32 consortiumId
    );
    event TradeRejected(bytes32 indexed tradeId, address indexed obligor, bytes32 reasonHash);
    event ClaimIssued(uint256 indexed id, bytes32 indexed tradeId, address indexed obligor, address holder, uint128 amount);
    /// @notice `payer` (the obligor or the claim's guarantor) paid `amount` into the settlement of `root`: first
    /// `interest` of the accrued late interest, then `principal`. `paidTotal` is every XT paid in so far.
    event SettlementPaid(uint256 indexed root, address indexed payer, uint128 amount, uint128 paidTotal, uint128 principal, uint128 interest);
    /// @notice Late interest on `principal` (unpaid) was accrued up to `daysLate` whole days after the due date:
    /// `accrued` more, `interestDue` unpaid in all, `carry` the floors' residue (1 / (10 000 × basis) units).
    event LateInterestAccrued(uint256 indexed root, uint32 daysLate, uint128 principal, uint128 accrued, uint128 interestDue, uint32 carry);
    event GuaranteeProposed(address indexed obligor, address indexed guarantor, address indexed by);
    event GuaranteeAccepted(address indexed obligor, address indexed guarantor);
    /// @notice The guarantee ends for future issuance; claims already issued under it keep their guarantor.
    event GuaranteeWithdrawn(address indexed obligor, address indexed guarantor, address indexed by);
    /// @notice Claim `id` was issued under an active guarantee of `guarantor`.
    event ClaimGuaranteed(uint256 indexed id, address indexed guarantor, address indexed obligor);
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
    /// @notice The trade passed to `confirmTrade` / `rejectTrade` is not the one submitted under `tradeId`.
    error TradeMismatch(bytes32 tradeId);
    error ObligorLacksRole(address obligor);
    /// @notice Only the obligor, or the claim's guarantor, pays into its settlement.
    error NotObligor(uint256 root, address caller);
    /// @notice `offered` is zero or more than what is owed now: `principal` outstanding plus `interest` accrued.
    error OverPayment(uint256 root, uint128 principal, uint128 interest, uint128 offered);
    error NotLineManager(address obligor, address caller);
    error GuarantorIsObligor(address obligor);
    error GuaranteeAlreadyActive(address obligor, address guarantor);
    error GuaranteeNotProposed(address obligor, address caller);
    error NoGuarantee(address obligor);
    error NotGuaranteeParty(address obligor, address caller);
    /// @notice The line's active guarantor is no longer a certified guarantor: the line's manager must withdraw
    /// (or replace) the guarantee before more claims are issued under it.
    error GuarantorNotActive(address obligor, address guarantor);
    error NotRedeemableYet(uint256 id, uint40 dueDate);
    error NothingToRedeem(uint256 id, address holder);
    error NotIssuedClaim(uint256 id);
    /// @notice The recipient of an advance lacks the role its kind needs (supplier for an order, distributor for channel).
    error AdvanceRecipientRole(address recipient, AdvanceKind kind);
    error NotAdvance(uint256 root);
    error OrderAlreadyClosed(uint256 root, bytes32 invoiceKey);
    /// @notice Closing an order needs the invoice's key and a hash of the delivery documents.
    error OrderCloseInvalid(uint256 root, string field);

    /// @notice Sets the credit line of `obligor` (a core enterprise). Caller: the operator, or an active funder
    /// that granted the line (the first to set it). A line may be lowered below what is used; new issuance
    /// then waits until payments free it.
    function setCreditLine(address obligor, uint128 limit) external;

    /// @notice A supplier submits the trade behind a future claim; `invoiceKey` = keccak(issuer, invoice number).
    function submitTrade(bytes32 tradeId, Trade calldata trade) external;

    /// @notice The trade's obligor confirms it: the claim is issued to the supplier. Returns the claim id. `trade` is
    /// the trade as submitted (from `TradeSubmitted`); `TradeMismatch` when it differs in any field.
    function confirmTrade(bytes32 tradeId, Trade calldata trade) external returns (uint256 id);

    /// @notice The trade's obligor rejects it; its invoice and documents may back another trade. `trade` as submitted.
    function rejectTrade(bytes32 tradeId, Trade calldata trade, bytes32 reasonHash) external;

    /// @notice The obligor issues a payable directly to `trade.supplier` (no submission step).
    function issuePayable(bytes32 tradeId, Trade calldata trade) external returns (uint256 id);

    /// @notice The obligor (a core enterprise) issues CTs against a confirmed order before delivery: to the manufacturer
    /// that will deliver it (`PurchaseOrder`, recipient a supplier) or to a distributor at the sale (`Channel`). The
    /// trade's `invoiceKey` is the order's key, so one order backs one live set of CTs, ever; `documentsHash` the order
    /// document's. Emits {AdvanceIssued} besides what `issuePayable` emits.
    function issueAdvance(bytes32 tradeId, Trade calldata trade, AdvanceKind kind) external returns (uint256 id);

    /// @notice The obligor closes an advance's order on delivery and invoicing: `invoiceKey` (keccak(supplier, invoice
    /// number), as for trades) is marked used, so the invoice cannot back another claim. Emits {OrderClosed}.
    function closeOrder(uint256 root, bytes32 invoiceKey, bytes32 deliveryHash) external;

    function advance(uint256 root) external view returns (Advance memory);

    /// @notice The obligor, or the claim's guarantor, pays `amount` of XT into the settlement of `root`: at most
    /// the principal outstanding plus the late interest accrued up to now. After the due day the payment settles
    /// accrued interest first, then principal; only the principal part frees the credit line.
    function pay(uint256 root, uint128 amount) external;

    /// @notice What is owed on `root` now: principal outstanding and late interest accrued (unpaid) up to this
    /// block's day. `pay` accepts at most their sum in this block.
    function owed(uint256 root) external view returns (uint128 principal, uint128 interest);

    /// @notice Names `guarantor` (a certified GUARANTOR, not the obligor) on `obligor`'s credit line. Caller: the
    /// operator or the funder that granted the line. Takes effect only when the guarantor accepts; replaces a
    /// pending proposal, not an active guarantee (withdraw that first).
    function proposeGuarantee(address obligor, address guarantor) external;

    /// @notice The proposed guarantor consents: claims issued on the line from now on are guaranteed by it.
    function acceptGuarantee(address obligor) external;

    /// @notice Ends a proposed or active guarantee for future issuance. Caller: the line's manager or the guarantor.
    function withdrawGuarantee(address obligor) external;

    function guarantee(address obligor) external view returns (Guarantee memory);

    /// @notice Pays `holder` its share of `id` (at or after the id's due date). Anyone may call it (push).
    function redeem(uint256 id, address holder) external returns (uint128 payout);

    /// @notice Pushes redemptions to many holders in one transaction; gas per holder is constant. Entries not
    /// yet due, or whose holder cannot receive XT, are skipped (redeem them later one by one).
    function redeemBatch(uint256[] calldata ids, address[] calldata holders) external;

    function creditLine(address obligor) external view returns (CreditLine memory);

    /// @notice The trade's status and commitment (zero when unknown); its fields are in `TradeSubmitted`.
    function trade(bytes32 tradeId) external view returns (TradeRecord memory);

    function settlement(uint256 root) external view returns (Settlement memory);

    /// @notice What `holder` would receive from `id` now.
    function redeemable(uint256 id, address holder) external view returns (uint128);

    function claimIdFor(address obligor, bytes32 invoiceKey) external pure returns (uint256);
}
