// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ERC721Paris as ERC721} from "./vendor/ERC721Paris.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IGoodsToken} from "./IGoodsToken.sol";
import {IMemberRegistry} from "../identity/IMemberRegistry.sol";
import {MemberRoles} from "../libraries/MemberRoles.sol";

/// @title GoodsToken
/// @notice See {IGoodsToken}. Every move of a token passes through {_update}: a locked item moves only by the
/// vault, and goods only ever sit with active members.
/// @dev The id is keccak256(abi.encode(verifier, receipt, lot)), so the API knows it before the block. Uniqueness is
/// kept by two maps that are never cleared: a receipt (keccak256 of its number) backs one token ever, and a lot
/// (keccak256 of its number) one token per verifier.
contract GoodsToken is IGoodsToken, ERC721 {
    IMemberRegistry public immutable members;
    address public vault;

    mapping(uint256 id => Goods) private _goods;
    mapping(bytes32 receiptKey => uint256 id) public receiptUsedBy;
    mapping(address verifier => mapping(bytes32 lotKey => uint256 id)) public lotUsedBy;

    constructor(IMemberRegistry memberRegistry) ERC721("Tierchain Goods", "GOODS") {
        members = memberRegistry;
    }

    modifier onlyVault() {
        if (msg.sender != vault) revert NotVault(msg.sender);
        _;
    }

    modifier onlyVerifier() {
        if (!members.hasRoles(msg.sender, MemberRoles.VERIFIER)) revert NotVerifier(msg.sender);
        _;
    }

    /// @inheritdoc IGoodsToken
    function register(Registration calldata r) external onlyVerifier returns (uint256 id) {
        bytes32 receiptKey = bytes(r.receipt).length == 0 ? bytes32(0) : keccak256(bytes(r.receipt));
        bytes32 lotKey = bytes(r.lot).length == 0 ? bytes32(0) : keccak256(bytes(r.lot));
        if (receiptKey == bytes32(0) && lotKey == bytes32(0)) revert GoodsIdentityMissing();
        if (receiptKey != bytes32(0) && receiptUsedBy[receiptKey] != 0) revert GoodsReceiptUsed(receiptKey, receiptUsedBy[receiptKey]);
        if (lotKey != bytes32(0) && lotUsedBy[msg.sender][lotKey] != 0) revert GoodsLotUsed(msg.sender, lotKey, lotUsedBy[msg.sender][lotKey]);
        if (r.quantity == 0) revert GoodsTermsInvalid("quantity");
        if (r.value == 0) revert GoodsTermsInvalid("value");
        if (!members.isActive(r.owner)) revert GoodsOwnerNotMember(r.owner);

        id = goodsIdFor(msg.sender, r.receipt, r.lot);
        if (receiptKey != bytes32(0)) receiptUsedBy[receiptKey] = id;
        if (lotKey != bytes32(0)) lotUsedBy[msg.sender][lotKey] = id;
        _goods[id] = Goods({
            verifier: msg.sender,
            valuedAt: uint40(block.timestamp),
            classId: r.classId,
            locked: false,
            value: r.value,
            quantity: r.quantity,
            valuer: msg.sender,
            documentsHash: r.documentsHash
        });
        emit GoodsRegistered(
            id, r.owner, msg.sender, r.classId, r.quantity, r.unit, r.description, r.location, r.receipt, r.lot, receiptKey, lotKey, r.documentsHash
        );
        emit GoodsValued(id, msg.sender, r.value, 0);
        _mint(r.owner, id);
    }

    /// @inheritdoc IGoodsToken
    function revalue(uint256 id, uint128 value) external onlyVerifier {
        Goods storage g = _goods[id];
        if (g.verifier == address(0)) revert GoodsUnknown(id);
        if (value == 0) revert GoodsTermsInvalid("value");
        uint128 previous = g.value;
        g.value = value;
        g.valuedAt = uint40(block.timestamp);
        g.valuer = msg.sender;
        emit GoodsValued(id, msg.sender, value, previous);
    }

    /// @inheritdoc IGoodsToken
    function setLocked(uint256 id, bool locked) external onlyVault {
        Goods storage g = _goods[id];
        if (g.verifier == address(0)) revert GoodsUnknown(id);
        if (locked && g.locked) revert GoodsLocked(id);
        if (!locked && !g.locked) revert GoodsNotLocked(id);
        g.locked = locked;
        emit GoodsLockChanged(id, locked);
    }

    /// @inheritdoc IGoodsToken
    function releaseTo(uint256 id, address to) external onlyVault {
        Goods storage g = _goods[id];
        if (!g.locked) revert GoodsNotLocked(id);
        g.locked = false;
        emit GoodsLockChanged(id, false);
        _transfer(_requireOwned(id), to, id);
    }

    /// @inheritdoc IGoodsToken
    function setVault(address v) external {
        if (msg.sender != Ownable(address(members)).owner()) revert NotRegistryOwner(msg.sender);
        if (vault != address(0)) revert VaultAlreadySet(vault);
        vault = v;
        emit VaultSet(v);
    }

    /// @inheritdoc IGoodsToken
    function goods(uint256 id) external view returns (Goods memory) {
        return _goods[id];
    }

    /// @inheritdoc IGoodsToken
    function goodsIdFor(address verifier, string calldata receipt, string calldata lot) public pure returns (uint256) {
        return uint256(keccak256(abi.encode(verifier, receipt, lot)));
    }

    /// @dev The one transition hook: locked goods move only by the vault, and only to active members.
    function _update(address to, uint256 tokenId, address auth) internal override returns (address) {
        if (_goods[tokenId].locked && msg.sender != vault) revert GoodsLocked(tokenId);
        if (to != address(0) && !members.isActive(to)) revert GoodsRecipientNotMember(tokenId, to);
        return super._update(to, tokenId, auth);
    }
}
