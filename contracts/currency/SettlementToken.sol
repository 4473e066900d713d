// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Pausable} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Pausable.sol";
import {ISettlementToken} from "./ISettlementToken.sol";
import {IMemberRegistry} from "../identity/IMemberRegistry.sol";
import {MemberRoles} from "../libraries/MemberRoles.sol";

/// @title SettlementToken (XT)
/// @notice See {ISettlementToken}. Two decimals: amounts are fiat minor units (fen, cents).
contract SettlementToken is ISettlementToken, ERC20Pausable {
    IMemberRegistry public immutable members;

    mapping(bytes32 => bool) public depositReferenceUsed;
    mapping(bytes32 => bool) public withdrawalReferenceUsed;

    constructor(IMemberRegistry memberRegistry) ERC20("Tierchain Settlement Token", "XT") {
        members = memberRegistry;
    }

    function decimals() public pure override returns (uint8) {
        return 2;
    }

    /// @inheritdoc ISettlementToken
    function deposit(address to, uint256 amount, bytes32 depositRef) external {
        members.requireRoles(msg.sender, MemberRoles.BANK_GATEWAY);
        if (amount == 0) revert XtAmountZero();
        if (depositRef == bytes32(0)) revert XtReferenceInvalid();
        if (depositReferenceUsed[depositRef]) revert XtDepositReferenceUsed(depositRef);

        depositReferenceUsed[depositRef] = true;
        emit Deposited(to, amount, depositRef, msg.sender);
        _mint(to, amount);
    }

    /// @inheritdoc ISettlementToken
    function withdraw(uint256 amount, bytes32 withdrawalRef) external {
        if (amount == 0) revert XtAmountZero();
        if (withdrawalRef == bytes32(0)) revert XtReferenceInvalid();
        if (withdrawalReferenceUsed[withdrawalRef]) revert XtWithdrawalReferenceUsed(withdrawalRef);

        withdrawalReferenceUsed[withdrawalRef] = true;
        emit Withdrawn(msg.sender, amount, withdrawalRef);
        _burn(msg.sender, amount);
    }

    /// @inheritdoc ISettlementToken
    function pause() external {
        members.requireRoles(msg.sender, MemberRoles.OPERATOR);
        _pause();
    }

    /// @inheritdoc ISettlementToken
    function unpause() external {
        members.requireRoles(msg.sender, MemberRoles.OPERATOR);
        _unpause();
    }

    /// @dev Platform contracts (settlement, market) may spend any member's XT without an approval step: the
    /// members' keys are already in the platform's custody, so this adds no power.
    function allowance(address owner, address spender) public view override returns (uint256) {
        if (members.isSystemAccount(spender)) return type(uint256).max;
        return super.allowance(owner, spender);
    }

    /// @dev The one transition hook: every mint, burn and transfer passes here, so the membership rule
    /// holds for all of them. A suspended member is frozen: it can neither send, receive nor withdraw.
    function _update(address from, address to, uint256 value) internal override {
        if (from != address(0) && !members.canHold(from)) revert XtAccountCannotHold(from);
        if (to != address(0) && !members.canHold(to)) revert XtAccountCannotHold(to);
        super._update(from, to, value);
    }
}
