// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IServiceProviders} from "./IServiceProviders.sol";
import {IMemberRegistry} from "../identity/IMemberRegistry.sol";
import {MemberRoles} from "../libraries/MemberRoles.sol";

/// @title ServiceProviders
/// @notice See {IServiceProviders}.
contract ServiceProviders is IServiceProviders {
    uint8 internal constant ALL_KINDS = 31;

    IMemberRegistry public immutable members;

    mapping(address => Provider) private _providers;
    mapping(bytes32 serviceId => Service) private _services;

    constructor(IMemberRegistry memberRegistry) {
        members = memberRegistry;
    }

    modifier onlyOperator() {
        if (msg.sender != Ownable(address(members)).owner() && !members.hasRoles(msg.sender, MemberRoles.OPERATOR)) {
            revert NotProvidersOperator(msg.sender);
        }
        _;
    }

    /// @inheritdoc IServiceProviders
    function certify(address account, uint8 kinds) external onlyOperator {
        if (kinds == 0 || kinds & ~ALL_KINDS != 0) revert ProviderKindsInvalid(account, kinds);
        if (!members.hasRoles(account, MemberRoles.SERVICE_PROVIDER)) revert ProviderNotMember(account);
        Provider storage p = _providers[account];
        p.kinds = kinds;
        p.certifiedAt = uint40(block.timestamp);
        emit ProviderCertified(account, kinds, msg.sender);
    }

    /// @inheritdoc IServiceProviders
    function revoke(address account) external onlyOperator {
        if (_providers[account].kinds == 0) revert ProviderNotCertified(account, 0);
        _providers[account].kinds = 0;
        emit ProviderRevoked(account, msg.sender);
    }

    /// @inheritdoc IServiceProviders
    function recordService(bytes32 serviceId, address client, uint8 kind, bytes32 leaseId, bytes32 reportHash) external {
        if (!_certifiedFor(msg.sender, kind) || !members.isActive(msg.sender)) revert ProviderNotCertified(msg.sender, kind);
        if (_services[serviceId].provider != address(0)) revert ServiceExists(serviceId);
        if (client == msg.sender || !members.isActive(client)) revert ServiceClientInvalid(serviceId, client);
        _services[serviceId] = Service({
            provider: msg.sender,
            client: client,
            kind: kind,
            rating: 0,
            completedAt: uint40(block.timestamp),
            leaseId: leaseId
        });
        _providers[msg.sender].services += 1;
        emit ServiceCompleted(serviceId, msg.sender, client, kind, leaseId, reportHash);
    }

    /// @inheritdoc IServiceProviders
    function rate(bytes32 serviceId, uint8 score) external {
        Service storage s = _services[serviceId];
        if (s.provider == address(0)) revert ServiceUnknown(serviceId);
        if (msg.sender != s.client) revert NotServedParty(serviceId, msg.sender, s.client);
        if (s.rating != 0) revert ServiceAlreadyRated(serviceId, s.rating);
        if (score == 0 || score > 5) revert RatingInvalid(score);
        s.rating = score;
        Provider storage p = _providers[s.provider];
        p.ratings += 1;
        p.ratingSum += score;
        emit ServiceRated(serviceId, s.provider, msg.sender, score);
    }

    /// @inheritdoc IServiceProviders
    function provider(address account) external view returns (Provider memory) {
        return _providers[account];
    }

    /// @inheritdoc IServiceProviders
    function service(bytes32 serviceId) external view returns (Service memory) {
        return _services[serviceId];
    }

    /// @inheritdoc IServiceProviders
    function isCertified(address account, uint8 kind) external view returns (bool) {
        return _certifiedFor(account, kind);
    }

    function _certifiedFor(address account, uint8 kind) private view returns (bool) {
        return kind != 0 && kind & ~ALL_KINDS == 0 && _providers[account].kinds & kind == kind;
    }
}
