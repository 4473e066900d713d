// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ITranchedPools} from "./ITranchedPools.sol";

/// @title IPoolGovernance
/// @notice The holders of a pool's investment claims vote on what the seeds name: a claim's valuation, a write-off,
/// a policy change (and an obligor's eligibility). A vote weighs the voter's shares of the three tranches at the
/// proposal's snapshot (the block before it, from the ledger's checkpoints), each share at its tranche's price at
/// the last epoch close, in XT minor units, rounded down. Shares moved after the snapshot change nothing: whoever
/// held them then votes with them, once. A proposal passes when the votes cast reach the pool's quorum (share of
/// the weight at the snapshot) and the votes for reach its threshold (share of the votes cast); then anyone
/// executes it, on-chain, once.
interface IPoolGovernance {
    enum Action {
        Valuation,
        WriteOff,
        Policy,
        Eligibility
    }

    struct Proposal {
        bytes32 poolId;
        address proposer;
        Action action;
        uint48 snapshot;
        uint40 deadline;
        bool executed;
        uint32 assetIndex;
        /// Valuation: the new value; Eligibility: 1 to admit the obligor, 0 to exclude it.
        uint128 value;
        address obligor;
        uint128 forVotes;
        uint128 againstVotes;
        /// The voting weight of all shares at the snapshot.
        uint128 totalWeight;
    }

    event Proposed(
        uint256 indexed proposalId, bytes32 indexed poolId, address indexed proposer, Action action, uint32 assetIndex, uint128 value,
        address obligor, uint48 snapshot, uint40 deadline, uint128 totalWeight
    );
    event ProposedPolicy(uint256 indexed proposalId, uint16 discountRateBps, uint16 minDiscountBps, uint32 maxTenorDays, uint128 limitPerObligor);
    event VoteCast(uint256 indexed proposalId, address indexed voter, bool support, uint128 weight);
    event ProposalExecuted(uint256 indexed proposalId, bytes32 indexed poolId, Action action);

    error ProposalNotFound(uint256 proposalId);
    error NoVotingWeight(uint256 proposalId, address voter, uint48 snapshot);
    error VotingClosed(uint256 proposalId, uint40 deadline);
    error VotingOpen(uint256 proposalId, uint40 deadline);
    error AlreadyVoted(uint256 proposalId, address voter);
    error QuorumNotReached(uint256 proposalId, uint128 votes, uint256 needed);
    error ThresholdNotReached(uint256 proposalId, uint128 forVotes, uint256 needed);
    error ProposalAlreadyExecuted(uint256 proposalId);
    error NotPoolHolder(bytes32 poolId, address account);

    function propose(bytes32 poolId, Action action, uint32 assetIndex, uint128 value, address obligor, ITranchedPools.Policy calldata policy)
        external
        returns (uint256 proposalId);

    function vote(uint256 proposalId, bool support) external;

    function execute(uint256 proposalId) external;

    function proposal(uint256 proposalId) external view returns (Proposal memory);

    function proposalPolicy(uint256 proposalId) external view returns (ITranchedPools.Policy memory);

    /// @notice `voter`'s weight on `proposalId`.
    function weightOf(uint256 proposalId, address voter) external view returns (uint128);

    function hasVoted(uint256 proposalId, address voter) external view returns (bool);

    function proposalCount() external view returns (uint256);
}
