// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IClaimPledges} from "./IClaimPledges.sol";
import {IClaimLedger} from "../claims/IClaimLedger.sol";
import {IReceivables} from "../receivables/IReceivables.sol";
import {IMemberRegistry} from "../identity/IMemberRegistry.sol";

/// @title ClaimPledges
/// @notice See {IClaimPledges}. A platform contract of the claim ledger (a system account): it holds the pledged
/// claims in its escrow and is paid their settlement by Receivables. Kept apart from the vault so that the vault
/// stays under the EIP-170 size limit; the vault owns the positions, this contract only the claims behind them.
contract ClaimPledges is IClaimPledges {
    IClaimLedger public immutable ledger;
    IReceivables public immutable receivables;
    IMemberRegistry public immutable members;
    IERC20 public immutable xt;
    address public vault;

    mapping(bytes32 positionId => PledgedClaim) private _pledges;
    /// @inheritdoc IClaimPledges
    mapping(uint256 claimId => mapping(address holder => bytes32 positionId)) public positionOfClaim;

    constructor(IClaimLedger claimLedger, IReceivables receivablesContract, IMemberRegistry memberRegistry, IERC20 settlementToken) {
        ledger = claimLedger;
        receivables = receivablesContract;
        members = memberRegistry;
        xt = settlementToken;
    }

    modifier onlyVault() {
        if (msg.sender != vault) revert NotVault(msg.sender);
        _;
    }

    /// @inheritdoc IClaimPledges
    function setVault(address v) external {
        if (msg.sender != Ownable(address(members)).owner()) revert NotRegistryOwner(msg.sender);
        if (vault != address(0)) revert VaultAlreadySet(vault);
        vault = v;
    }

    /// @inheritdoc IClaimPledges
    function lock(bytes32 positionId, address pledgor, uint256 claimId) external onlyVault returns (uint128 units) {
        IClaimLedger.Terms memory t = ledger.terms(claimId);
        if (t.kind != IClaimLedger.Kind.Receivable || t.obligor == address(0)) revert ClaimNotPledgeable(claimId, "kind");
        // One's own obligation is no collateral: it would back a debt with the same debtor's promise.
        if (t.obligor == pledgor) revert ClaimNotPledgeable(claimId, "obligor");
        // Before the due date only: a due claim's units must not change hands (see collect).
        if (block.timestamp >= t.dueDate) revert ClaimNotPledgeable(claimId, "dueDate");
        if (receivables.settlement(t.root).face == 0) revert ClaimNotPledgeable(claimId, "settlement");
        bytes32 pledged = positionOfClaim[claimId][pledgor];
        if (pledged != bytes32(0)) revert ClaimAlreadyPledged(claimId, pledgor, pledged);
        units = SafeCast.toUint128(ledger.balanceOf(pledgor, claimId));
        if (units == 0) revert NotClaimHolder(claimId, pledgor);
        _pledges[positionId] = PledgedClaim({claimId: claimId, pledgor: pledgor, units: units, collected: 0, paid: false, released: false});
        positionOfClaim[claimId][pledgor] = positionId;
        emit ClaimLocked(positionId, claimId, pledgor, units);
        // Escrow: this contract takes the units into its custody (the ledger checks the holder is active).
        ledger.transferFrom(pledgor, address(this), claimId, units);
    }

    /// @inheritdoc IClaimPledges
    function collect(bytes32 positionId, address to) external onlyVault returns (uint128 amount, bool settled) {
        return _collect(positionId, _pledges[positionId], to);
    }

    /// @inheritdoc IClaimPledges
    function release(bytes32 positionId, address pledgor) external onlyVault {
        PledgedClaim storage pc = _pledges[positionId];
        uint256 claimId = pc.claimId;
        if (claimId == 0) return;
        _collect(positionId, pc, pledgor);
        pc.released = true;
        delete positionOfClaim[claimId][pledgor];
        // A claim not yet due goes back; a due one stays and is collected for the pledgor (see the interface).
        uint128 back = !pc.paid && block.timestamp < ledger.terms(claimId).dueDate ? pc.units : 0;
        emit ClaimReleased(positionId, claimId, pledgor, back);
        if (back != 0) ledger.transferFrom(address(this), pledgor, claimId, back);
    }

    /// @inheritdoc IClaimPledges
    function valueOf(bytes32 positionId) external view returns (uint128) {
        PledgedClaim storage pc = _pledges[positionId];
        if (pc.paid || pc.released || pc.units <= pc.collected) return 0;
        return pc.units - pc.collected;
    }

    /// @inheritdoc IClaimPledges
    function pledgedClaim(bytes32 positionId) external view returns (PledgedClaim memory) {
        return _pledges[positionId];
    }

    /// @dev What the claim's settlement has paid on the escrowed units and was not collected yet: floor(units ×
    /// paid / face) in total, as Receivables pays a holding (so it is right even when someone else redeemed for
    /// this contract). Several pledgors' holdings of one claim are redeemed together; the floors' residue stays here.
    function _collect(bytes32 positionId, PledgedClaim storage pc, address to) private returns (uint128 amount, bool settled) {
        uint256 claimId = pc.claimId;
        if (claimId == 0) return (0, true);
        if (pc.paid) return (0, true);
        IClaimLedger.Terms memory t = ledger.terms(claimId);
        // An early payment is redeemable from the due date on only: collected then.
        if (block.timestamp < t.dueDate) return (0, false);
        IReceivables.Settlement memory s = receivables.settlement(t.root);
        uint128 entitled = uint128((uint256(pc.units) * s.paid) / s.face);
        amount = entitled - pc.collected;
        settled = s.paid - s.interestPaid == s.face;
        if (amount == 0) return (0, settled);
        pc.collected = entitled;
        pc.paid = settled;
        if (settled) delete positionOfClaim[claimId][pc.pledgor];
        emit ClaimCollected(positionId, claimId, to, amount, entitled, settled);
        if (receivables.redeemable(claimId, address(this)) != 0) receivables.redeem(claimId, address(this));
        if (!xt.transfer(to, amount)) revert ProceedsTransferFailed(to, amount);
    }
}
