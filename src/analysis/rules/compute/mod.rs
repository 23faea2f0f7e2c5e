//! Rules about where code runs: node patching, container runtime, pod isolation and privileges, instance metadata,
//! Kubernetes RBAC, runtimes and images (docs/security-model.md#responsibility-table and #blast-radius). `versions` holds the version and deprecation
//! tables; `nodes`, `registry` and `images` what several rules share.

mod code_theft_exposure;
mod control_plane_audit_logging;
mod database_end_of_support;
mod deprecated_runtime;
mod host_network_pod;
mod images;
mod mixed_trust_node;
mod mutable_image_tag;
mod nodes;
mod open_node_security_group;
mod outdated_container_runtime;
mod outdated_kubernetes;
mod overprivileged_service_account;
mod pod_reaches_instance_metadata;
mod privileged_pod;
mod registry;
#[cfg(test)]
mod testing;
mod unencrypted_kubernetes_secrets;
mod unhardened_shared_node_pod;
mod unknown_node_patching;
mod unpatched_node;
mod unscanned_images;
mod unsigned_images;
pub(crate) mod versions;

use crate::analysis::rule::Rule;

/// The rules of this group, in catalog order.
pub(super) fn rules() -> Vec<&'static dyn Rule> {
    vec![
        &unpatched_node::UnpatchedNode,
        &unknown_node_patching::UnknownNodePatching,
        &outdated_container_runtime::OutdatedContainerRuntime,
        &outdated_kubernetes::OutdatedKubernetes,
        &deprecated_runtime::DeprecatedRuntime,
        &database_end_of_support::DatabaseEndOfSupport,
        &mixed_trust_node::MixedTrustNode,
        &privileged_pod::PrivilegedPod,
        &unhardened_shared_node_pod::UnhardenedSharedNodePod,
        &host_network_pod::HostNetworkPod,
        &pod_reaches_instance_metadata::PodReachesInstanceMetadata,
        &open_node_security_group::OpenNodeSecurityGroup,
        &overprivileged_service_account::OverprivilegedServiceAccount,
        &control_plane_audit_logging::ControlPlaneAuditLogging,
        &unencrypted_kubernetes_secrets::UnencryptedKubernetesSecrets,
        &unscanned_images::UnscannedImages,
        &unsigned_images::UnsignedImages,
        &mutable_image_tag::MutableImageTag,
        &code_theft_exposure::CodeTheftExposure,
    ]
}
