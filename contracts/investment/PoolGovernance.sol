// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IPoolGovernance} from "./IPoolGovernance.sol";
import {ITranchedPools} from "./ITranchedPools.sol";
import {IClaimLedger} from "../claims/IClaimLedger.sol";

/// @title PoolGovernance
/// @notice See {IPoolGovernance}.
contract PoolGovernance is IPoolGovernance {
    using SafeCast for uint256;

    IClaimLedger public immutable ledger;
    ITranchedPools public immutable pools;

    Proposal[] private _proposals;
    mapping(uint256 proposalId => ITranchedPools.Policy) private _policies;
    /// Each tranche's price at the proposal (value and shares at the last epoch close): what a share weighs.
    mapping(uint256 proposalId => uint128[6]) private _prices;
    mapping(uint256 proposalId => mapping(address voter => bool)) public hasVoted;

    constructor(IClaimLedger claimLedger, ITranchedPools tranchedPools) {
        ledger = claimLedger;
        pools = tranchedPools;
    }

    /// @inheritdoc IPoolGovernance
    function propose(bytes32 poolId, Action action, uint32 assetIndex, uint128 value, address obligor, ITranchedPools.Policy calldata policy)
        external
        returns (uint256 proposalId)
    {
        ITranchedPools.PoolConfig memory c = pools.config(poolId);
        if (c.votingSeconds == 0) revert ITranchedPools.PoolNotFound(poolId);
        if ((action == Action.Valuation || action == Action.WriteOff) && assetIndex >= pools.assetCount(poolId)) {
            revert ITranchedPools.AssetUnknown(poolId, assetIndex);
        }
        proposalId = _proposals.length;
        uint48 snapshot = (block.number - 1).toUint48();
        uint128[6] storage prices = _prices[proposalId];
        uint256 total;
        for (uint8 t; t < 3; ++t) {
            ITranchedPools.Tranche memory x = pools.tranche(poolId, t);
            prices[2 * t] = x.value;
            prices[2 * t + 1] = x.supply;
            if (x.supply != 0) total += (ledger.totalSupplyAt(pools.trancheId(poolId, t), snapshot) * x.value) / x.supply;
        }
        uint40 deadline = uint40(block.timestamp + c.votingSeconds);
        _proposals.push(
            Proposal({
                poolId: poolId,
                proposer: msg.sender,
                action: action,
                snapshot: snapshot,
                deadline: deadline,
                executed: false,
                assetIndex: assetIndex,
                value: value,
                obligor: obligor,
                forVotes: 0,
                againstVotes: 0,
                totalWeight: total.toUint128()
            })
        );
        if (_weight(proposalId, poolId, snapshot, msg.sender) == 0) revert NotPoolHolder(poolId, msg.sender);
        if (action == Action.Policy) _policies[proposalId] = policy;
        emit Proposed(proposalId, poolId, msg.sender, action, assetIndex, value, obligor, snapshot, deadline, total.toUint128());
        if (action == Action.Policy) {
            emit ProposedPolicy(proposalId, policy.discountRateBps, policy.minDiscountBps, policy.maxTenorDays, policy.limitPerObligor);
        }
    }

    /// @inheritdoc IPoolGovernance
    function vote(uint256 proposalId, bool support) external {
        Proposal storage p = _existing(proposalId);
        if (block.timestamp > p.deadline) revert VotingClosed(proposalId, p.deadline);
        if (hasVoted[proposalId][msg.sender]) revert AlreadyVoted(proposalId, msg.sender);
        uint128 weight = _weight(proposalId, p.poolId, p.snapshot, msg.sender);
        if (weight == 0) revert NoVotingWeight(proposalId, msg.sender, p.snapshot);
        hasVoted[proposalId][msg.sender] = true;
        if (support) p.forVotes += weight;
        else p.againstVotes += weight;
        emit VoteCast(proposalId, msg.sender, support, weight);
    }

    /// @inheritdoc IPoolGovernance
    function execute(uint256 proposalId) external {
        Proposal storage p = _existing(proposalId);
        if (p.executed) revert ProposalAlreadyExecuted(proposalId);
        if (block.timestamp <= p.deadline) revert VotingOpen(proposalId, p.deadline);
        ITranchedPools.PoolConfig memory c = pools.config(p.poolId);
        uint128 cast = p.forVotes + p.againstVotes;
        uint256 quorum = (uint256(p.totalWeight) * c.quorumBps + 9_999) / 10_000;
        if (cast == 0 || cast < quorum) revert QuorumNotReached(proposalId, cast, quorum);
        uint256 threshold = (uint256(cast) * c.thresholdBps + 9_999) / 10_000;
        if (p.forVotes < threshold) revert ThresholdNotReached(proposalId, p.forVotes, threshold);
        p.executed = true;
        emit ProposalExecuted(proposalId, p.poolId, p.action);
        if (p.action == Action.Valuation) pools.setValuation(p.poolId, p.assetIndex, p.value);
        else if (p.action == Action.WriteOff) pools.writeOff(p.poolId, p.assetIndex);
        else if (p.action == Action.Policy) pools.setPolicy(p.poolId, _policies[proposalId]);
        else pools.setEligible(p.poolId, p.obligor, p.value != 0);
    }

    /// @inheritdoc IPoolGovernance
    function proposal(uint256 proposalId) external view returns (Proposal memory) {
        return _existing(proposalId);
    }

    /// @inheritdoc IPoolGovernance
    function proposalPolicy(uint256 proposalId) external view returns (ITranchedPools.Policy memory) {
        return _policies[proposalId];
    }

    /// @inheritdoc IPoolGovernance
    function weightOf(uint256 proposalId, address voter) external view returns (uint128) {
        Proposal storage p = _existing(proposalId);
        return _weight(proposalId, p.poolId, p.snapshot, voter);
    }

    /// @inheritdoc IPoolGovernance
    function proposalCount() external view returns (uint256) {
        return _proposals.length;
    }

    /// @dev Σ over the tranches of floor(shares at the snapshot × tranche value / tranche shares).
    function _weight(uint256 proposalId, bytes32 poolId, uint48 snapshot, address voter) private view returns (uint128) {
        uint128[6] storage prices = _prices[proposalId];
        uint256 w;
        for (uint8 t; t < 3; ++t) {
            uint128 supply = prices[2 * t + 1];
            if (supply == 0) continue;
            w += (ledger.balanceAt(voter, pools.trancheId(poolId, t), snapshot) * prices[2 * t]) / supply;
        }
        return w.toUint128();
    }

    function _existing(uint256 proposalId) private view returns (Proposal storage) {
        if (proposalId >= _proposals.length) revert ProposalNotFound(proposalId);
        return _proposals[proposalId];
    }
}
