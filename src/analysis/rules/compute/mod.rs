//! Rules about where code runs: node patching, container runtime, pod isolation and privileges, instance metadata,
//! Kubernetes RBAC, runtimes and images (DOMAIN.md sections 2 and 6). `versions` holds the version and deprecation
//! tables; `nodes` and `registry` what several rules share.

mod host_network_pod;
mod mixed_trust_node;
mod nodes;
mod outdated_container_runtime;
mod outdated_kubernetes;
mod pod_reaches_instance_metadata;
mod privileged_pod;
mod registry;
#[cfg(test)]
mod testing;
mod unknown_node_patching;
mod unpatched_node;
mod versions;

use crate::analysis::rule::Rule;

/// The rules of this group, in catalog order.
pub(super) fn rules() -> Vec<&'static dyn Rule> {
    vec![
        &unpatched_node::UnpatchedNode,
        &unknown_node_patching::UnknownNodePatching,
        &outdated_container_runtime::OutdatedContainerRuntime,
        &outdated_kubernetes::OutdatedKubernetes,
        &mixed_trust_node::MixedTrustNode,
        &privileged_pod::PrivilegedPod,
        &host_network_pod::HostNetworkPod,
        &pod_reaches_instance_metadata::PodReachesInstanceMetadata,
    ]
}
