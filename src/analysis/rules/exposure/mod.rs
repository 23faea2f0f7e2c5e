//! Rules about exposure, identity and data: public stores and APIs, the EKS endpoint, IAM scope and sharing,
//! secrets, encryption at rest, shared databases, open caches, endpoint policies and viewer TLS. Shared helpers: `iam` (action vocabulary), `roles` (effective
//! role users, data reach) and `stores` (database predicates).

mod exposed_compute;
mod iam;
mod legacy_viewer_tls;
mod open_cache;
mod open_endpoint_policy;
mod open_secret_policy;
mod permissive_cors;
mod privilege_escalation_permission;
mod public_api_without_throttling;
mod public_api_without_waf;
mod public_cloudfront_origin;
mod public_datastore;
mod public_eks_endpoint;
mod roles;
mod scope;
mod secrets_outside_store;
mod shared_database;
mod shared_iam_role;
mod unencrypted_at_rest;
mod wildcard_iam_permission;

use crate::analysis::rule::Rule;

/// The rules of this group, in catalog order.
pub(super) fn rules() -> Vec<&'static dyn Rule> {
    vec![
        &public_datastore::PublicDatastore,
        &public_api_without_waf::PublicApiWithoutWaf,
        &public_api_without_throttling::PublicApiWithoutThrottling,
        &permissive_cors::PermissiveCors,
        &public_eks_endpoint::PublicEksEndpoint,
        &exposed_compute::ExposedCompute,
        &wildcard_iam_permission::WildcardIamPermission,
        &shared_iam_role::SharedIamRole,
        &privilege_escalation_permission::PrivilegeEscalationPermission,
        &secrets_outside_store::SecretsOutsideStore,
        &unencrypted_at_rest::UnencryptedAtRest,
        &shared_database::SharedDatabase,
        &open_secret_policy::OpenSecretPolicy,
        &open_cache::OpenCache,
        &open_endpoint_policy::OpenEndpointPolicy,
        &legacy_viewer_tls::LegacyViewerTls,
        &public_cloudfront_origin::PublicCloudfrontOrigin,
    ]
}
