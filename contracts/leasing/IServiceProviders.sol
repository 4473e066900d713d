// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title IServiceProviders
/// @notice Third-party service providers of the Lease Chain (seed 004): the operator certifies a member for one or
/// more kinds of service; a certified provider records each service it completed for a member; the member served
/// rates that service once (1 to 5). Providers, services and ratings are public: the events carry them all.
interface IServiceProviders {
    /// @notice Kinds of service, bit flags (a provider may be certified for several).
    /// 1 certification, 2 quality inspection, 4 insurance, 8 maintenance, 16 financial design.
    struct Provider {
        uint8 kinds;
        uint32 services;
        uint32 ratings;
        uint32 ratingSum;
        uint40 certifiedAt;
    }

    struct Service {
        address provider;
        address client;
        uint8 kind;
        /// 0 until rated, then 1..5.
        uint8 rating;
        uint40 completedAt;
        /// The lease the service was for (0 when none).
        bytes32 leaseId;
    }

    event ProviderCertified(address indexed provider, uint8 kinds, address indexed by);
    event ProviderRevoked(address indexed provider, address indexed by);
    event ServiceCompleted(
        bytes32 indexed serviceId, address indexed provider, address indexed client, uint8 kind, bytes32 leaseId, bytes32 reportHash
    );
    event ServiceRated(bytes32 indexed serviceId, address indexed provider, address indexed client, uint8 score);

    error NotProvidersOperator(address caller);
    error ProviderKindsInvalid(address provider, uint8 kinds);
    error ProviderNotMember(address provider);
    error ProviderNotCertified(address provider, uint8 kind);
    error ServiceExists(bytes32 serviceId);
    error ServiceUnknown(bytes32 serviceId);
    error ServiceClientInvalid(bytes32 serviceId, address client);
    /// @notice Only the party served rates a service.
    error NotServedParty(bytes32 serviceId, address caller, address client);
    error ServiceAlreadyRated(bytes32 serviceId, uint8 rating);
    error RatingInvalid(uint8 score);

    /// @notice Certifies `provider` (a certified member holding the SERVICE_PROVIDER role) for `kinds` (replaces earlier
    /// kinds). Caller: the operator.
    function certify(address provider, uint8 kinds) external;

    /// @notice Withdraws a provider's certification. Caller: the operator.
    function revoke(address provider) external;

    /// @notice Records a service of one `kind` the caller (certified for it) completed for `client`.
    function recordService(bytes32 serviceId, address client, uint8 kind, bytes32 leaseId, bytes32 reportHash) external;

    /// @notice Rates a completed service, once, 1 (poor) to 5 (excellent). Caller: the party served.
    function rate(bytes32 serviceId, uint8 score) external;

    function provider(address account) external view returns (Provider memory);

    function service(bytes32 serviceId) external view returns (Service memory);

    /// @notice True when `account` is certified for every kind in `kind`.
    function isCertified(address account, uint8 kind) external view returns (bool);
}
