// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IReceivables} from "./IReceivables.sol";
import {IClaimLedger} from "./IClaimLedger.sol";
import {IMemberRegistry} from "../identity/IMemberRegistry.sol";
import {IConsortiumRegistry} from "../identity/IConsortiumRegistry.sol";
import {MemberRoles} from "../libraries/MemberRoles.sol";

/// @title Receivables
/// @notice See {IReceivables}.
/// @dev Pro-rata rule: a holding of `b` units of any id in a claim's tree has received, in total,
/// floor(b × paid / face) XT, where `paid` is what the obligor has paid and `face` the issued amount. Payout
/// is that entitlement minus what the holding already received. Units are burned as they become fully paid
/// (all of them once paid == face). The residue of the floors stays in the settlement, as
/// `paid − distributed`, visible on-chain.
contract Receivables is IReceivables, ReentrancyGuard {
    IClaimLedger public immutable ledger;
    IMemberRegistry public immutable members;
    IConsortiumRegistry public immutable consortia;
    IERC20 public immutable xt;

    mapping(address obligor => CreditLine) private _lines;
    /// Who granted each credit line (the first funder to set it, or the operator).
    mapping(address obligor => address) public creditProvider;
    mapping(bytes32 tradeId => Trade) private _trades;
    mapping(bytes32 invoiceKey => bool) public invoiceUsed;
    mapping(bytes32 documentsHash => bool) public documentUsed;
    mapping(uint256 root => Settlement) private _settlements;
    /// XT already received per holding, so partial payments can be redeemed as they arrive.
    mapping(uint256 id => mapping(address holder => uint128)) public received;

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
        Trade storage s = _trades[tradeId];
        _trades[tradeId] = t;
        s.status = TradeStatus.Submitted;
        emit TradeSubmitted(tradeId, t.supplier, t.obligor, t.amount, t.invoiceKey, t.documentsHash, t.dueDate);
    }

    /// @inheritdoc IReceivables
    function confirmTrade(bytes32 tradeId) external returns (uint256 id) {
        Trade storage t = _trades[tradeId];
        if (t.status != TradeStatus.Submitted) revert TradeNotPending(tradeId, t.status);
        if (t.obligor != msg.sender) revert NotTradeObligor(tradeId, msg.sender);
        if (!members.hasRoles(msg.sender, MemberRoles.CORE_ENTERPRISE)) revert ObligorLacksRole(msg.sender);
        t.status = TradeStatus.Confirmed;
        id = _issue(tradeId, t);
    }

    /// @inheritdoc IReceivables
    function rejectTrade(bytes32 tradeId, bytes32 reasonHash) external {
        Trade storage t = _trades[tradeId];
        if (t.status != TradeStatus.Submitted) revert TradeNotPending(tradeId, t.status);
        if (t.obligor != msg.sender) revert NotTradeObligor(tradeId, msg.sender);
        t.status = TradeStatus.Rejected;
        invoiceUsed[t.invoiceKey] = false;
        if (t.documentsHash != bytes32(0)) documentUsed[t.documentsHash] = false;
        emit TradeRejected(tradeId, msg.sender, reasonHash);
    }

    /// @inheritdoc IReceivables
    function issuePayable(bytes32 tradeId, Trade calldata t) external returns (uint256 id) {
        if (t.obligor != msg.sender) revert NotTradeObligor(tradeId, msg.sender);
        _checkNewTrade(tradeId, t);
        _trades[tradeId] = t;
        Trade storage s = _trades[tradeId];
        s.status = TradeStatus.Confirmed;
        emit TradeSubmitted(tradeId, t.supplier, t.obligor, t.amount, t.invoiceKey, t.documentsHash, t.dueDate);
        id = _issue(tradeId, s);
    }

    /// @inheritdoc IReceivables
    function pay(uint256 root, uint128 amount) external nonReentrant {
        IClaimLedger.Terms memory t = ledger.terms(root);
        if (t.obligor == address(0) || t.root != root) revert NotIssuedClaim(root);
        if (t.obligor != msg.sender) revert NotObligor(root, msg.sender);
        Settlement storage s = _settlements[root];
        uint128 outstanding = s.face - s.paid;
        if (amount == 0 || amount > outstanding) revert OverPayment(root, outstanding, amount);
        s.paid += amount;
        _lines[msg.sender].used -= amount;
        emit SettlementPaid(root, msg.sender, amount, s.paid);
        // XT is a platform token: this contract is an allowed spender, so no approval step is needed.
        if (!xt.transferFrom(msg.sender, address(this), amount)) revert OverPayment(root, outstanding, amount);
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
    function trade(bytes32 tradeId) external view returns (Trade memory) {
        return _trades[tradeId];
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

    function _checkNewTrade(bytes32 tradeId, Trade calldata t) private {
        if (_trades[tradeId].status != TradeStatus.None) revert TradeExists(tradeId);
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

    function _issue(bytes32 tradeId, Trade storage t) private returns (uint256 id) {
        CreditLine storage line = _lines[t.obligor];
        uint128 used = line.used + t.amount;
        if (used > line.limit) revert CreditLineExceeded(t.obligor, line.limit, line.used, t.amount);
        line.used = used;
        id = claimIdFor(t.obligor, t.invoiceKey);
        _settlements[id].face = t.amount;
        emit ClaimIssued(id, tradeId, t.obligor, t.supplier, t.amount);
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
        bool fullyPaid = s.paid == s.face;
        uint128 burned = fullyPaid ? uint128(balance) : 0;
        received[id][holder] = fullyPaid ? 0 : entitled;
        s.distributed += payout;
        emit ClaimRedeemed(id, t.root, holder, payout, burned);
        if (burned != 0) ledger.burn(holder, id, burned);
        if (!xt.transfer(holder, payout)) revert NothingToRedeem(id, holder);
    }
}
