// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title IGoodsToken
/// @notice Collateral items (a lot of inventory, a machine) as ERC-721 tokens, registered once by a certified
/// verifier (a warehouse, an appraiser) for the member that owns them. The same goods are never registered twice:
/// a warehouse receipt number backs at most one token, ever, and so does a serial or lot number under one
/// verifier. A verifier values and revalues each item in XT minor units. While the collateral vault holds an item
/// locked, it cannot be transferred by anyone but the vault (which releases it, or hands it to an auction's winner).
interface IGoodsToken {
    /// @notice What a verifier registers. The strings are in {GoodsRegistered} only; the token stores their hashes'
    /// effects (uniqueness) and the numbers a vault needs.
    struct Registration {
        address owner;
        uint16 classId;
        uint128 quantity;
        string unit;
        string description;
        string location;
        /// Warehouse receipt number (empty when the item has none; then `lot` is required).
        string receipt;
        /// Serial or lot number under this verifier (empty when the receipt alone identifies the goods).
        string lot;
        bytes32 documentsHash;
        /// First valuation, XT minor units.
        uint128 value;
    }

    /// @notice What is stored per item.
    struct Goods {
        address verifier;
        uint40 valuedAt;
        uint16 classId;
        bool locked;
        uint128 value;
        uint128 quantity;
        address valuer;
        bytes32 documentsHash;
    }

    /// @notice `verifier` registered goods `id` for `owner`; `receiptKey` / `lotKey` are keccak256 of the strings.
    event GoodsRegistered(
        uint256 indexed id, address indexed owner, address indexed verifier, uint16 classId, uint128 quantity, string unit,
        string description, string location, string receipt, string lot, bytes32 receiptKey, bytes32 lotKey, bytes32 documentsHash
    );
    /// @notice `valuer` valued goods `id` at `value` XT minor units (the registration's valuation too).
    event GoodsValued(uint256 indexed id, address indexed valuer, uint128 value, uint128 previous);
    /// @notice The vault locked (`locked` true) or released goods `id`.
    event GoodsLockChanged(uint256 indexed id, bool locked);
    event VaultSet(address indexed vault);

    error GoodsReceiptUsed(bytes32 receiptKey, uint256 id);
    error GoodsLotUsed(address verifier, bytes32 lotKey, uint256 id);
    error GoodsIdentityMissing();
    error GoodsTermsInvalid(string field);
    error GoodsUnknown(uint256 id);
    error GoodsLocked(uint256 id);
    error GoodsNotLocked(uint256 id);
    error GoodsOwnerNotMember(address owner);
    error GoodsRecipientNotMember(uint256 id, address recipient);
    error NotVerifier(address caller);
    error NotVault(address caller);
    error VaultAlreadySet(address vault);
    error NotRegistryOwner(address caller);

    /// @notice Registers goods for `r.owner`. Caller: an active VERIFIER. Emits {GoodsRegistered}, {GoodsValued}.
    function register(Registration calldata r) external returns (uint256 id);

    /// @notice Revalues goods `id`. Caller: an active VERIFIER. Emits {GoodsValued}.
    function revalue(uint256 id, uint128 value) external;

    /// @notice Locks or releases goods `id`. Caller: the vault. Emits {GoodsLockChanged}.
    function setLocked(uint256 id, bool locked) external;

    /// @notice Releases locked goods `id` and moves them to `to` (an auction's winner). Caller: the vault.
    function releaseTo(uint256 id, address to) external;

    /// @notice Names the collateral vault, once. Caller: the member registry's owner (the operator).
    function setVault(address vault) external;

    function goods(uint256 id) external view returns (Goods memory);

    /// @notice The id goods registered by `verifier` with receipt `receipt` and lot `lot` get.
    function goodsIdFor(address verifier, string calldata receipt, string calldata lot) external pure returns (uint256);
}
