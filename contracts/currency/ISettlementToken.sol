// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title ISettlementToken
/// @notice XT, the settlement currency: one unit is one minor unit of the fiat the bank gateway holds.
/// Minted only by a bank gateway against a fiat deposit reference (never twice for one reference) and
/// burned when a member withdraws to fiat. Only accounts that may hold value (certified members and
/// platform contracts) can send or receive it.
interface ISettlementToken {
    /// @notice `gateway` credited `amount` to `to` for the fiat deposit identified by `depositRef`.
    event Deposited(address indexed to, uint256 amount, bytes32 indexed depositRef, address indexed gateway);
    /// @notice `account` burned `amount` to be paid out in fiat under `withdrawalRef`.
    event Withdrawn(address indexed account, uint256 amount, bytes32 indexed withdrawalRef);

    error XtAmountZero();
    error XtReferenceInvalid();
    error XtDepositReferenceUsed(bytes32 depositRef);
    error XtWithdrawalReferenceUsed(bytes32 withdrawalRef);
    error XtAccountCannotHold(address account);

    /// @notice Mints `amount` to `to` against fiat deposit `depositRef`.
    /// @dev Requirements: caller is an active member with the BANK_GATEWAY role; `to` may hold value;
    /// `depositRef` non-zero and never used before; not paused. Emits {Deposited} and {Transfer}.
    function deposit(address to, uint256 amount, bytes32 depositRef) external;

    /// @notice Burns `amount` of the caller's XT for a fiat payout under `withdrawalRef`.
    /// @dev Requirements: caller active; `withdrawalRef` non-zero and unused; not paused.
    /// Emits {Withdrawn} and {Transfer}.
    function withdraw(uint256 amount, bytes32 withdrawalRef) external;

    /// @notice Stops every mint, burn and transfer. Caller: an active member with the OPERATOR role.
    function pause() external;

    function unpause() external;

    function depositReferenceUsed(bytes32 depositRef) external view returns (bool);

    function withdrawalReferenceUsed(bytes32 withdrawalRef) external view returns (bool);
}
