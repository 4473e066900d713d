// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ERC6909} from "@openzeppelin/contracts/token/ERC6909/ERC6909.sol";
import {IERC6909} from "@openzeppelin/contracts/interfaces/IERC6909.sol";
import {IClaimLedger} from "./IClaimLedger.sol";
import {ConsortiumRegistry} from "../identity/ConsortiumRegistry.sol";
import {Checkpoints} from "@openzeppelin/contracts/utils/structs/Checkpoints.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {MemberRoles} from "../libraries/MemberRoles.sol";

/// @title ClaimLedger
/// @notice See {IClaimLedger}. ERC-6909 rather than ERC-1155: claims move only between custodial member
/// accounts and platform contracts, so receiver callbacks add cost and a reentrancy surface for nothing, and
/// there are no batch arrays on the hot path. Every balance change passes through {_update}, where the
/// conditions are enforced.
/// @dev A holding packs the balance with its hop count (transfers since mint) in one slot, so the
/// transfer-depth condition costs no extra storage write. A new holding takes the sender's hop count plus
/// one; an existing holding keeps its own and accepts units from its own tier or shallower, except that a
/// sale through a platform contract (the buyer consented) raises it to the deeper count. The hop count is
/// thus a function of the Transfer events (their `caller`) alone.
/// Escrow: a platform contract may take units into its own custody (a listing escrows the claims it lists, a pool
/// holds the claims it bought) and give them back, moving them itself (`msg.sender` is the custodian). Such a move
/// keeps the units' hop count and is not a transfer between members: the depth, maturity and self-transfer
/// conditions do not apply to it; the member on the other side must still be active (in) or a member (out).
/// Investment ids (kind Investment) move only between members certified as investors (FUNDER), count no hops (they
/// are shares, not supply-chain tiers), and their holdings
/// and supply are checkpointed per block (OpenZeppelin Checkpoints), so a pool's holders vote by their holdings at
/// a proposal's snapshot.
/// Abstract: deployed as {TierchainLedger} together with the member and consortium registries, so every
/// condition a transfer checks (terms, sender status, recipient membership and status) is a local read.
abstract contract ClaimLedger is IClaimLedger, ConsortiumRegistry, ERC6909 {
    struct Holding {
        uint128 balance;
        uint8 hops;
    }

    /// @dev The first slot holds everything a transfer needs: due date, depth and consortium index.
    struct StoredTerms {
        address obligor;
        uint40 dueDate;
        uint16 lateRateBps;
        uint8 maxHops;
        uint8 dayCount;
        Kind kind;
        uint16 consortiumIndex;
        bytes32 consortiumId;
        uint256 parent;
        uint256 root;
        bytes32 documentsHash;
    }

    using Checkpoints for Checkpoints.Trace208;

    mapping(uint256 id => StoredTerms) private _terms;
    mapping(uint256 id => mapping(address holder => Holding)) private _holdings;
    mapping(uint256 id => uint256) public totalSupply;
    mapping(uint256 id => mapping(address holder => Checkpoints.Trace208)) private _holdingHistory;
    mapping(uint256 id => Checkpoints.Trace208) private _supplyHistory;

    modifier onlyPlatform() {
        if (!isSystemAccount[msg.sender]) revert NotPlatformContract(msg.sender);
        _;
    }

    /// @inheritdoc IClaimLedger
    function issue(uint256 id, Terms calldata t, address to, uint256 amount) external onlyPlatform {
        if (_terms[id].obligor != address(0)) revert ClaimExists(id);
        if (t.obligor == address(0)) revert ClaimTermsInvalid(id, "obligor");
        if (t.dueDate <= block.timestamp) revert ClaimTermsInvalid(id, "dueDate");
        if (t.dayCount > 1) revert ClaimTermsInvalid(id, "dayCount");
        if (!isMember(t.consortiumId, to)) revert RecipientNotAllowed(id, to, t.consortiumId);
        Terms memory stored = t;
        stored.parent = 0;
        stored.root = id;
        _define(id, stored);
        _mint(to, id, amount);
    }

    /// @inheritdoc IClaimLedger
    function mint(address to, uint256 id, uint256 amount) external onlyPlatform {
        StoredTerms storage t = _terms[id];
        if (t.kind != Kind.Investment || t.obligor != msg.sender) revert NotClaimVenue(id, msg.sender);
        if (!_isMemberAt(t.consortiumIndex, to)) revert RecipientNotAllowed(id, to, t.consortiumId);
        _mint(to, id, amount);
    }

    /// @inheritdoc IClaimLedger
    function balanceAt(address holder, uint256 id, uint256 blockNumber) external view returns (uint256) {
        if (blockNumber >= block.number) revert HistoryNotFinal(blockNumber, block.number);
        return _holdingHistory[id][holder].upperLookupRecent(SafeCast.toUint48(blockNumber));
    }

    /// @inheritdoc IClaimLedger
    function totalSupplyAt(uint256 id, uint256 blockNumber) external view returns (uint256) {
        if (blockNumber >= block.number) revert HistoryNotFinal(blockNumber, block.number);
        return _supplyHistory[id].upperLookupRecent(SafeCast.toUint48(blockNumber));
    }

    /// @inheritdoc IClaimLedger
    function burn(address from, uint256 id, uint256 amount) external onlyPlatform {
        _burn(from, id, amount);
    }

    /// @inheritdoc IClaimLedger
    function modify(uint256 id, uint256 amount, Terms calldata n) external returns (uint256 child) {
        StoredTerms storage p = _terms[id];
        if (p.obligor == address(0)) revert ClaimUnknown(id);
        if (block.timestamp >= p.dueDate) revert ClaimMatured(id, p.dueDate);
        if (!isActive(msg.sender)) revert HolderNotActive(msg.sender);
        if (n.obligor != p.obligor) revert ModifyWidensTerms(id, "obligor");
        if (n.kind != p.kind) revert ModifyWidensTerms(id, "kind");
        if (n.consortiumId != p.consortiumId) revert ModifyWidensTerms(id, "consortiumId");
        if (n.dayCount != p.dayCount) revert ModifyWidensTerms(id, "dayCount");
        if (n.dueDate < p.dueDate) revert ModifyWidensTerms(id, "dueDate");
        if (n.lateRateBps > p.lateRateBps) revert ModifyWidensTerms(id, "lateRateBps");
        if (n.maxHops > p.maxHops) revert ModifyWidensTerms(id, "maxHops");
        if (amount == 0) revert AmountZero();

        child = childId(id, n);
        if (_terms[child].obligor == address(0)) {
            Terms memory derived = n;
            derived.parent = id;
            derived.root = p.root;
            derived.documentsHash = p.documentsHash;
            _define(child, derived);
        }
        uint8 hops = _holdings[id][msg.sender].hops;
        _burn(msg.sender, id, amount);
        _mint(msg.sender, child, amount);
        // The child units keep the tier they had; a holding of the child keeps the deeper of the two.
        Holding storage h = _holdings[child][msg.sender];
        if (h.hops < hops) h.hops = hops;
        emit ClaimModified(msg.sender, id, child, amount);
    }

    /// @inheritdoc IClaimLedger
    function terms(uint256 id) external view returns (Terms memory) {
        StoredTerms storage t = _terms[id];
        return Terms(t.obligor, t.dueDate, t.lateRateBps, t.maxHops, t.dayCount, t.kind, t.consortiumId, t.parent, t.root, t.documentsHash);
    }

    /// @inheritdoc IClaimLedger
    function hopsOf(address holder, uint256 id) external view returns (uint8) {
        return _holdings[id][holder].hops;
    }

    /// @inheritdoc IClaimLedger
    function childId(uint256 parent, Terms calldata n) public pure returns (uint256) {
        return uint256(keccak256(abi.encode(parent, n.dueDate, n.lateRateBps, n.maxHops)));
    }

    function balanceOf(address owner, uint256 id) public view override(ERC6909, IERC6909) returns (uint256) {
        return _holdings[id][owner].balance;
    }

    /// @dev Platform contracts (settlement, market) may move any member's claims: the members' keys are in
    /// the platform's custody already, so this adds no power and saves an approval per member.
    function isOperator(address owner, address spender) public view override(ERC6909, IERC6909) returns (bool) {
        return isSystemAccount[spender] || super.isOperator(owner, spender);
    }

    function _define(uint256 id, Terms memory t) private {
        _terms[id] = StoredTerms(
            t.obligor, t.dueDate, t.lateRateBps, t.maxHops, t.dayCount, t.kind, consortiumIndex(t.consortiumId),
            t.consortiumId, t.parent, t.root, t.documentsHash
        );
        emit ClaimDefined(
            id, t.parent, t.root, t.obligor, t.dueDate, t.lateRateBps, t.maxHops, t.dayCount, t.kind, t.consortiumId,
            t.documentsHash
        );
    }

    /// @dev The one transition hook. Replaces ERC6909's storage with packed holdings; emits the standard event.
    function _update(address from, address to, uint256 id, uint256 amount) internal override {
        if (amount > type(uint128).max) revert AmountTooLarge(amount);
        uint128 value = uint128(amount);
        uint8 hops;
        if (from != address(0)) {
            Holding storage f = _holdings[id][from];
            uint128 balance = f.balance;
            if (balance < value) revert ERC6909InsufficientBalance(from, balance, amount, id);
            hops = f.hops;
            unchecked {
                f.balance = balance - value;
            }
        }
        Kind kind;
        if (from != address(0) && to != address(0)) {
            // A zero transfer would still raise the recipient's hop count: refuse it (it moves nothing).
            if (amount == 0) revert AmountZero();
            StoredTerms storage t = _terms[id];
            kind = t.kind;
            uint256 fromStanding = _standing[from];
            // A custodian's own move (into or out of its escrow). Ordinary transfers pay for no extra read: the
            // system-account flag is read only when the caller is the recipient or an uncertified sender.
            if ((to == msg.sender || (from == msg.sender && fromStanding & 1 == 0)) && isSystemAccount[msg.sender]) {
                if (to == msg.sender && fromStanding & 1 == 0 && !isSystemAccount[from]) revert HolderNotActive(from);
                if (from == msg.sender && !isSystemAccount[to] && !_isMemberAt(t.consortiumIndex, to)) {
                    revert RecipientNotAllowed(id, to, t.consortiumId);
                }
            } else {
                uint40 dueDate = t.dueDate;
                uint8 maxHops = t.maxHops;
                if (block.timestamp >= dueDate) revert ClaimMatured(id, dueDate);
                if (hops >= maxHops) revert TransferDepthExhausted(id, from, maxHops);
                // Claims only ever sit with members: platform contracts move them (as operators) but never hold
                // them, except in their own escrow (above).
                if (fromStanding & 1 == 0) revert HolderNotActive(from);
                if (!_isMemberAt(t.consortiumIndex, to)) revert RecipientNotAllowed(id, to, t.consortiumId);
                // Moving units to oneself changes nothing but would spend a hop of the tier count.
                if (from == to) revert SelfTransfer(id, from);
                // Investment claims are shares, not tiers of a supply chain: no depth is counted for them.
                if (kind == Kind.Investment) {
                    if (_members[to].roles & MemberRoles.FUNDER == 0) revert InvestorRequired(id, to);
                } else {
                    hops += 1;
                }
            }
        }
        if (to != address(0)) {
            Holding memory r = _holdings[id][to];
            uint8 newHops = r.balance == 0 ? hops : r.hops;
            if (r.balance != 0 && hops > r.hops) {
                // Units from a deeper tier may not deepen a holding by a plain transfer: otherwise anyone could
                // send one unit to push someone else's whole holding to its transfer-depth limit. A sale through
                // the market may, because the receiving funder consented to it with its offer.
                if (!isSystemAccount[msg.sender]) revert HoldingDepthMismatch(id, to, r.hops, hops);
                newHops = hops;
            }
            // One write of the recipient's slot: balance and hop count together.
            _holdings[id][to] = Holding(r.balance + value, newHops);
        }
        if (from == address(0)) totalSupply[id] += amount;
        if (to == address(0)) totalSupply[id] -= amount;
        // A mint or a burn reads the kind here; a transfer read it with the rest of the first slot above.
        if (from == address(0) || to == address(0)) kind = _terms[id].kind;
        if (kind == Kind.Investment) _checkpoint(from, to, id);
        emit Transfer(msg.sender, from, to, id, amount);
    }

    /// @dev Records the new holdings of both parties and the supply of an investment id at this block.
    function _checkpoint(address from, address to, uint256 id) private {
        uint48 key = SafeCast.toUint48(block.number);
        if (from != address(0)) _holdingHistory[id][from].push(key, _holdings[id][from].balance);
        if (to != address(0)) _holdingHistory[id][to].push(key, _holdings[id][to].balance);
        if (from == address(0) || to == address(0)) _supplyHistory[id].push(key, SafeCast.toUint208(totalSupply[id]));
    }
}
