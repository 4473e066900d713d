// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IReceivables} from "./IReceivables.sol";
import {IClaimLedger} from "../claims/IClaimLedger.sol";
import {IMemberRegistry} from "../identity/IMemberRegistry.sol";
import {IConsortiumRegistry} from "../identity/IConsortiumRegistry.sol";
import {MemberRoles} from "../libraries/MemberRoles.sol";
import {DayCount} from "../libraries/DayCount.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

/// @title Receivables
/// @notice See {IReceivables}.
/// @dev Pro-rata rule: a holding of `b` units of any id in a claim's tree has received, in total,
/// floor(b × paid / face) XT, where `paid` is every XT paid in (principal and late interest, by the obligor or its
/// guarantor) and `face` the issued amount. Payout
/// is that entitlement minus what the holding already received. Units are burned as they become fully paid
/// (all of them once the principal paid equals face). The residue of the floors stays in the settlement, as
/// `paid − distributed`, visible on-chain.
/// Late interest: from the day after the due date the unpaid principal (face − principal paid) accrues simple
/// interest at the issued claim's `lateRateBps` and day count, for the actual days after the due date (the due day
/// itself is on time, {DayCount.daysLate}). It is
/// accrued at each payment (a checkpoint) for the days since the last one, on the principal unpaid during them,
/// with the floor's fraction carried to the next step ({DayCount.accrue}). A payment settles accrued interest
/// first, then principal. `paid` counts both, so holders share late interest by the same pro-rata rule, with
/// entitlements above face; units burn only once the principal is fully paid (nothing more can accrue then).
contract Receivables is IReceivables, ReentrancyGuard {
    IClaimLedger public immutable ledger;
    IMemberRegistry public immutable members;
    IConsortiumRegistry public immutable consortia;
    IERC20 public immutable xt;

    mapping(address obligor => CreditLine) private _lines;
    /// Who granted each credit line (the first funder to set it, or the operator).
    mapping(address obligor => address) public creditProvider;
    /// One word per trade: keccak256(abi.encode(trade)) with its lowest byte replaced by the TradeStatus.
    mapping(bytes32 tradeId => bytes32) private _trades;
    mapping(bytes32 invoiceKey => bool) public invoiceUsed;
    mapping(bytes32 documentsHash => bool) public documentUsed;
    mapping(uint256 root => Settlement) private _settlements;
    /// XT already received per holding, so partial payments can be redeemed as they arrive.
    mapping(uint256 id => mapping(address holder => uint128)) public received;
    mapping(address obligor => Guarantee) private _guarantees;
    mapping(uint256 root => Advance) private _advances;

    constructor(IClaimLedger claimLedger, IMemberRegistry memberRegistry, IConsortiumRegistry consortiumRegistry, IERC20 settlementToken) {
        ledger = claimLedger;
        members = memberRegistry;
        consortia = consortiumRegistry;
        xt = settlementToken;
    }

    /// @inheritdoc IReceivables
    function setCreditLine(address obligor, uint128 limit) external {
        bool isOperator = msg.sender == Ownable(address(members)).owner();
        if (!isOperator && !members.hasRoles(msg.sender, MemberRoles.FUNDER)) revert NotCreditProvider(msg.sender);
        members.requireRoles(obligor, MemberRoles.CORE_ENTERPRISE);
        // A funder manages the line it granted; the operator may change any line.
        address provider = creditProvider[obligor];
        if (!isOperator && provider != address(0) && provider != msg.sender) revert CreditLineHeldByOther(obligor, provider);
        if (!isOperator || provider == address(0)) creditProvider[obligor] = msg.sender;
        _lines[obligor].limit = limit;
        emit CreditLineSet(obligor, limit, msg.sender);
    }

    /// @inheritdoc IReceivables
    function submitTrade(bytes32 tradeId, Trade calldata t) external {
        if (t.supplier != msg.sender) revert NotTradeSupplier(tradeId, msg.sender);
        if (members.memberOf(msg.sender).roles & (MemberRoles.SUPPLIER | MemberRoles.DISTRIBUTOR) == 0) {
            revert SupplierRoleRequired(msg.sender);
        }
        _checkNewTrade(tradeId, t);
        _trades[tradeId] = _record(_commit(t), TradeStatus.Submitted);
        _emitSubmitted(tradeId, t);
    }

    /// @inheritdoc IReceivables
    function confirmTrade(bytes32 tradeId, Trade calldata t) external returns (uint256 id) {
        bytes32 commitment = _pendingTrade(tradeId, t);
        if (!members.hasRoles(msg.sender, MemberRoles.CORE_ENTERPRISE)) revert ObligorLacksRole(msg.sender);
        _trades[tradeId] = _record(commitment, TradeStatus.Confirmed);
        id = _issue(tradeId, t);
    }

    /// @inheritdoc IReceivables
    function rejectTrade(bytes32 tradeId, Trade calldata t, bytes32 reasonHash) external {
        bytes32 commitment = _pendingTrade(tradeId, t);
        _trades[tradeId] = _record(commitment, TradeStatus.Rejected);
        invoiceUsed[t.invoiceKey] = false;
        if (t.documentsHash != bytes32(0)) documentUsed[t.documentsHash] = false;
        emit TradeRejected(tradeId, msg.sender, reasonHash);
    }

    /// @inheritdoc IReceivables
    function issuePayable(bytes32 tradeId, Trade calldata t) external returns (uint256 id) {
        if (t.obligor != msg.sender) revert NotTradeObligor(tradeId, msg.sender);
        _checkNewTrade(tradeId, t);
        _trades[tradeId] = _record(_commit(t), TradeStatus.Confirmed);
        _emitSubmitted(tradeId, t);
        id = _issue(tradeId, t);
    }

    /// @inheritdoc IReceivables
    function issueAdvance(bytes32 tradeId, Trade calldata t, AdvanceKind kind) external returns (uint256 id) {
        if (t.obligor != msg.sender) revert NotTradeObligor(tradeId, msg.sender);
        uint64 role = kind == AdvanceKind.Channel ? MemberRoles.DISTRIBUTOR : MemberRoles.SUPPLIER;
        if (!members.hasRoles(t.supplier, role)) revert AdvanceRecipientRole(t.supplier, kind);
        _checkNewTrade(tradeId, t);
        _trades[tradeId] = _record(_commit(t), TradeStatus.Confirmed);
        id = claimIdFor(t.obligor, t.invoiceKey);
        _advances[id] = Advance({kind: kind, issued: true, closed: false, invoiceKey: bytes32(0)});
        _emitSubmitted(tradeId, t);
        emit AdvanceIssued(id, t.invoiceKey, kind, t.supplier);
        _issue(tradeId, t);
    }

    /// @inheritdoc IReceivables
    function closeOrder(uint256 root, bytes32 invoiceKey, bytes32 deliveryHash) external {
        if (ledger.terms(root).obligor != msg.sender) revert NotObligor(root, msg.sender);
        Advance storage a = _advances[root];
        if (!a.issued) revert NotAdvance(root);
        if (a.closed) revert OrderAlreadyClosed(root, a.invoiceKey);
        if (invoiceKey == bytes32(0)) revert OrderCloseInvalid(root, "invoiceKey");
        if (deliveryHash == bytes32(0)) revert OrderCloseInvalid(root, "deliveryHash");
        if (invoiceUsed[invoiceKey]) revert InvoiceAlreadyUsed(invoiceKey);
        invoiceUsed[invoiceKey] = true;
        a.closed = true;
        a.invoiceKey = invoiceKey;
        emit OrderClosed(root, invoiceKey, deliveryHash, msg.sender);
    }

    /// @inheritdoc IReceivables
    function advance(uint256 root) external view returns (Advance memory) {
        return _advances[root];
    }

    /// @inheritdoc IReceivables
    function pay(uint256 root, uint128 amount) external nonReentrant {
        IClaimLedger.Terms memory t = ledger.terms(root);
        if (t.obligor == address(0) || t.root != root) revert NotIssuedClaim(root);
        Settlement storage s = _settlements[root];
        // A guarantor is recorded only for claims issued under an accepted guarantee (zero otherwise).
        if (msg.sender != t.obligor && msg.sender != s.guarantor) revert NotObligor(root, msg.sender);
        uint128 interestPart;
        Accrual memory a;
        if (DayCount.daysLate(t.dueDate, block.timestamp) == 0) {
            // Up to the end of the due day no interest exists, and none was ever paid: all of it is principal.
            uint128 outstanding = s.face - s.paid;
            if (amount == 0 || amount > outstanding) revert OverPayment(root, outstanding, 0, amount);
        } else {
            a = _accrual(s, t, s.face - (s.paid - s.interestPaid));
            if (amount == 0 || amount > a.principal + a.due) revert OverPayment(root, a.principal, a.due, amount);
            interestPart = amount < a.due ? amount : a.due;
            if (a.advanced || interestPart != 0) {
                s.interestDue = a.due - interestPart;
                s.accruedDays = a.daysLate;
                s.interestCarry = a.carry;
                s.interestPaid += interestPart;
            }
        }
        uint128 principalPart = amount - interestPart;
        uint128 paidTotal = s.paid + amount;
        s.paid = paidTotal;
        // The credit line is restored by principal only: late interest was never drawn on it.
        _lines[t.obligor].used -= principalPart;
        if (a.advanced) emit LateInterestAccrued(root, a.daysLate, a.principal, a.accrued, a.due, a.carry);
        emit SettlementPaid(root, msg.sender, amount, paidTotal, principalPart, interestPart);
        // XT is a platform token: this contract is an allowed spender, so no approval step is needed.
        if (!xt.transferFrom(msg.sender, address(this), amount)) revert OverPayment(root, 0, 0, amount);
    }

    /// @inheritdoc IReceivables
    function owed(uint256 root) external view returns (uint128 principal, uint128 interest) {
        IClaimLedger.Terms memory t = ledger.terms(root);
        if (t.obligor == address(0) || t.root != root) revert NotIssuedClaim(root);
        Settlement storage s = _settlements[root];
        principal = s.face - (s.paid - s.interestPaid);
        if (DayCount.daysLate(t.dueDate, block.timestamp) != 0) interest = _accrual(s, t, principal).due;
    }

    /// @inheritdoc IReceivables
    function proposeGuarantee(address obligor, address guarantor) external {
        _requireLineManager(obligor);
        if (guarantor == obligor) revert GuarantorIsObligor(obligor);
        members.requireRoles(guarantor, MemberRoles.GUARANTOR);
        Guarantee storage g = _guarantees[obligor];
        if (g.status == GuaranteeStatus.Active) revert GuaranteeAlreadyActive(obligor, g.guarantor);
        g.guarantor = guarantor;
        g.status = GuaranteeStatus.Proposed;
        emit GuaranteeProposed(obligor, guarantor, msg.sender);
    }

    /// @inheritdoc IReceivables
    function acceptGuarantee(address obligor) external {
        Guarantee storage g = _guarantees[obligor];
        if (g.status != GuaranteeStatus.Proposed || g.guarantor != msg.sender) revert GuaranteeNotProposed(obligor, msg.sender);
        members.requireRoles(msg.sender, MemberRoles.GUARANTOR);
        g.status = GuaranteeStatus.Active;
        emit GuaranteeAccepted(obligor, msg.sender);
    }

    /// @inheritdoc IReceivables
    function withdrawGuarantee(address obligor) external {
        Guarantee memory g = _guarantees[obligor];
        if (g.status == GuaranteeStatus.None) revert NoGuarantee(obligor);
        if (msg.sender != g.guarantor && !_isLineManager(obligor)) revert NotGuaranteeParty(obligor, msg.sender);
        delete _guarantees[obligor];
        emit GuaranteeWithdrawn(obligor, g.guarantor, msg.sender);
    }

    /// @inheritdoc IReceivables
    function guarantee(address obligor) external view returns (Guarantee memory) {
        return _guarantees[obligor];
    }

    /// @inheritdoc IReceivables
    function redeem(uint256 id, address holder) external nonReentrant returns (uint128 payout) {
        payout = _redeem(id, holder);
        if (payout == 0) revert NothingToRedeem(id, holder);
    }

    /// @inheritdoc IReceivables
    function redeemBatch(uint256[] calldata ids, address[] calldata holders) external nonReentrant {
        uint256 n = ids.length;
        if (holders.length != n) revert BatchLengthMismatch(n, holders.length);
        for (uint256 i; i < n; ++i) {
            // A batch skips what cannot be paid now (not yet due, or a holder frozen out of XT) rather than
            // failing everyone else's payout; those are redeemed later, one by one.
            IClaimLedger.Terms memory t = ledger.terms(ids[i]);
            if (block.timestamp < t.dueDate || !members.canHold(holders[i])) continue;
            _redeem(ids[i], holders[i]);
        }
    }

    /// @inheritdoc IReceivables
    function creditLine(address obligor) external view returns (CreditLine memory) {
        return _lines[obligor];
    }

    /// @inheritdoc IReceivables
    function trade(bytes32 tradeId) external view returns (TradeRecord memory) {
        bytes32 word = _trades[tradeId];
        return TradeRecord({status: TradeStatus(uint8(uint256(word))), hash: _commitmentOf(word)});
    }

    /// @inheritdoc IReceivables
    function settlement(uint256 root) external view returns (Settlement memory) {
        return _settlements[root];
    }

    /// @inheritdoc IReceivables
    function redeemable(uint256 id, address holder) public view returns (uint128) {
        IClaimLedger.Terms memory t = ledger.terms(id);
        if (t.obligor == address(0) || block.timestamp < t.dueDate) return 0;
        Settlement storage s = _settlements[t.root];
        if (s.face == 0) return 0;
        uint256 balance = ledger.balanceOf(holder, id);
        uint128 entitled = uint128((balance * s.paid) / s.face);
        return entitled - received[id][holder];
    }

    /// @inheritdoc IReceivables
    function claimIdFor(address obligor, bytes32 invoiceKey) public pure returns (uint256) {
        return uint256(keccak256(abi.encode(obligor, invoiceKey)));
    }

    /// @dev keccak256(abi.encode(t)) with its lowest byte cleared: the byte where the record keeps the status.
    function _commit(Trade calldata t) private pure returns (bytes32) {
        return _commitmentOf(keccak256(abi.encode(t)));
    }

    function _commitmentOf(bytes32 word) private pure returns (bytes32) {
        return word & ~bytes32(uint256(0xff));
    }

    function _record(bytes32 commitment, TradeStatus status) private pure returns (bytes32) {
        return commitment | bytes32(uint256(uint8(status)));
    }

    /// @dev The submitted trade `tradeId` that the caller, its obligor, decides on; `t` must be it, field for field.
    /// Returns its commitment.
    function _pendingTrade(bytes32 tradeId, Trade calldata t) private view returns (bytes32 commitment) {
        bytes32 word = _trades[tradeId];
        TradeStatus status = TradeStatus(uint8(uint256(word)));
        if (status != TradeStatus.Submitted) revert TradeNotPending(tradeId, status);
        commitment = _commit(t);
        if (commitment != _commitmentOf(word)) revert TradeMismatch(tradeId);
        if (t.obligor != msg.sender) revert NotTradeObligor(tradeId, msg.sender);
    }

    function _emitSubmitted(bytes32 tradeId, Trade calldata t) private {
        emit TradeSubmitted(
            tradeId, t.supplier, t.obligor, t.amount, t.invoiceKey, t.documentsHash, t.dueDate, t.lateRateBps, t.maxHops, t.dayCount, t.consortiumId
        );
    }

    function _checkNewTrade(bytes32 tradeId, Trade calldata t) private {
        if (_trades[tradeId] != bytes32(0)) revert TradeExists(tradeId);
        if (t.amount == 0) revert TradeTermsInvalid(tradeId, "amount");
        if (t.dueDate <= block.timestamp) revert TradeTermsInvalid(tradeId, "dueDate");
        if (t.dayCount > 1) revert TradeTermsInvalid(tradeId, "dayCount");
        if (!consortia.isMember(t.consortiumId, t.supplier)) revert TradeTermsInvalid(tradeId, "supplier");
        if (!consortia.isMember(t.consortiumId, t.obligor)) revert TradeTermsInvalid(tradeId, "obligor");
        if (!members.hasRoles(t.obligor, MemberRoles.CORE_ENTERPRISE)) revert ObligorLacksRole(t.obligor);
        if (invoiceUsed[t.invoiceKey]) revert InvoiceAlreadyUsed(t.invoiceKey);
        if (t.documentsHash != bytes32(0)) {
            if (documentUsed[t.documentsHash]) revert DocumentAlreadyUsed(t.documentsHash);
            documentUsed[t.documentsHash] = true;
        }
        invoiceUsed[t.invoiceKey] = true;
    }

    function _issue(bytes32 tradeId, Trade calldata t) private returns (uint256 id) {
        CreditLine storage line = _lines[t.obligor];
        uint128 used = line.used + t.amount;
        if (used > line.limit) revert CreditLineExceeded(t.obligor, line.limit, line.used, t.amount);
        Guarantee storage g = _guarantees[t.obligor];
        address guarantor;
        if (g.status == GuaranteeStatus.Active) {
            guarantor = g.guarantor;
            // A guarantee that has lapsed (guarantor suspended, revoked or no longer certified as one) stops issuance
            // under the line until its manager withdraws or replaces it: never issue silently without the cover.
            if (!members.hasRoles(guarantor, MemberRoles.GUARANTOR)) revert GuarantorNotActive(t.obligor, guarantor);
        }
        line.used = used;
        id = claimIdFor(t.obligor, t.invoiceKey);
        _settlements[id].face = t.amount;
        if (guarantor != address(0)) _settlements[id].guarantor = guarantor;
        emit ClaimIssued(id, tradeId, t.obligor, t.supplier, t.amount);
        if (guarantor != address(0)) emit ClaimGuaranteed(id, guarantor, t.obligor);
        ledger.issue(
            id,
            IClaimLedger.Terms({
                obligor: t.obligor,
                dueDate: t.dueDate,
                lateRateBps: t.lateRateBps,
                maxHops: t.maxHops,
                dayCount: t.dayCount,
                kind: IClaimLedger.Kind.Receivable,
                consortiumId: t.consortiumId,
                parent: 0,
                root: id,
                documentsHash: t.documentsHash
            }),
            t.supplier,
            t.amount
        );
    }

    /// @dev Checks → effects → events → external calls. Returns 0 when nothing is due (batch skips it).
    function _redeem(uint256 id, address holder) private returns (uint128 payout) {
        IClaimLedger.Terms memory t = ledger.terms(id);
        if (t.obligor == address(0)) revert NotIssuedClaim(id);
        if (block.timestamp < t.dueDate) revert NotRedeemableYet(id, t.dueDate);
        Settlement storage s = _settlements[t.root];
        if (s.face == 0) revert NotIssuedClaim(id);
        uint256 balance = ledger.balanceOf(holder, id);
        uint128 already = received[id][holder];
        uint128 entitled = uint128((balance * s.paid) / s.face);
        payout = entitled - already;
        if (payout == 0) return 0;
        // Fully settled once the principal is paid (interest first, so nothing is accrued and unpaid then).
        bool fullyPaid = s.paid - s.interestPaid == s.face;
        uint128 burned = fullyPaid ? uint128(balance) : 0;
        received[id][holder] = fullyPaid ? 0 : entitled;
        s.distributed += payout;
        emit ClaimRedeemed(id, t.root, holder, payout, burned);
        if (burned != 0) ledger.burn(holder, id, burned);
        if (!xt.transfer(holder, payout)) revert NothingToRedeem(id, holder);
    }

    /// @dev A late-interest checkpoint computed for now: what `pay` writes and `owed` reports.
    struct Accrual {
        uint128 principal;
        /// Accrued and unpaid after this checkpoint.
        uint128 due;
        /// Added at this checkpoint.
        uint128 accrued;
        uint32 daysLate;
        uint32 carry;
        /// True when a new day was reached (the checkpoint moves and LateInterestAccrued is emitted).
        bool advanced;
    }

    /// @dev Late interest owed now on `principal` (unpaid): what was accrued up to `s.accruedDays`, plus the days
    /// since, at the issued claim's rate and day count. The checkpoint is unchanged when no day passed, at a zero
    /// rate, or once the principal is paid.
    function _accrual(Settlement storage s, IClaimLedger.Terms memory t, uint128 principal) private view returns (Accrual memory a) {
        a.principal = principal;
        a.due = s.interestDue;
        a.daysLate = s.accruedDays;
        a.carry = s.interestCarry;
        if (t.lateRateBps == 0 || principal == 0) return a;
        uint256 d = DayCount.daysLate(t.dueDate, block.timestamp);
        if (d <= a.daysLate) return a;
        (uint256 more, uint256 rest) = DayCount.accrue(principal, t.lateRateBps, d - a.daysLate, t.dayCount, a.carry);
        a.accrued = SafeCast.toUint128(more);
        a.due += a.accrued;
        a.daysLate = SafeCast.toUint32(d);
        a.carry = uint32(rest);
        a.advanced = true;
    }

    /// @dev Who manages `obligor`'s credit line: the operator, or the active funder that granted it.
    function _isLineManager(address obligor) private view returns (bool) {
        if (msg.sender == Ownable(address(members)).owner()) return true;
        return msg.sender == creditProvider[obligor] && members.hasRoles(msg.sender, MemberRoles.FUNDER);
    }

    function _requireLineManager(address obligor) private view {
        if (!_isLineManager(obligor)) revert NotLineManager(obligor, msg.sender);
    }
}
