// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IERC6909} from "@openzeppelin/contracts/interfaces/IERC6909.sol";

/// @title IClaimLedger
/// @notice The conditional-token ledger: one ERC-6909 token id per condition set. A unit of any id is a claim
/// on one minor unit of XT owed by the id's obligor at its due date. Value moves only between accounts its
/// conditions allow; `modify` derives a child id with narrower terms and never creates value.
interface IClaimLedger is IERC6909 {
    /// @notice What a claim is. Obligation kinds are owed by the obligor; Investment is a right on a pool.
    enum Kind {
        Receivable,
        Inventory,
        Pledge,
        Margin,
        Investment
    }

    /// @notice The condition set of a token id.
    struct Terms {
        address obligor;
        uint40 dueDate;
        /// Late interest per year, in basis points, owed by the obligor after the due date.
        uint16 lateRateBps;
        /// How many transfers a unit may make after it was minted (the transfer depth).
        uint8 maxHops;
        /// 0 = ACT/360, 1 = ACT/365F.
        uint8 dayCount;
        Kind kind;
        /// The consortium whose members may hold this id.
        bytes32 consortiumId;
        /// The id this one was derived from (0 for an issued claim).
        uint256 parent;
        /// The issued claim at the top of this id's tree (itself for an issued claim).
        uint256 root;
        /// Hash of the underlying documents (invoice, contract).
        bytes32 documentsHash;
    }

    /// @notice A new id came into being: issued (`parent` 0) or derived by modify.
    event ClaimDefined(
        uint256 indexed id, uint256 indexed parent, uint256 indexed root, address obligor, uint40 dueDate,
        uint16 lateRateBps, uint8 maxHops, uint8 dayCount, Kind kind, bytes32 consortiumId, bytes32 documentsHash
    );
    /// @notice `holder` turned `amount` of `parent` into `amount` of `child` (narrower terms).
    event ClaimModified(address indexed holder, uint256 indexed parent, uint256 indexed child, uint256 amount);

    error ClaimUnknown(uint256 id);
    error ClaimExists(uint256 id);
    error ClaimMatured(uint256 id, uint40 dueDate);
    error ClaimTermsInvalid(uint256 id, string field);
    error ModifyWidensTerms(uint256 parent, string field);
    error RecipientNotAllowed(uint256 id, address recipient, bytes32 consortiumId);
    error HolderNotActive(address holder);
    error TransferDepthExhausted(uint256 id, address holder, uint8 maxHops);
    /// @notice `recipient` holds `id` at `heldHops`; units arriving at `incomingHops` (deeper) may not join it.
    error HoldingDepthMismatch(uint256 id, address recipient, uint8 heldHops, uint8 incomingHops);
    error SelfTransfer(uint256 id, address holder);
    error AmountTooLarge(uint256 amount);
    error AmountZero();
    error NotPlatformContract(address caller);
    /// @notice Only the venue that issued an investment id (its obligor: a listing or pool contract) mints more of it.
    error NotClaimVenue(uint256 id, address caller);
    /// @notice Investment ids move only to members certified as investors (the FUNDER role).
    error InvestorRequired(uint256 id, address recipient);
    /// @notice Holdings are final only for past blocks.
    error HistoryNotFinal(uint256 blockNumber, uint256 current);

    /// @notice Defines a new issued claim and mints `amount` to `to`. Platform contracts only.
    function issue(uint256 id, Terms calldata terms, address to, uint256 amount) external;

    /// @notice Mints `amount` more of the investment id `id` to `to` (a member of its consortium holding the FUNDER
    /// role). Only the id's obligor, the platform contract (listing or pool) that issued it.
    function mint(address to, uint256 id, uint256 amount) external;

    /// @notice `holder`'s balance of the investment id `id` at the end of block `blockNumber` (a past block): what
    /// a vote is weighted by. Recorded for investment ids only (0 for the others).
    function balanceAt(address holder, uint256 id, uint256 blockNumber) external view returns (uint256);

    /// @notice The supply of the investment id `id` at the end of the past block `blockNumber`.
    function totalSupplyAt(uint256 id, uint256 blockNumber) external view returns (uint256);

    /// @notice Burns `amount` of `id` from `from`. Platform contracts only (settlement).
    function burn(address from, uint256 id, uint256 amount) external;

    /// @notice Turns `amount` of the caller's `id` into the child id with `narrower` terms (same obligor,
    /// kind, root, consortium and day count; no earlier due date, no higher late rate, no more transfer depth).
    /// @return child the derived id, deterministic in (`id`, `narrower`).
    function modify(uint256 id, uint256 amount, Terms calldata narrower) external returns (uint256 child);

    function terms(uint256 id) external view returns (Terms memory);

    function totalSupply(uint256 id) external view returns (uint256);

    function hopsOf(address holder, uint256 id) external view returns (uint8);

    /// @notice Id a `narrower` derivation of `parent` gets.
    function childId(uint256 parent, Terms calldata narrower) external pure returns (uint256);
}
