// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title IClaimPledges
/// @notice Receivable claims locked as the collateral of the vault's pledge positions (issue 11 item 2). A pledgor's
/// whole holding of one receivable claim id is taken into this contract's escrow (a platform contract's custody
/// on the claim ledger), so it cannot be transferred, split, sold or pledged again while it backs a position. It is
/// valued at its face (one XT minor unit per unit) less what its settlement has already paid; the class's
/// loan-to-value is the haircut. From the claim's due date on, what its settlement pays is collected (the same
/// pro-rata share Receivables pays any holding, floor(units × paid / face)) and handed to the vault: the margin
/// of a live position, the pledgor's after release. A due claim never leaves the escrow (units moved after a
/// partial redemption would be paid it again); one not yet due returns to the pledgor at release.
/// All state changes are made by the vault ({ICollateralVault.lockClaim}, `collectClaim`, `release`,
/// `declareDefault`); this contract keeps the claim's side of each position.
interface IClaimPledges {
    struct PledgedClaim {
        uint256 claimId;
        address pledgor;
        uint128 units;
        /// XT collected from the claim's settlement so far (principal and late interest).
        uint128 collected;
        /// The claim's principal is paid in full (the ledger burned the escrowed units).
        bool paid;
        /// The position was released: what is collected now goes to the pledgor.
        bool released;
    }

    /// @notice `pledgor` locked its `units` of receivable claim `claimId` as the collateral of `positionId`.
    event ClaimLocked(bytes32 indexed positionId, uint256 indexed claimId, address indexed pledgor, uint128 units);
    /// @notice `amount` of the claim's settlement was collected for the position (`collected` in total; `paid`
    /// once its principal is paid in full) and sent to `to` (the vault, or the pledgor after release).
    event ClaimCollected(bytes32 indexed positionId, uint256 indexed claimId, address indexed to, uint128 amount, uint128 collected, bool paid);
    /// @notice The position was released; `unitsReturned` went back to the pledgor (0 when the claim was already
    /// due or paid: it stays in escrow and is collected for the pledgor).
    event ClaimReleased(bytes32 indexed positionId, uint256 indexed claimId, address indexed pledgor, uint128 unitsReturned);

    /// @notice Field: "kind" (not a receivable), "obligor" (the pledgor's own obligation), "dueDate" (already
    /// due), "settlement" (no receivable settlement behind it).
    error ClaimNotPledgeable(uint256 claimId, string field);
    error NotClaimHolder(uint256 claimId, address caller);
    error ClaimAlreadyPledged(uint256 claimId, address holder, bytes32 positionId);
    error NotVault(address caller);
    error VaultAlreadySet(address vault);
    error NotRegistryOwner(address caller);
    error ProceedsTransferFailed(address to, uint128 amount);

    /// @notice Names the vault, once. Caller: the platform operator (the registry's owner).
    function setVault(address vault) external;

    /// @notice Escrows `pledgor`'s whole holding of `claimId` for `positionId`; returns the units. Vault only.
    function lock(bytes32 positionId, address pledgor, uint256 claimId) external returns (uint128 units);

    /// @notice Collects what is due on the position's claim and sends it to `to`. Returns the amount and whether
    /// nothing more is to come (true when the position has no claim). Vault only.
    function collect(bytes32 positionId, address to) external returns (uint128 amount, bool settled);

    /// @notice At the position's release: collects what is due to `pledgor` and returns the units not yet due.
    function release(bytes32 positionId, address pledgor) external;

    /// @notice The claim's value in the position's coverage now: units less collected (0 once paid or released).
    function valueOf(bytes32 positionId) external view returns (uint128);

    function pledgedClaim(bytes32 positionId) external view returns (PledgedClaim memory);

    /// @notice The live position that `holder`'s holding of `claimId` backs (zero when none).
    function positionOfClaim(uint256 claimId, address holder) external view returns (bytes32);
}
