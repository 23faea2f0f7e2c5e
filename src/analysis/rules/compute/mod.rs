//! Rules about where code runs: node patching, container runtime, pod isolation and privileges, instance metadata,
//! Kubernetes RBAC, runtimes and images (DOMAIN.md sections 2 and 6).

use crate::analysis::rule::Rule;

/// The rules of this group, in catalog order.
pub(super) fn rules() -> Vec<&'static dyn Rule> {
    Vec::new()
}
