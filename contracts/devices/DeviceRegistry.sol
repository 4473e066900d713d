// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ERC721Paris as ERC721} from "../collateral/vendor/ERC721Paris.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IDeviceRegistry} from "./IDeviceRegistry.sol";
import {IMemberRegistry} from "../identity/IMemberRegistry.sol";
import {MemberRoles} from "../libraries/MemberRoles.sol";

/// @title DeviceRegistry
/// @notice See {IDeviceRegistry}. Every move of a device token passes through {_update}: a device sits only with an
/// active member or a custodian the operator allows.
/// @dev Uniqueness is kept by maps that are never cleared: a serial (keccak256 of it) under one manufacturer backs one
/// token ever (the id is derived from both), and a signing key is used by one device ever, so a reading signed by a
/// retired key can never be passed off as another device's.
contract DeviceRegistry is IDeviceRegistry, ERC721 {
    IMemberRegistry public immutable members;
    /// The settlement token (XT) deposits are posted in. This registry is a platform contract (it may hold XT).
    IERC20 public immutable xt;

    mapping(uint256 id => Device) private _devices;
    mapping(address deviceKey => uint256 id) private _byKey;
    mapping(address deviceKey => uint256 id) public keyUsedBy;
    mapping(address custodian => bool) private _custodians;
    mapping(address manufacturer => uint128) private _deposits;

    constructor(IMemberRegistry memberRegistry, IERC20 settlementToken) ERC721("Tierchain Device", "DEVICE") {
        members = memberRegistry;
        xt = settlementToken;
    }

    modifier onlyOperator() {
        if (msg.sender != Ownable(address(members)).owner()) revert NotRegistryOperator(msg.sender);
        _;
    }

    modifier onlyManufacturer() {
        if (!members.hasRoles(msg.sender, MemberRoles.MANUFACTURER)) revert NotManufacturer(msg.sender);
        _;
    }

    /// @inheritdoc IDeviceRegistry
    function register(
        string calldata equipmentType, string calldata model, string calldata serial, bytes32 specHash,
        address deviceKey, uint128 salvageValue
    ) external onlyManufacturer returns (uint256 id) {
        if (bytes(equipmentType).length == 0) revert DeviceTermsInvalid("equipmentType");
        if (bytes(model).length == 0) revert DeviceTermsInvalid("model");
        if (bytes(serial).length == 0) revert DeviceTermsInvalid("serial");
        if (deviceKey == address(0)) revert DeviceTermsInvalid("deviceKey");
        bytes32 serialKey = keccak256(bytes(serial));
        id = _idFor(msg.sender, serialKey);
        if (_devices[id].manufacturer != address(0)) revert DeviceSerialUsed(msg.sender, serialKey, id);
        if (keyUsedBy[deviceKey] != 0) revert DeviceKeyUsed(deviceKey, keyUsedBy[deviceKey]);

        _devices[id] = Device({
            manufacturer: msg.sender,
            deviceKey: deviceKey,
            specHash: specHash,
            salvageValue: salvageValue,
            registeredAt: uint40(block.timestamp),
            equipmentType: keccak256(bytes(equipmentType))
        });
        _byKey[deviceKey] = id;
        keyUsedBy[deviceKey] = id;
        emit DeviceRegistered(id, msg.sender, deviceKey, equipmentType, model, serial, serialKey, specHash, salvageValue);
        _mint(msg.sender, id);
    }

    /// @inheritdoc IDeviceRegistry
    function rotateKey(uint256 id, address deviceKey) external {
        Device storage d = _devices[id];
        if (d.manufacturer == address(0)) revert DeviceUnknown(id);
        if (msg.sender != d.manufacturer) revert NotManufacturer(msg.sender);
        if (deviceKey == address(0)) revert DeviceTermsInvalid("deviceKey");
        if (keyUsedBy[deviceKey] != 0) revert DeviceKeyUsed(deviceKey, keyUsedBy[deviceKey]);
        address previous = d.deviceKey;
        d.deviceKey = deviceKey;
        delete _byKey[previous];
        _byKey[deviceKey] = id;
        keyUsedBy[deviceKey] = id;
        emit DeviceKeyRotated(id, previous, deviceKey);
    }

    /// @inheritdoc IDeviceRegistry
    function deviceOf(uint256 id) external view returns (Device memory) {
        Device memory d = _devices[id];
        if (d.manufacturer == address(0)) revert DeviceUnknown(id);
        return d;
    }

    /// @inheritdoc IDeviceRegistry
    function deviceIdByKey(address deviceKey) external view returns (uint256) {
        return _byKey[deviceKey];
    }

    /// @inheritdoc IDeviceRegistry
    function deviceIdFor(address manufacturer, string calldata serial) external pure returns (uint256) {
        return _idFor(manufacturer, keccak256(bytes(serial)));
    }

    /// @inheritdoc IDeviceRegistry
    function setCustodian(address custodian, bool allowed) external onlyOperator {
        if (custodian == address(0)) revert DeviceTermsInvalid("custodian");
        _custodians[custodian] = allowed;
        emit CustodianSet(custodian, allowed);
    }

    /// @inheritdoc IDeviceRegistry
    function isCustodian(address custodian) external view returns (bool) {
        return _custodians[custodian];
    }

    /// @inheritdoc IDeviceRegistry
    function postDeposit(uint128 amount) external onlyManufacturer {
        if (amount == 0) revert DeviceTermsInvalid("amount");
        uint128 total = _deposits[msg.sender] + amount;
        _deposits[msg.sender] = total;
        emit DepositPosted(msg.sender, amount, total);
        if (!xt.transferFrom(msg.sender, address(this), amount)) revert DepositTransferFailed(msg.sender, address(this), amount);
    }

    /// @inheritdoc IDeviceRegistry
    function withdrawDeposit(uint128 amount) external {
        uint128 available = _deposits[msg.sender];
        if (amount == 0) revert DeviceTermsInvalid("amount");
        if (amount > available) revert DepositTooLow(msg.sender, amount, available);
        uint128 total = available - amount;
        _deposits[msg.sender] = total;
        emit DepositWithdrawn(msg.sender, amount, total);
        if (!xt.transfer(msg.sender, amount)) revert DepositTransferFailed(address(this), msg.sender, amount);
    }

    /// @inheritdoc IDeviceRegistry
    function slashDeposit(address manufacturer, uint128 amount, address to, bytes32 reason) external onlyOperator {
        uint128 available = _deposits[manufacturer];
        if (amount == 0) revert DeviceTermsInvalid("amount");
        if (to == address(0)) revert DeviceTermsInvalid("to");
        if (amount > available) revert DepositTooLow(manufacturer, amount, available);
        uint128 total = available - amount;
        _deposits[manufacturer] = total;
        emit DepositSlashed(manufacturer, amount, total, to, reason);
        if (!xt.transfer(to, amount)) revert DepositTransferFailed(address(this), to, amount);
    }

    /// @inheritdoc IDeviceRegistry
    function depositOf(address manufacturer) external view returns (uint128) {
        return _deposits[manufacturer];
    }

    /// @dev The one transition hook: a device leaves and reaches only active members or allowed custodians.
    function _update(address to, uint256 tokenId, address auth) internal override returns (address) {
        address from = _ownerOf(tokenId);
        if (to != address(0) && !_custodians[to] && !members.isActive(to)) revert DeviceRecipientNotAllowed(tokenId, to);
        if (from != address(0) && !_custodians[from] && !members.isActive(from)) revert DeviceRecipientNotAllowed(tokenId, from);
        return super._update(to, tokenId, auth);
    }

    function _idFor(address manufacturer, bytes32 serialKey) private pure returns (uint256) {
        return uint256(keccak256(abi.encode(manufacturer, serialKey)));
    }
}
