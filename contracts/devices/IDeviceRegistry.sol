// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title IDeviceRegistry
/// @notice IoT equipment as ERC-721 tokens (seed 004, Lease Chain). A certified manufacturer registers each device
/// once (one serial per manufacturer, one token, ever) with the device's own public key (its address), with which
/// the device signs its telemetry. A device token moves only between certified members, or into and out of a
/// custodian contract the operator names (a lease holds the device it is tied to while the lease runs).
/// A manufacturer may post a security deposit in XT, which raises its credit and is slashed only by the operator
/// on a finding against it.
interface IDeviceRegistry {
    /// @notice What is stored per device (the strings live in {DeviceRegistered} only).
    struct Device {
        address manufacturer;
        /// The address of the device's own signing key.
        address deviceKey;
        bytes32 specHash;
        /// XT minor units: what the lessee pays to buy the device at the end of a lease.
        uint128 salvageValue;
        uint40 registeredAt;
        /// keccak256 of the equipment type (e.g. "cnc-mill"), what lease requests match on.
        bytes32 equipmentType;
    }

    event DeviceRegistered(
        uint256 indexed id, address indexed manufacturer, address indexed deviceKey, string equipmentType,
        string model, string serial, bytes32 serialKey, bytes32 specHash, uint128 salvageValue
    );
    event DeviceKeyRotated(uint256 indexed id, address indexed previousKey, address indexed deviceKey);
    event CustodianSet(address indexed custodian, bool allowed);
    event DepositPosted(address indexed manufacturer, uint128 amount, uint128 total);
    event DepositWithdrawn(address indexed manufacturer, uint128 amount, uint128 total);
    event DepositSlashed(address indexed manufacturer, uint128 amount, uint128 total, address indexed to, bytes32 reason);

    error DeviceSerialUsed(address manufacturer, bytes32 serialKey, uint256 id);
    error DeviceKeyUsed(address deviceKey, uint256 id);
    error DeviceUnknown(uint256 id);
    error DeviceTermsInvalid(string field);
    error DeviceRecipientNotAllowed(uint256 id, address recipient);
    error NotManufacturer(address caller);
    error NotRegistryOperator(address caller);
    error DepositTooLow(address manufacturer, uint128 requested, uint128 available);

    /// @notice Registers a device owned by its manufacturer (the caller: an active member with the manufacturer
    /// role). Emits {DeviceRegistered}.
    function register(
        string calldata equipmentType, string calldata model, string calldata serial, bytes32 specHash,
        address deviceKey, uint128 salvageValue
    ) external returns (uint256 id);

    /// @notice Replaces a device's signing key (a replaced sensor board). Caller: the device's manufacturer.
    function rotateKey(uint256 id, address deviceKey) external;

    function deviceOf(uint256 id) external view returns (Device memory);

    /// @notice The device whose signing key is `deviceKey` (0 when none).
    function deviceIdByKey(address deviceKey) external view returns (uint256);

    /// @notice Allows (or stops allowing) a contract to hold device tokens. Caller: the operator.
    function setCustodian(address custodian, bool allowed) external;

    function postDeposit(uint128 amount) external;
    function withdrawDeposit(uint128 amount) external;
    function depositOf(address manufacturer) external view returns (uint128);

    // Added with the implementation (issue 13, devices half): what the platform and the leasing module also need.

    error DepositTransferFailed(address from, address to, uint128 amount);

    /// @notice The id `manufacturer` gets for `serial`: uint256(keccak256(abi.encode(manufacturer, keccak256(serial)))),
    /// known before the registration is mined (the API answers it at once; a device signs readings with it).
    function deviceIdFor(address manufacturer, string calldata serial) external pure returns (uint256);

    /// @notice Whether `custodian` may hold device tokens.
    function isCustodian(address custodian) external view returns (bool);

    /// @notice Takes `amount` of `manufacturer`'s deposit to `to` (a lessee or investor harmed) on a finding
    /// identified by `reason`. Caller: the operator. Emits {DepositSlashed}.
    function slashDeposit(address manufacturer, uint128 amount, address to, bytes32 reason) external;
}
