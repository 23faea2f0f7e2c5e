//! Rules about exposure, identity and data: public stores and APIs, the EKS endpoint, IAM scope and sharing,
//! secrets, encryption at rest, shared databases.

use crate::analysis::rule::Rule;

/// The rules of this group, in catalog order.
pub(super) fn rules() -> Vec<&'static dyn Rule> {
    Vec::new()
}
